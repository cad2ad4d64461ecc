"""Every call of the parent, once; none of the children's (their records
are not written, and the parent's they inherited are not written twice);
the runtime says nothing."""
import json
import sys

rundir = sys.argv[1]
lines = open(rundir + "/calls.jsonl").read().split("\n")
assert lines[-1] == "", "no newline at the end"
records = [json.loads(line) for line in lines[:-1]]
pids = {r["process"]["pid"] for r in records}
assert len(pids) == 1, pids
ids = [r["call"]["id"] for r in records]
assert len(ids) == len(set(ids)), "a record written twice"
assert [r["call"]["name"] for r in records] == ["work"] * 80000, len(records)
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
