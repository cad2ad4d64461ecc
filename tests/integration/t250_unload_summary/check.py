"""The summary names the unloaded library's functions and call sites,
counted from both threads and both loads (the tables kept copies)."""
import re
import sys

text = open(sys.argv[1] + "/summary.txt").read()
calls = {m.group(1): int(m.group(2))
         for m in re.finditer(r"^(lib_\w+)\s+C\s+(\d+)\s", text, re.M)}
assert calls == {"lib_work": 1010, "lib_leaf": 1010, "lib_fini_helper": 2}, text
rows = [l.split() for l in text.splitlines() if l.startswith("usleep")]
by_caller = {r[2]: int(r[3]) for r in rows}
assert by_caller == {"lib_blocking": 2, "lib_fini_helper": 2}, text
