"""Per worker thread: worker, then release_value twice under the two
destructors (key_dtor's, and again_dtor's in a later round)."""
import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

recs = records.load(sys.argv[1] + "/calls.jsonl")
by_thread = collections.defaultdict(collections.Counter)
main_thread = None
for r in recs:
    c = r["call"]
    by_thread[c["thread"]][c["name"]] += 1
    if c["name"] == "main":
        main_thread = c["thread"]
workers = [t for t in by_thread if t != main_thread]
assert len(workers) >= 1 and sum(by_thread[t]["worker"] for t in workers) == 3, by_thread
total = collections.Counter()
for t in workers:
    total.update(by_thread[t])
assert total == {"worker": 3, "release_value": 6, "key_dtor": 3, "again_dtor": 6}, total
err = spool_check.stderr_of(sys.argv[1])
assert "dropped" not in err, err
