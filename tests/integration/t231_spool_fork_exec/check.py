"""Parent: 4,000 parent_work + 4,000 leaf; child: 2,000 child_work +
2,000 leaf, formatted before its exec; none twice, each in order."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
spool_check.check_calls(recs)
procs = {}
for r in recs:
    names = procs.setdefault(r["process"]["pid"], {})
    n = r["call"]["name"]
    names[n] = names.get(n, 0) + 1
shapes = sorted(sorted(p.items()) for p in procs.values())
assert shapes == sorted([[("leaf", 4000), ("parent_work", 4000)],
                         [("child_work", 2000), ("leaf", 2000)]]), shapes
assert spool_check.spool_was_open(rundir), "the parent's spool was not open at fork"
err = spool_check.stderr_of(rundir)
assert "drop" not in err.lower() and "lost" not in err.lower() and "spool" not in err, err
