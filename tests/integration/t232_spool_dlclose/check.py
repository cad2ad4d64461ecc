"""3 x 2,000 lib_work and lib_leaf (named right: formatted before their
library was unloaded) and 300 after_unload; once each, in order."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
spool_check.check_calls(recs)
count = {}
for r in recs:
    c = r["call"]
    key = (c["name"], os.path.basename(c["file"]))
    count[key] = count.get(key, 0) + 1
assert count == {("lib_work", "shlib.c"): 6000, ("lib_leaf", "shlib.c"): 6000,
                 ("after_unload", "prog.c"): 300}, count
assert spool_check.spool_was_open(rundir), "no spool file was open"
err = spool_check.stderr_of(rundir)
assert "drop" not in err.lower() and "lost" not in err.lower() and "spool" not in err, err
