"""Only the first batch on file; the 100 later records counted as lost."""
import json
import re
import sys

rundir = sys.argv[1]
data = open(rundir + "/out.jsonl", "rb").read()
assert data.endswith(b"\n"), "the file ends inside a record: %r" % data[-80:]
names = [json.loads(l)["call"]["name"] for l in data.splitlines()]
assert names == ["first"] * 50, names
lines = open(rundir + "/stderr").read().splitlines()
assert 1 <= len(lines) <= 2, "want 1 or 2 lines from bench, got %r" % lines
assert any(re.search(r"(?<![\d.])100(?![\d.])", l) for l in lines), \
    "the 100 lost records are not counted: %r" % lines
