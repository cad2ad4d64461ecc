"""Per case: the program's own line intact, one or two bench lines naming the
output, and the 500 lost records counted."""
import os
import re
import sys

rundir = sys.argv[1]
OWN = "prog: the program's own stderr line"
paths = [rundir + "/missing/dir/out.jsonl", rundir + "/stdout/out.jsonl", rundir,
         "/proc/bench-test.jsonl", "/dev/full"]
for k, path in enumerate(paths):
    lines = open("%s/case-%d.stderr" % (rundir, k)).read().splitlines()
    assert lines.count(OWN) == 1, (k, lines)
    # (the pic variant's note that libbench came after the C library aside)
    ours = [l for l in lines if l != OWN and "loaded after the C library" not in l]
    assert 1 <= len(ours) <= 2, "case %d: want 1 or 2 lines from bench, got %r" % (k, ours)
    assert any(path in l for l in ours), "case %d: no line names %s: %r" % (k, path, ours)
    assert any(re.search(r"(?<![\d.])500(?![\d.])", l) for l in ours), \
        "case %d: the 500 lost records are not counted: %r" % (k, ours)
assert not os.path.exists(rundir + "/missing"), "a missing directory was created"
assert not os.path.exists("/proc/bench-test.jsonl")
