"""All six usleep calls are recorded, the one whose callback jumped out
included, and the runtime reports nothing dropped."""
import json
import sys

rundir = sys.argv[1]
events = [json.loads(line) for line in open(rundir + "/events.jsonl")]
sleeps = [e for e in events if e["type"] == "blocking" and e["blocking"]["function"] == "usleep"]
assert len(sleeps) == 6, len(sleeps)
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
