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
handled = int(re.search(r"^handled (\d+)$", err, re.M).group(1))
assert handled >= 50 and handler + dropped == handled, (handler, dropped, handled, err)
