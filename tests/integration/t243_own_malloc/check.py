"""Records are valid, and none is from the writer thread: every record's
thread is the program's only one (the process id)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/records.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
assert recs, "no records"
threads = {(r.get("call") or r.get("blocking") or {}).get("thread") for r in recs}
pids = {r["process"]["pid"] for r in recs}
assert threads == pids, "records of threads %s, process %s" % (threads, pids)
stats = [r for r in recs if r["type"] == "blocking" and r["blocking"]["function"] == "stat"]
assert len(stats) == 20, "%d stat events, not 20" % len(stats)
