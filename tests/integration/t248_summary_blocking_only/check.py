"""The table's heading names the run and the pid that printed it."""
import re
import sys

rundir = sys.argv[1]
text = open(rundir + "/summary.txt").read()
pid = int(open(rundir + "/pid.txt").read())
lines = text.splitlines()
assert re.match(r"^bench: summary of run [0-9a-f-]{36} \(pid %d, clock \w+\)$" % pid, lines[0]), lines
assert lines[1] == "bench: blocking calls per call site", lines
assert lines[3].split()[:3] == ["usleep", "prog.c:10", "main"], lines
