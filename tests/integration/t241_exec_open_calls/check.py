"""Each child's calls open at its exec are recorded as ended by it, in
both threads; after an exec that failed (ENOEXEC), the same calls go on
under new ids; an exec of a missing file records nothing at it."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/out.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
by_pid = {}
for r in recs:
    by_pid.setdefault(r["process"]["pid"], []).append(r["call"])
assert len(by_pid) == 5, "records from %d processes, not 5" % len(by_pid)


def shape(calls):
    return sorted((c["name"], c["closed_by"]) for c in calls)


shapes = sorted(shape(calls) for calls in by_pid.values())
want = sorted([
    # how 0: exec from run_child
    sorted([("helper", "return"), ("run_child", "exec")]),
    # how 1: and a thread waiting inside wait_in_thread
    sorted([("helper", "return"), ("helper", "return"), ("run_child", "exec"),
            ("wait_in_thread", "exec")]),
    # how 2: the exec fails; run_child is recorded at it and when it returns
    sorted([("helper", "return"), ("helper", "return"), ("run_child", "exec"),
            ("run_child", "return")]),
    # how 3, 4: no such file, no such command in PATH: nothing recorded at the exec
    sorted([("helper", "return"), ("helper", "return"), ("run_child", "return")]),
    sorted([("helper", "return"), ("helper", "return"), ("run_child", "return")]),
])
assert shapes == want, shapes
for calls in by_pid.values():
    runs = [c for c in calls if c["name"] == "run_child"]
    if len(runs) != 2:
        continue
    at_exec, returned = sorted(runs, key=lambda c: c["closed_by"] != "exec")
    assert at_exec["id"] != returned["id"], "one id written twice"
    helpers = sorted((c for c in calls if c["name"] == "helper"), key=lambda c: c["start_time"])
    assert [h["parent"] for h in helpers] == [at_exec["id"], returned["id"]], (helpers, runs)
    assert at_exec["start_time"] == returned["start_time"], runs
