"""The stalled writer's line is whole and first; the child's two records
follow it, each a line of its own; no empty line; the runtime says
nothing."""
import json
import sys

rundir = sys.argv[1]
lines = open(rundir + "/calls.jsonl").read().split("\n")
assert lines[-1] == "", "no newline at the end"
assert lines[0] == '{"type": "stalled", "first": 1}', lines[:3]
records = [json.loads(line) for line in lines[1:-1]]
assert [r["call"]["name"] for r in records] == ["answer", "answer"], lines
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
