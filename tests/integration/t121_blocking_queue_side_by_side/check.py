"""Every event of both threads arrives exactly once, in the order it was
made, and nothing is dropped or formatted by the threads themselves."""
import json
import sys

rundir = sys.argv[1]
by_thread = {}
for line in open(rundir + "/events.jsonl"):
    r = json.loads(line)
    if r["type"] != "blocking":
        continue
    assert r["violation"] and r["blocking"]["function"] == "getcwd", r
    by_thread.setdefault(r["blocking"]["thread"], []).append(r["blocking"]["line"])
assert len(by_thread) == 2, "events from %d threads, not 2" % len(by_thread)
want = [33 if i % 3 == 0 else 35 for i in range(30000)]
for tid, lines in by_thread.items():
    assert len(lines) == len(want), "thread %d: %d events, not 30000" % (tid, len(lines))
    first = next((i for i, (a, b) in enumerate(zip(lines, want)) if a != b), None)
    assert first is None, "thread %d: event %d out of order or missing" % (tid, first)
with open(rundir + "/stderr") as f:
    err = f.read()
assert "drop" not in err.lower() and "lost" not in err.lower(), err
