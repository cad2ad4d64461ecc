"""The 2048 outermost levels are recorded, one child of the other, the
952 deeper ones are counted and reported once, and nothing else is said."""
import json
import re
import sys

rundir = sys.argv[1]
calls = [json.loads(line)["call"] for line in open(rundir + "/calls.jsonl")]
assert len(calls) == 2048, len(calls)
by_id = {c["id"]: c for c in calls}
depths = sorted(c["depth"] for c in calls)
assert depths == list(range(2048)), depths[:3] + depths[-3:]
for c in calls:
    if c["depth"] == 0:
        assert c["parent"] is None, c
    else:
        assert by_id[c["parent"]]["depth"] == c["depth"] - 1, c
with open(rundir + "/stderr") as f:
    err = f.read()
lines = [l for l in err.splitlines() if l.startswith("bench:")]
assert len(lines) == 1, err
assert re.fullmatch(r"bench: 952 records dropped \(call stack deeper than BENCH_MAX_DEPTH\)",
                    lines[0]), lines[0]
