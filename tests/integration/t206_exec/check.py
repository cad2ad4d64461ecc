"""Nine processes: the parent's 8 calls and each child's 2 (+1 after a failed exec)."""
import json
import sys

rundir = sys.argv[1]
procs = {}
for line in open(rundir + "/out.jsonl"):
    r = json.loads(line)
    p = procs.setdefault(r["process"]["pid"], {"run_ids": set(), "names": []})
    p["run_ids"].add(r["bench"]["run_id"])
    p["names"].append(r["call"]["name"])
assert len(procs) == 9, "records from %d pids, not 9" % len(procs)
assert len({min(p["run_ids"]) for p in procs.values()}) == 9, "run ids shared"
shapes = sorted(sorted(p["names"]) for p in procs.values())
assert shapes == sorted([["parent_step"] * 8] + [["before_exec"] * 2] * 7 +
                        [["after_failed_exec", "before_exec", "before_exec"]]), shapes
out = open(rundir + "/stdout").read()
assert "leaked" not in out, out
