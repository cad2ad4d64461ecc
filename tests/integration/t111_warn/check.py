"""Rate-limited warnings: 30 violations within far less than a second give
ten warnings of four lines each (message, three frames)."""
import json
import re
import sys

err = open(sys.argv[1] + "/stderr").read().splitlines()
heads = [l for l in err if l.startswith("bench: ")]
assert len(heads) == 10, err
pat = re.compile(r"^bench: prog\.c:9: blocking call to usleep \(\d+ us\) in nonblocking function on_frame$")
assert all(pat.match(h) for h in heads), heads
# Each warning: its line, then the trace: the call's site, render, on_frame
# and main among them (render's line: its call with -g, else its own).
blocks, cur = [], None
for l in err:
    if l.startswith("bench: "):
        cur = []
        blocks.append(cur)
    else:
        assert cur is not None and l.startswith("    at "), l
        cur.append(l)
for b in blocks:
    assert b[0] == "    at pause_briefly (prog.c:9)", b
    assert re.match(r"    at render \(prog\.c:1[24]\)$", b[1]), b
    assert re.match(r"    at on_frame \(prog\.c:1[79]\)$", b[2]), b
    assert re.match(r"    at main \(", b[3]), b
    assert 4 <= len(b) <= 8, b
recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
assert sum(1 for r in recs if r["type"] == "blocking" and r["violation"]) == 30
