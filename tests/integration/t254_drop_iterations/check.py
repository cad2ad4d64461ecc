"""Every written it3 call has its 3 durations; written + dropped (from the
loss report) = the 800000 calls made (200000 it3, 600000 leaf)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

recs = records.load(sys.argv[1] + "/calls.jsonl")
calls = [r["call"] for r in recs if r["type"] == "call"]
short = [c for c in calls if len(c["durations"]) != c["iterations"]]
assert not short, short[:3]
err = spool_check.stderr_of(sys.argv[1])
m = re.search(r"bench: (\d+) records? dropped \(buffer full", err)
dropped = int(m.group(1)) if m else 0
assert len(calls) + dropped == 800000, (len(calls), dropped, err)
