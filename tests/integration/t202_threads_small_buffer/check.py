"""Exactly 16 x 1,000 outer and inner records, all valid, each thread whole."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
per_thread = {}
for r in recs:
    c = r["call"]
    key = (c["thread"], c["name"])
    per_thread[key] = per_thread.get(key, 0) + 1
    if c["name"] == "outer":
        assert [t["name"] for t in c["timings"]] == ["mix"], c["timings"]
threads = {t for t, _ in per_thread}
assert len(threads) == 16, "records from %d threads, not 16" % len(threads)
for key, n in sorted(per_thread.items()):
    assert n == 1000, "%r: %d records, not 1000" % (key, n)
assert len(recs) == 16 * 2 * 1000, len(recs)
with open(rundir + "/stderr") as f:
    err = f.read()
assert "drop" not in err.lower() and "lost" not in err.lower(), err
