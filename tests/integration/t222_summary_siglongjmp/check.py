"""Summary mode under the same jumps as t220: the exit hook puts a call in
its thread's batch, pops the frame, then commits the entry, and a jump out
of a signal handler between the two must still count the call.  mid's
calls in the summary lie between the calls the program counted and that
plus one per jump (a jump between the enter hook and the count), as
t220's records do."""
import re
import sys

rundir = sys.argv[1]
err = open(rundir + "/stderr").read()
m = re.search(r"mid_calls (\d+) mid_returns (\d+) jumps (\d+)", err)
calls, returns, jumps = (int(x) for x in m.groups())
text = open(rundir + "/summary.txt").read()
rows = dict((m.group(1), int(m.group(2))) for m in
            re.finditer(r"^(\S+)\s+C\s+(\d+)\s", text, re.M))
assert calls <= rows.get("mid", 0) <= calls + jumps, (calls, jumps, rows)
assert jumps > 50, "too few jumps (%d) to test anything" % jumps
for line in err.splitlines():
    if line.startswith("bench:"):
        assert "signal re-entry" in line, line  # the handler's calls while busy
