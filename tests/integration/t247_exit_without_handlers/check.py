"""Each of the four processes wrote its calls, the open ones closed by
exit, none with a missing parent or written twice; the children's counts
are whole."""
import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
procs = collections.defaultdict(collections.Counter)
for r in recs:
    c = r["call"]
    procs[r["process"]["pid"]][(c["name"], c["closed_by"])] += 1
assert len(procs) == 4, dict(procs)
shapes = []
for p in procs.values():
    leaves = p.pop(("leaf", "return"), 0)
    open_leaf = p.pop(("leaf", "exit"), 0)  # spin's, if exit came inside it
    assert open_leaf <= 1, p
    if ("child_work", "exit") in p:
        assert leaves == 1000 and not open_leaf, (leaves, p)
    elif ("spin", "exit") in p:
        assert leaves >= 1, (leaves, p)  # child_with_thread's, then spin's
    else:
        assert leaves == 1 and not open_leaf, (leaves, p)
    shapes.append(sorted(p.items()))
want = [
    [(("child_work", "exit"), 1)],  # _exit
    [(("child_work", "exit"), 1)],  # failed exec, then _exit
    [(("child_with_thread", "exit"), 1), (("spin", "exit"), 1)],
    [(("main", "exit"), 1)],
]
assert sorted(shapes) == sorted(want), shapes
with open(rundir + "/stderr") as f:
    err = f.read()
# spin runs on while its process ends: what it records after the final
# write is counted, never written (it would repeat its call closed by exit).
# (in the loss report, or said once more if it came while the report was
# being printed).
for line in err.splitlines():
    assert not line.startswith("bench:") or line.endswith(
        "records dropped (made after the final write at exit)") or line == (
        "bench: records made by threads still running after the final write "
        "at exit are not written"), line
