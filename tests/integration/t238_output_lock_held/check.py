"""The child's two records were written in spite of the lock, and it said
once why it waited."""
import json
import sys

rundir = sys.argv[1]
lines = open(rundir + "/calls.jsonl").read().split("\n")
assert lines[-1] == "", "no newline at the end"
records = [json.loads(line) for line in lines[:-1]]
assert [r["call"]["name"] for r in records] == ["answer", "answer"], lines
with open(rundir + "/stderr") as f:
    err = f.read()
said = [l for l in err.splitlines() if l.startswith("bench:")]
assert len(said) == 1 and "stayed locked by another process for 2 s" in said[0], err
