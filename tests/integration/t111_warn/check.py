"""Rate-limited warnings: 30 violations within far less than a second give
ten warnings of four lines each (message, three frames)."""
import json
import re
import sys

err = open(sys.argv[1] + "/stderr").read().splitlines()
heads = [l for l in err if l.startswith("bench: ")]
assert len(heads) == 10, err
pat = re.compile(r"^bench: prog\.c:9: blocking call to usleep \(\d+ us\) in nonblocking function on_frame$")
assert all(pat.match(h) for h in heads), heads
assert err[1:4] == ["    at pause_briefly (prog.c:9)", "    at render (prog.c:12)",
                    "    at on_frame (prog.c:17)"], err[:4]
assert len(err) == 40, len(err)
recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
assert sum(1 for r in recs if r["type"] == "blocking" and r["violation"]) == 30
