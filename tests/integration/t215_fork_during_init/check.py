"""Every round recorded both calls: one parent and one child per round run
(1000, or fewer when the time budget ran out first), each process with its
own pid and run id."""
import json
import re
import sys

rundir = sys.argv[1]
with open(rundir + "/stderr") as f:
    m = re.search(r"^(\d+) rounds$", f.read(), re.M)
assert m, "the program did not say how many rounds it ran"
rounds = int(m.group(1))
# Even a sanitizer build on a loaded machine runs far more in 40 s.
assert rounds >= 100, "only %d rounds: the race was hardly tried" % rounds
procs = {}
for line in open(rundir + "/race.jsonl"):
    r = json.loads(line)
    assert r["call"]["name"] == "first_call"
    procs.setdefault((r["process"]["pid"], r["bench"]["run_id"]), []).append(r)
assert len(procs) == 2 * rounds, "records from %d processes, not %d" % (len(procs), 2 * rounds)
assert all(len(v) == 1 for v in procs.values()), "a process with several records"
assert len({rid for _, rid in procs}) == 2 * rounds, "run ids shared"
