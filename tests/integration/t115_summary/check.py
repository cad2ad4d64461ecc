"""The blocking table: one row per call site, heaviest first, with the
calls counted whether or not they were recorded one by one."""
import re
import sys

text = open(sys.argv[1] + "/summary.txt").read()
head = "bench: blocking calls per call site\n"
assert head in text, text
rows = text.split(head, 1)[1].splitlines()
assert re.match(r"^function\s+call site\s+caller\s+calls\s+total\s+max\s+violations$", rows[0]), rows[0]
cells = [r.split() for r in rows[1:]]
# Rows by total time: the 30 ms sleep first; the two short sites may tie.
assert cells[0][:4] == ["usleep", "prog.c:14", "long_call", "1"], cells
byname = {c[1]: (c[2], c[3], c[-1]) for c in cells}
assert byname == {"prog.c:14": ("long_call", "1", "0"), "prog.c:9": ("short_calls", "5", "0"),
                  "prog.c:19": ("on_key", "1", "1")}, cells
assert "on_key" in text.split(head)[0], "the calls table comes first"
