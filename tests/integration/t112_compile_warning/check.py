"""The warnings are in the build log, GCC style, at the call's column;
-Werror turns them into errors and fails the build, unless they are turned
off (-fplugin-arg-bench-warn-nonblocking=no)."""
import os
import re
import subprocess
import sys

rundir = sys.argv[1]
q = "['\u2018\u2019]"
want = [
    r"prog\.c:16:9: warning: blocking call to %ssleep%s in nonblocking function %son_read%s" % (q, q, q, q),
    r"prog\.c:21:9: warning: blocking call to %susleep%s in nonblocking function %son_write%s" % (q, q, q, q),
]
log = open(rundir + "/build.log", encoding="utf-8").read()
found = [l for l in log.splitlines() if "blocking call to" in l]
assert len(found) == 2, log
for pat in want:  # functions are compiled in an order that varies with -O
    assert any(re.search(pat, line) for line in found), (pat, found)
here = os.path.dirname(os.path.abspath(__file__))
cc = os.path.join(here, "../../../build/bin/bench-cc")
res = subprocess.run([cc, "-Werror", "-fplugin-arg-bench-config=config.yaml", "-c", "prog.c",
                      "-o", os.path.join(rundir, "werror.o")],
                     cwd=here, capture_output=True, text=True)
assert res.returncode != 0, "-Werror build succeeded"
assert re.search(r"prog\.c:16:9: error: blocking call to %ssleep%s" % (q, q), res.stderr), res.stderr
# Turned off, -Werror builds; through bench-cc's own spelling too.
for off in ("-fplugin-arg-bench-warn-nonblocking=no", "--bench-no-warn-nonblocking"):
    res = subprocess.run([cc, "-Werror", off, "-fplugin-arg-bench-config=config.yaml", "-c",
                          "prog.c", "-o", os.path.join(rundir, "quiet.o")],
                         cwd=here, capture_output=True, text=True)
    assert res.returncode == 0 and "blocking call to" not in res.stderr, (off, res.stderr)
