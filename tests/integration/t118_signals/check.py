"""Valid records; every handler call recorded or counted as dropped."""
import json
import os
import re
import subprocess
import sys

rundir = sys.argv[1]
path = rundir + "/signals.jsonl"
here = os.path.dirname(os.path.abspath(__file__))
subprocess.run([sys.executable, os.path.join(here, "../../records.py"), path],
               check=True, stdout=subprocess.DEVNULL)
recs = [json.loads(l) for l in open(path)]
handler = sum(1 for r in recs if r["type"] == "blocking" and r["blocking"]["caller"] == "on_alarm")
looped = sum(1 for r in recs if r["type"] == "blocking" and r["blocking"]["caller"] == "loop")
err = open(rundir + "/stderr").read()
m = re.search(r"bench: (\d+) records dropped \(signal re-entry\)", err)
dropped = int(m.group(1)) if m else 0
assert looped > 0, looped
# The loop stops once 50 handler runs are seen; one more may land after.
assert 50 <= handler + dropped <= 51, (handler, dropped, err)
