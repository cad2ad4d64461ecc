"""Whether each blocking call is a violation, and its context, after
nonblocking functions were left by return, longjmp and warm-up."""
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
got = [(r["context"]["function"], r["violation"])
       for r in recs if r["type"] == "blocking"]
want = [
    (None, False),                      # descend(40) in main
    ("on_escape", True),
    (None, False),                      # after the longjmp
    ("on_deep", True),
    (None, False),
    ("on_repeat", True), ("on_repeat", True), ("on_repeat", True),
    (None, False),
]
assert got == want, "\n".join(map(str, got))
