"""The cut line stays as it was, alone on its line; every record after it
is whole JSON; the runtime says nothing."""
import json
import sys

rundir = sys.argv[1]
lines = open(rundir + "/calls.jsonl").read().split("\n")
assert lines[0] == '{"type": "call", "call": {"name": "killed", "durat', lines[0][:80]
assert lines[-1] == "", "no newline at the end"
records = [json.loads(line) for line in lines[1:-1]]
assert [r["call"]["name"] for r in records] == ["answer", "answer"], records
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
