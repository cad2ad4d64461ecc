"""Every row of the summary has its exact count, whether its calls were
folded by their thread or went through the ring (iterations, cpu,
timings, functions beyond the fold table's room)."""
import re
import sys

rundir = sys.argv[1]
text = open(rundir + "/summary.txt").read()
rows = {}
for m in re.finditer(r"^(\S+)\s+(C|record|time)\s+(\d+)\s", text, re.M):
    assert m.group(1) not in rows, "two rows for " + m.group(1)
    rows[m.group(1)] = (m.group(2), int(m.group(3)))
spun = rows.pop("spinner", ("C", 0))
assert spun[1] >= 1000, "the thread still running at exit: %r" % (spun,)
expected = {"many_%d" % n: ("C", 2) for n in range(100, 400)}
expected.update({
    "hot": ("C", 1000 + 4 * 3),  # and once per timed iteration of iterated
    "outer": ("C", 500), "inner": ("C", 1000),
    "iterated": ("C", 4), "with_cpu": ("C", 10),
    "timed": ("C", 20), "phase": ("time", 40),
    "renamed": ("C", 7), "block": ("record", 5),
    "worker_call": ("C", 5000),
})
missing = {k: v for k, v in expected.items() if rows.get(k) != v}
extra = {k: v for k, v in rows.items() if k not in expected}
assert not missing and not extra, "wrong: %r, unexpected: %r" % (
    {k: (v, rows.get(k)) for k, v in missing.items()}, extra)
