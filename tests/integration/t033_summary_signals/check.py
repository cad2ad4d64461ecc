"""The summary counts the loop's calls exactly, and every call a signal
handler made either counted or reported as dropped by signal re-entry."""
import re
import sys

rundir = sys.argv[1]
text = open(rundir + "/summary.txt").read()
rows = dict((m.group(1), int(m.group(2))) for m in
            re.finditer(r"^(\S+)\s+C\s+(\d+)\s", text, re.M))
err = open(rundir + "/stderr").read()
handled = int(re.search(r"^handled (\d+) ", err, re.M).group(1))
m = re.findall(r"^bench: (\d+) records? dropped \(signal re-entry\)$", err, re.M)
dropped = int(m[0]) if m else 0
assert rows.get("outer") == 30000 and rows.get("inner") == 30000, rows
in_handler = rows.get("in_handler", 0) + rows.get("leaf", 0)
assert in_handler + dropped == 2 * handled, \
    "%d handler calls counted + %d dropped != 2 x %d signals" % (in_handler, dropped, handled)
assert handled > 100, "too few signals (%d) to test anything" % handled
