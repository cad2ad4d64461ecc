"""21 processes; each child exactly its 10 calls; the parent every bg_work call."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/fork.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
err = open(rundir + "/stderr").read()
bg_calls = int(re.search(r"^bg_calls (\d+)$", err, re.M).group(1))
procs = {}
for r in recs:
    p = procs.setdefault(r["process"]["pid"], {"run_ids": set(), "names": {}})
    p["run_ids"].add(r["bench"]["run_id"])
    name = r["call"]["name"]
    p["names"][name] = p["names"].get(name, 0) + 1
assert len(procs) == 21, "records from %d pids, not 21" % len(procs)
assert all(len(p["run_ids"]) == 1 for p in procs.values()), "a pid with several run ids"
assert len({min(p["run_ids"]) for p in procs.values()}) == 21, "run ids shared"
parents = [p for p in procs.values() if "bg_work" in p["names"]]
assert len(parents) == 1, "bg_work records under %d pids" % len(parents)
assert parents[0]["names"] == {"bg_work": bg_calls}, (parents[0]["names"], bg_calls)
children = [p for p in procs.values() if p is not parents[0]]
for p in children:
    assert p["names"] == {"child_work": 10}, p["names"]
