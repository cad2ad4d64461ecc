"""In each process, a thread's blocking records and call records name the
same thread id; each child's records its own (the child's pid)."""
import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
threads = collections.defaultdict(lambda: collections.defaultdict(set))
for r in recs:
    body = r[r["type"]]
    threads[r["process"]["pid"]][r["type"]].add(body["thread"])
assert len(threads) == 3, dict(threads)
children = 0
for pid, kinds in threads.items():
    assert kinds["call"] and kinds["blocking"], (pid, dict(kinds))
    assert kinds["blocking"] <= kinds["call"], (pid, dict(kinds))
    if kinds["call"] == {pid}:
        children += 1
        assert kinds["blocking"] == {pid}, (pid, dict(kinds))
assert children == 2, dict(threads)
