"""All 4 x 10,000 outer and inner records through the spool: once each,
valid, each thread's in order; the spool was used; nothing dropped."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
seen = spool_check.check_calls(recs)
per_thread = {}
for r in recs:
    c = r["call"]
    key = (c["thread"], c["name"])
    per_thread[key] = per_thread.get(key, 0) + 1
    if c["name"] == "outer":
        assert [t["name"] for t in c["timings"]] == ["mix"], c["timings"]
threads = {t for t, _ in per_thread}
assert len(threads) == 4, "records from %d threads, not 4" % len(threads)
for key, n in sorted(per_thread.items()):
    assert n == 10000, "%r: %d records, not 10000" % (key, n)
assert len(seen) == 4 * 2 * 10000, len(seen)
assert spool_check.spool_was_open(rundir), "no spool file was open"
err = spool_check.stderr_of(rundir)
assert "drop" not in err.lower() and "lost" not in err.lower() and "spool" not in err, err
