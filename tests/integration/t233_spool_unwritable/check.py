"""One line on stderr about the spool, and all 2 x 5,000 calls, in order."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
seen = spool_check.check_calls(recs)
assert len(seen) == 2 * 2 * 5000, len(seen)
err = spool_check.stderr_of(rundir)
lines = [l for l in err.splitlines() if "spool" in l]
assert len(lines) == 1 and "cannot create a spool file in /nonexistent/bench-spool-dir" in lines[0], err
assert "drop" not in err.lower() and "lost" not in err.lower(), err
