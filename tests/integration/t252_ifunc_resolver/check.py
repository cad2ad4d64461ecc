"""main and impl_a recorded; the resolver never; its helper's call made
before the runtime could start counted and said."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402
import spool_check  # noqa: E402

recs = records.load(sys.argv[1] + "/calls.jsonl")
names = sorted(r["call"]["name"] for r in recs if r["type"] == "call")
err = spool_check.stderr_of(sys.argv[1])
note = "1 record dropped (made while the program was being loaded: ifunc resolvers)"
# The pic variant's program is a library loaded once the runtime runs:
# its resolver's helper is recorded then.
if "prefer_b" in names:
    assert names == ["impl_a", "main", "prefer_b"] and note not in err, (names, err)
else:
    assert names == ["impl_a", "main"], names
    assert note in err, err
