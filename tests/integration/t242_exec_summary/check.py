"""Tables in summary.txt: the exec'ing child's at its exec, the failing
child's at its failed exec and at its exit, the parent's at exit."""
import re
import sys

rundir = sys.argv[1]
tables = []
for line in open(rundir + "/summary.txt"):
    m = re.match(r"bench: summary of run \S+ \(pid (\d+),", line)
    if m:
        tables.append((int(m.group(1)), {}))
        continue
    fields = line.split()
    if tables and len(fields) >= 3 and fields[2].isdigit():
        tables[-1][1][fields[0]] = int(fields[2])
by_pid = {}
for pid, rows in tables:
    by_pid.setdefault(pid, []).append(rows)
got = sorted(by_pid.values(), key=lambda t: (len(t), sorted(t[0])))
want = [
    [{"run_child": 1, "work": 3}],  # the child that exec'd
    [{"work": 1}],                  # the parent
    # the failed exec's child: at the exec, then at exit (every call once)
    [{"run_child": 1, "work": 2}, {"run_child": 1, "work": 3}],
]
assert got == want, (got, tables)
