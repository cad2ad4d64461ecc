"""The records file holds only valid records, and every call but those
spooled when the program closed the spool's descriptor (counted)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/records.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
err = open(rundir + "/stderr").read()
lost = sum(int(n) for n in re.findall(r"bench: (\d+) records? dropped \(spool file could not be read back\)", err))
calls = len(recs)
total = 20000 * 11  # bursts: 1 + 5 per round
assert calls + lost == total, (calls, lost, err)
# Only what round 1's last four bursts left in the spool can be lost (at
# round 2's closing of every number); round 1's closing loses nothing.
assert lost <= 20000 * 4, (calls, lost)
