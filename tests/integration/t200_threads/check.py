"""Each of the 16 threads has its own thread id and exactly its own tree."""
import json
import sys

rundir = sys.argv[1]
calls = [json.loads(l)["call"] for l in open(rundir + "/out.jsonl")]
by_thread = {}
for c in calls:
    by_thread.setdefault(c["thread"], []).append(c["name"])
assert len(by_thread) == 16, "expected 16 threads, got %d" % len(by_thread)
for tid, names in by_thread.items():
    assert sorted(names) == ["branch", "leaf", "leaf", "leaf", "worker"], (tid, names)
ids = [c["id"] for c in calls]
assert len(ids) == len(set(ids)), "call ids repeat across threads"
