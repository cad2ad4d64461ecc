"""Two summaries, one per process, each counting its own calls once."""
import re
import sys

rundir = sys.argv[1]
text = open(rundir + "/summary.txt").read()
tables = re.split(r"^bench: summary of run \S+ \(pid (\d+),.*$", text, flags=re.M)[1:]
assert len(tables) == 4, "expected two summaries:\n" + text
by_pid = {}
for pid, body in zip(tables[0::2], tables[1::2]):
    by_pid[int(pid)] = {m.group(1): int(m.group(2))
                        for m in re.finditer(r"^(\S+)\s+C\s+(\d+)\s", body, re.M)}
got = sorted(by_pid.values(), key=len)
assert got[0] == {"in_child": 300}, got[0]
assert got[1] == {"in_thread": 700, "before_fork": 1000, "around_fork": 1,
                  "after_fork": 200}, got[1]
