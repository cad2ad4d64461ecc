"""Three processes, three run ids, each with only its own calls."""
import json
import sys

rundir = sys.argv[1]
procs = {}
for line in open(rundir + "/out.jsonl"):
    r = json.loads(line)
    p = procs.setdefault(r["process"]["pid"], {"run_ids": set(), "names": []})
    p["run_ids"].add(r["bench"]["run_id"])
    p["names"].append(r["call"]["name"])
assert len(procs) == 3, "records from %d pids, not 3" % len(procs)
run_ids = [next(iter(p["run_ids"])) for p in procs.values()]
assert all(len(p["run_ids"]) == 1 for p in procs.values()), "a pid with several run ids"
assert len(set(run_ids)) == 3, "run ids shared between processes"
kinds = sorted(tuple(sorted(set(p["names"]))) for p in procs.values())
assert kinds == [("after_fork", "before_fork"), ("in_child",), ("in_grandchild",)], kinds
for p in procs.values():
    if "before_fork" in p["names"]:
        assert p["names"].count("before_fork") == 2
    if "in_child" in p["names"]:
        assert p["names"].count("in_child") == 40
