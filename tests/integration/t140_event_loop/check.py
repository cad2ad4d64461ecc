"""Exactly one violation, at loop.c's usleep in flush_archive, whose trace
ends with the on_message handler; the warning names the same call site."""
import json
import re
import sys

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
assert v["trace"][0]["function"] == "flush_archive" and v["trace"][-1]["function"] == "on_message"
assert v["blocking"]["duration"] >= 0.002
err = open(rundir + "/stderr").read()
assert re.search(r"loop\.c:%d: blocking call to usleep \(\d+ us\) in nonblocking function on_message" % line, err), err
assert len([l for l in err.splitlines() if l.startswith("bench: ")]) == 1, err
