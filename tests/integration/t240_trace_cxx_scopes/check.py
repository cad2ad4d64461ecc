"""The trace's frames out to main: with -g the inlined function, the
lambda it was inlined into (a function described inside the one defining
it), the template and the member function, each with the line executing in
it; without DWARF at least their order.  The inlined function's name comes
from DWARF mangled (no libstdc++ loaded to demangle it) and must still be
recognised as the caller, not listed twice."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

rundir = sys.argv[1]


def line_of(text):
    return traces.source_line(__file__, "prog.cc", text)


recs = [json.loads(l) for l in open(rundir + "/out.jsonl")]
(blk,) = [r for r in recs if r["type"] == "blocking"]
frames = traces.program_frames(blk["trace"])
traces.assert_well_formed(frames)
# C++ names are demangled only when libstdc++ is loaded (it is not here):
# match the parts every spelling has.
parts = ["pause_briefly", "wait", "with_retry", "wait", "main"]
assert len(frames) == 5 and all(p in (f["function"] or "") for p, f in zip(parts, frames)), frames
assert frames[0]["function"] == "net::io::pause_briefly", frames[0]
assert "UliE_" in frames[1]["function"] or "lambda" in frames[1]["function"], frames[1]
if traces.has_dwarf(rundir):
    assert [f["line"] for f in frames] == [
        line_of("return usleep(us)"), line_of("int got = pause_briefly(k)"),
        line_of("int r = f(1)"), line_of("int r = with_retry("), line_of("c.wait(2)")], frames
    assert all(f["file"].endswith("prog.cc") for f in frames), frames
