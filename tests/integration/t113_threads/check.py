"""Five threads of three calls each; the violations all on one thread."""
import collections
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
by_thread = collections.defaultdict(list)
for r in recs:
    if r["type"] == "blocking":
        by_thread[r["blocking"]["thread"]].append(r["violation"])
assert sorted(by_thread.values()) == [[False] * 3] * 4 + [[True] * 3], dict(by_thread)
