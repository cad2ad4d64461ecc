"""Every event of the parent arrives (a stat, a fork and a waitpid per
function), each stat named after its own function, and the runtime says
nothing: the run finishing at all is the main check (a deadlock shows as
the runner's timeout)."""
import collections
import json
import sys

rundir = sys.argv[1]
events = [json.loads(line) for line in open(rundir + "/events.jsonl")]
assert all(e["type"] == "blocking" for e in events), "not only blocking records"
assert len({e["process"]["pid"] for e in events}) == 1, "records from a child"
by_function = collections.Counter(e["blocking"]["function"] for e in events)
assert by_function["stat"] == 1000, by_function
assert by_function["fork"] == 1000, by_function
callers = {e["blocking"]["caller"] for e in events if e["blocking"]["function"] == "stat"}
assert callers == {"f%03d" % i for i in range(1000)}, sorted(callers)[:5]
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
