"""Every category of the libc preset was seen, each record with its weight."""
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
blocking = [r["blocking"] for r in recs if r["type"] == "blocking"]
cats = {b["category"] for b in blocking}
want = {"sleep", "file", "metadata", "network", "process", "lock", "terminal"}
assert cats == want, "categories seen: %s" % sorted(cats)
weights = {b["function"]: b["weight"] for b in blocking}
assert weights["usleep"] == 50 and weights["stat"] == 1 and weights["socketpair"] == 0, weights
assert all(not r["violation"] for r in recs if r["type"] == "blocking")
