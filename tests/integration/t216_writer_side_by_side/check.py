"""Every call of parent and child arrives exactly once, in call order, and
nothing is dropped, lost or formatted twice across the fork."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
by_pid = {}
for r in recs:
    by_pid.setdefault(r["process"]["pid"], []).append(r["call"])
assert len(by_pid) == 2, "records from %d processes, not 2" % len(by_pid)
counts = sorted((len(calls), pid) for pid, calls in by_pid.items())
(child_n, child_pid), (parent_n, parent_pid) = counts
assert child_n == 1000, "child: %d records, not 1000" % child_n
assert parent_n == 200000, "parent: %d records, not 200000" % parent_n
assert {c["name"] for c in by_pid[child_pid]} == {"child_tick"}
assert {c["name"] for c in by_pid[parent_pid]} == {"tick"}
for pid, calls in by_pid.items():
    ids = [c["id"] for c in calls]
    assert len(set(ids)) == len(ids), "pid %d: an id written twice" % pid
    assert ids == sorted(ids), "pid %d: records out of call order" % pid
with open(rundir + "/stderr") as f:
    err = f.read()
assert "drop" not in err.lower() and "lost" not in err.lower(), err
