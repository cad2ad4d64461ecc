"""With no BENCH_SPOOL in the environment: all 3 x 40 x 500 outer and
inner calls, once each, each thread's in order, through a spool that was
used (it is on by default)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
seen = spool_check.check_calls(recs)
assert len(seen) == 3 * 40 * 500 * 2, len(seen)
assert spool_check.spool_was_open(rundir), "no spool file was open"
err = spool_check.stderr_of(rundir)
assert "drop" not in err.lower() and "lost" not in err.lower() and "spool" not in err, err
