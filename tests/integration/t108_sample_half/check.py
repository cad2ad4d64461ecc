"""Half of the ordinary calls, all of the violations.  The records go to
sampled.jsonl (their number varies, so the expect view stays empty); they
are validated here with records.py."""
import json
import os
import subprocess
import sys

path = sys.argv[1] + "/sampled.jsonl"
here = os.path.dirname(os.path.abspath(__file__))
subprocess.run([sys.executable, os.path.join(here, "../../records.py"), path],
               check=True, stdout=subprocess.DEVNULL)
recs = [json.loads(l) for l in open(path)]
blk = [r for r in recs if r["type"] == "blocking"]
ordinary = sum(1 for r in blk if r["blocking"]["caller"] == "ordinary")
violations = sum(1 for r in blk if r["violation"])
assert 800 <= ordinary <= 1200, ordinary
assert violations == 20, violations
assert len([r for r in recs if r["type"] == "call"]) == 20
