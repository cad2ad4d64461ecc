"""Every round recorded both calls: 1000 parents and 1000 children, each
process with its own pid and run id."""
import json
import sys

rundir = sys.argv[1]
procs = {}
for line in open(rundir + "/race.jsonl"):
    r = json.loads(line)
    assert r["call"]["name"] == "first_call"
    procs.setdefault((r["process"]["pid"], r["bench"]["run_id"]), []).append(r)
assert len(procs) == 2000, "records from %d processes, not 2000" % len(procs)
assert all(len(v) == 1 for v in procs.values()), "a process with several records"
assert len({rid for _, rid in procs}) == 2000, "run ids shared"
