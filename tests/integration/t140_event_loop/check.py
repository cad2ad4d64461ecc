"""Exactly one violation, at loop.c's usleep in flush_archive, whose trace
ends with the on_message handler; the warning names the same call site."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

rundir = sys.argv[1]
recs = [json.loads(l) for l in open(rundir + "/out.jsonl")]
violations = [r for r in recs if r["type"] == "blocking" and r["violation"]]
assert len(violations) == 1, violations
v = violations[0]
src = open("../../../examples/event-loop/loop.c").read().splitlines()
line = next(i for i, l in enumerate(src, 1) if "usleep(" in l)
assert (v["blocking"]["function"], v["blocking"]["caller"], v["blocking"]["line"]) == \
    ("usleep", "flush_archive", line), v["blocking"]
assert v["blocking"]["file"].endswith("examples/event-loop/loop.c"), v["blocking"]["file"]
assert v["context"] == {"function": "on_message", "nonblocking": True}, v["context"]
frames = traces.program_frames(v["trace"])
traces.assert_well_formed(frames)
# The helpers between the handler and the call are real frames at -O0 and
# with -g (inlined ones then come from DWARF); inlined without -g, only the
# handler (instrumented) and the call's own site are left to name.
if traces.variant(rundir) in ("O0", "g"):
    assert traces.names(frames) == ["flush_archive", "archive_message", "handle_message",
                                    "on_message", "main"], v["trace"]
else:
    traces.assert_in_order(frames, ["flush_archive", "on_message", "main"])
    assert traces.names(frames)[0] == "flush_archive" and traces.names(frames)[-1] == "main"
assert v["blocking"]["duration"] >= 0.002
err = open(rundir + "/stderr").read()
assert re.search(r"loop\.c:%d: blocking call to usleep \(\d+ us\) in nonblocking function on_message" % line, err), err
assert len([l for l in err.splitlines() if l.startswith("bench: ")]) == 1, err
