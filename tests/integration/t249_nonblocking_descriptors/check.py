"""Which calls in the nonblocking handler are violations: only the ones
that could wait (blocking descriptors, a regular file, no nowait flag, a
non-zero timeout)."""
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
got = [(r["blocking"]["function"], r["blocking"]["caller"], r["blocking"]["line"],
        r["context"]["nonblocking"], r["violation"])
       for r in recs if r["type"] == "blocking" and r["context"]["nonblocking"]]
want = [
    ("read", "on_event", 48, True, False),
    ("read", "(via pointer)", 22, True, False),
    ("readv", "on_event", 50, True, False),
    ("read", "on_event", 51, True, True),
    ("recv", "on_event", 52, True, False),
    ("send", "on_event", 53, True, True),
    ("recv", "on_event", 54, True, False),
    ("write", "on_event", 55, True, True),
    ("accept", "on_event", 56, True, False),
    ("read", "on_event", 58, True, False),
    ("read", "drain", 37, True, False),
    ("read", "drain", 37, True, True),
    ("waitpid", "on_event", 66, True, False),
    ("poll", "on_event", 67, True, False),
    ("poll", "on_event", 68, True, True),
    ("flock", "on_event", 69, True, False),
    ("flock", "on_event", 70, True, True),
]
assert got == want, "\n".join(map(str, got))
