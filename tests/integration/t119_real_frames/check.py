"""Every frame from the call's site out to main, in order: the two
uninstrumented functions inside the handler (sleeper, relay), the handler,
and dispatch outside it.  Unwound frames carry their code address; with -g
each also has its file and the line of the call executing in it."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

rundir = sys.argv[1]


def line_of(text):
    return traces.source_line(__file__, "prog.c", text)


recs = [json.loads(l) for l in open(rundir + "/out.jsonl")]
(blk,) = [r for r in recs if r["type"] == "blocking"]
assert blk["violation"] is True and blk["context"]["function"] == "on_event", blk
frames = traces.program_frames(blk["trace"])
traces.assert_well_formed(frames)
assert traces.names(frames) == ["sleeper", "relay", "on_event", "dispatch", "main"], blk["trace"]
assert all(f["address"] is not None for f in frames), frames
assert frames[0]["line"] == line_of("usleep(1)") and frames[0]["file"].endswith("prog.c"), frames[0]
assert len(blk["trace"]) <= 8
if traces.has_dwarf(rundir):
    lines = {f["function"]: f["line"] for f in frames}
    assert lines == {"sleeper": line_of("usleep(1)"), "relay": line_of("= sleeper()"),
                     "on_event": line_of("relay(n)"), "dispatch": line_of("= on_event(n)"),
                     "main": line_of("dispatch(3)")}, frames
    assert all(f["file"].endswith("prog.c") for f in frames), frames
else:
    # relay and dispatch: no DWARF, no descriptor: address only; on_event:
    # its descriptor's file and line
    assert frames[1]["file"] is None and frames[1]["line"] == 0, frames
    assert (frames[2]["file"], frames[2]["line"]) == ("prog.c", line_of("int on_event(")), frames
