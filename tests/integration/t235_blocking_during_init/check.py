"""Every blocking call of the main thread (the one that did not start the
runtime) is recorded, and nothing is dropped."""
import json
import sys

rundir = sys.argv[1]
by_thread = {}
for line in open(rundir + "/events.jsonl"):
    r = json.loads(line)
    if r["type"] == "blocking" and r["blocking"]["function"] == "getcwd":
        by_thread.setdefault(r["blocking"]["thread"], 0)
        by_thread[r["blocking"]["thread"]] += 1
counts = sorted(by_thread.values())
assert counts == [1, 6000], "events per thread: %s, not [1, 6000]" % counts
with open(rundir + "/stderr") as f:
    err = f.read()
assert "drop" not in err.lower() and "lost" not in err.lower(), err
