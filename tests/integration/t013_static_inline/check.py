"""cube, always inlined, left no out-of-line copy, yet was recorded."""
import os
import subprocess
import sys

rundir = sys.argv[1]
if os.path.basename(rundir) in ("O2", "O3", "lto"):
    syms = subprocess.run(["nm", rundir + "/prog"], capture_output=True, text=True).stdout
    names = [l.split()[-1] for l in syms.splitlines()]
    assert "cube" not in names, "cube not inlined: " + syms
