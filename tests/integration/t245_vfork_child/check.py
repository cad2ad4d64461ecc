"""The parent's calls, once each and closed by return; nothing from the
vfork children (no in_child or leaf record from them, no blocking call of
theirs, no thread state of the fresh thread); the runtime says nothing."""
import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
calls = collections.Counter()
for r in recs:
    if r["type"] == "call":
        c = r["call"]
        calls[(c["name"], c["closed_by"])] += 1
    elif r["type"] == "blocking":
        blk = r["blocking"]
        assert blk["function"] != "write" and blk["caller"] != "in_child", blk
assert calls == {("spawn", "return"): 103, ("leaf", "return"): 1}, dict(calls)
threads = {r["call"]["thread"] for r in recs if r["type"] == "call"}
assert len(threads) == 1, threads
with open(rundir + "/stderr") as f:
    err = f.read()
assert "bench:" not in err, err
