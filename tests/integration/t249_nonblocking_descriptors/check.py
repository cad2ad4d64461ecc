"""Which calls in the nonblocking handler are violations: only the ones
that could wait (blocking descriptors, a regular file)."""
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
got = [(r["blocking"]["function"], r["blocking"]["caller"], r["blocking"]["line"],
        r["context"]["nonblocking"], r["violation"])
       for r in recs if r["type"] == "blocking" and r["context"]["nonblocking"]]
want = [
    ("read", "on_event", 44, True, False),
    ("read", "(via pointer)", 18, True, False),
    ("readv", "on_event", 46, True, False),
    ("read", "on_event", 47, True, True),
    ("recv", "on_event", 48, True, False),
    ("send", "on_event", 49, True, True),
    ("recv", "on_event", 50, True, False),
    ("write", "on_event", 51, True, True),
    ("accept", "on_event", 52, True, False),
    ("read", "on_event", 54, True, False),
    ("read", "drain", 33, True, False),
    ("read", "drain", 33, True, True),
]
assert got == want, "\n".join(map(str, got))
