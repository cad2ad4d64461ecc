"""Only the program's functions and its block: no bench__scope_close."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

recs = records.load(sys.argv[1] + "/calls.jsonl")
names = sorted(r["call"]["name"] for r in recs if r["type"] == "call")
assert names == ["main", "outer", "work", "work", "work"], names
