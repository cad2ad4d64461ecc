"""Valid nested records; the main loop's calls all recorded; every call a
handler made either recorded or counted as dropped by signal re-entry; the
handler always ran on the program's thread, never on the runtime's."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/signals.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
err = open(rundir + "/stderr").read()
handled = int(re.search(r"^handled (\d+) ", err, re.M).group(1))
m = re.findall(r"^bench: (\d+) records? dropped \(signal re-entry\)$", err, re.M)
dropped = int(m[0]) if m else 0
count = {}
for r in recs:
    count[r["call"]["name"]] = count.get(r["call"]["name"], 0) + 1
assert count.get("outer") == 30000 and count.get("inner") == 30000, count
in_handler = count.get("in_handler", 0) + count.get("leaf", 0)
assert in_handler + dropped == 2 * handled, \
    "%d handler calls recorded + %d dropped != 2 x %d signals" % (in_handler, dropped, handled)
main_tid = {r["call"]["thread"] for r in recs if r["call"]["name"] == "outer"}
assert len(main_tid) == 1
assert {r["call"]["thread"] for r in recs} == main_tid, "a handler ran on another thread"
assert handled > 100, "too few signals (%d) to test anything" % handled
