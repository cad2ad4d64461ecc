"""The build really went through glibc's checked variants, and every call
line in calls() has exactly one record."""
import collections
import json
import subprocess
import sys

rundir = sys.argv[1]
syms = subprocess.run(["nm", "-D", "--undefined-only", rundir + "/prog"],
                      capture_output=True, text=True).stdout
if "libprog.so" not in subprocess.run(["ldd", rundir + "/prog"], capture_output=True, text=True).stdout:
    for chk in ("__read_chk", "__pread_chk", "__recv_chk", "__readlink_chk", "__fgets_chk"):
        assert chk in syms, "not a fortified build (no %s):\n%s" % (chk, syms)
recs = [json.loads(l) for l in open(rundir + "/out.jsonl")]
lines = collections.Counter((r["blocking"]["function"], r["blocking"]["line"])
                            for r in recs if r["type"] == "blocking" and r["blocking"]["caller"] == "calls")
assert len(lines) == 8 and set(lines.values()) == {1}, lines
