"""No record lost or made up around the jumps: every parent id is a
record's, mid has a record per call (one more at most per jump, when the
jump came between its enter hook and its count), and only calls the jump
really left are closed by longjmp, give or take the same window."""
import collections
import json
import re
import sys

rundir = sys.argv[1]
with open(rundir + "/stderr") as f:
    err = f.read()
m = re.search(r"mid_calls (\d+) mid_returns (\d+) jumps (\d+)", err)
calls, returns, jumps = (int(x) for x in m.groups())
ids, parents, mid = set(), collections.Counter(), collections.Counter()
for line in open(rundir + "/calls.jsonl"):
    c = json.loads(line)["call"]
    ids.add(c["id"])
    parents[c["parent"]] += 1
    if c["name"] == "mid":
        mid[c["closed_by"]] += 1
missing = {p: n for p, n in parents.items() if p is not None and p not in ids}
assert not missing, "records whose parent was never written: %d" % sum(missing.values())
total = sum(mid.values())
assert calls <= total <= calls + jumps, (calls, dict(mid))
left = calls - returns  # calls a jump left, as the program counted them
assert mid["longjmp"] <= left + max(5, jumps // 10), (left, dict(mid))
for line in err.splitlines():
    if line.startswith("bench:"):
        assert "signal re-entry" in line, line  # the handler's calls while busy
