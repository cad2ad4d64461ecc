"""t250 in JSON Lines: every call of the unloaded library, the ones its
destructor made while it went included, named from its own file."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

recs = records.load(sys.argv[1] + "/calls.jsonl")
count = {}
for r in recs:
    if r["type"] == "call":
        key = (r["call"]["name"], os.path.basename(r["call"]["file"]))
    else:
        key = (r["blocking"]["function"], r["blocking"]["caller"])
    count[key] = count.get(key, 0) + 1
want = {("lib_work", "shlib.c"): 1010, ("lib_leaf", "shlib.c"): 1010,
        ("lib_fini_helper", "shlib.c"): 2, ("usleep", "lib_blocking"): 2,
        ("usleep", "lib_fini_helper"): 2}
assert {k: v for k, v in count.items() if k in want} == want, count

# The pic variant's program is a library a plain driver loads: libbench
# comes after the C library, and the runtime says so once (run-integration
# keeps the original stderr); every other variant links it first.
orig = os.path.join(sys.argv[1], "stderr.orig")
notes = open(orig).read().count("libbench.so was loaded after the C library") \
    if os.path.exists(orig) else 0
assert notes == (1 if sys.argv[1].rstrip("/").endswith("/pic") else 0), notes
if not os.path.exists(orig):
    assert "loaded after the C library" not in open(os.path.join(sys.argv[1], "stderr")).read()
