"""C++ frames the unwinder finds are demangled and spelt as the plugin
spells names: the lambda between the handler and db::query is named
Server::on_request(int)::<lambda(int)>::operator(), not with the
demangler's {lambda(int)#1}, and no frame has a parameter list.  Where
nothing is inlined (O0) or DWARF names inlined code (g), every frame is
there; elsewhere the lambda may be inlined away."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

rundir = sys.argv[1]
recs = [json.loads(l) for l in open(rundir + "/out.jsonl")]
sleeps = [r for r in recs if r["type"] == "blocking" and r["blocking"]["function"] == "usleep"]
assert len(sleeps) == 2, sleeps
lam = "Server::on_request(int)::<lambda(int)>::operator()"
for r in sleeps:
    frames = traces.program_frames(r["trace"])
    traces.assert_well_formed(frames)
    if traces.variant(rundir) in ("O0", "g"):
        assert traces.names(frames) == ["db::query", lam, "Server::on_request", "main"], frames
    else:
        traces.assert_in_order(frames, ["db::query", "Server::on_request", "main"])
    for f in frames:
        assert "{lambda" not in f["function"] and not f["function"].endswith(")") or \
            f["function"] == lam, f
