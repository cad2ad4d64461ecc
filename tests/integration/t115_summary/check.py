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
assert cells[0][:4] == ["usleep", "prog.c:16", "long_call", "1"], cells
byname = {c[1]: (c[2], c[3], c[-1]) for c in cells}
assert byname == {"prog.c:16": ("long_call", "1", "0"), "prog.c:11": ("short_calls_with_a_long_function_name", "5", "0"),
                  "prog.c:21": ("on_key", "1", "1")}, cells
assert "on_key" in text.split(head)[0], "the calls table comes first"
# Columns line up under their headings, however long the names: each
# row's caller starts where "caller" does, its count ends where "calls" does.
caller_at, calls_end = rows[0].index("caller"), rows[0].index("calls") + len("calls")
for r in rows[1:]:
    assert r[caller_at - 1] == " " and r[caller_at] != " ", (rows[0], r)
    assert r[calls_end - 1] != " " and r[calls_end] == " ", (rows[0], r)
