"""Each name, function and file reads back exactly as written in prog.c."""
import json
import sys

rundir = sys.argv[1]
calls = []
with open(rundir + "/out.jsonl", "rb") as f:
    for raw in f:
        calls.append(json.loads(raw.decode("utf-8"))["call"])
names = {c["name"]: c for c in calls}
for want in ('say "hi"', "back\\slash\\", "ctl\x01\x1f\x7f|line\nbreak\ttab|end",
             "café 日本 🚀", "café", 'dyn "21" \\ \x03 é'):
    assert want in names, "name %r missing from %r" % (want, sorted(names))
# Invalid UTF-8 cannot be written as is in JSON: the two bytes become
# something printable, but what is around them survives.
bad = [n for n in names if n.startswith("bad") and n.endswith("|end")]
assert len(bad) == 1 and len(bad[0]) > len("bad|end"), sorted(names)
assert names["café"]["function"] == "café"
assert [t["name"] for t in names["café"]["timings"]] == ['time "q" \\ \x02']
for c in calls:
    assert c["file"].endswith('odd "dir"\\sub/tab\there.c'), c["file"]
