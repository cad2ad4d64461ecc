"""The summary counts every one of the 16,000,000 calls; nothing dropped."""
import sys

rundir = sys.argv[1]
text = open(rundir + "/summary.txt").read()
rows = [l.split() for l in text.splitlines() if l.split()[:1] == ["tick"]]
assert len(rows) == 1, "want one summary row for tick:\n" + text
header = next(l.split() for l in text.splitlines() if l.split()[:1] == ["name"])
calls = int(rows[0][header.index("calls")])
assert calls == 16000000, "the summary counts %d calls, not 16000000" % calls
err = open(rundir + "/stderr").read()
assert "dropped" not in err and "lost" not in err, err
