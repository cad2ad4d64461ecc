"""The nonblocking flag: set whenever a must-not-block context is open,
allowed or not; violation only when the innermost context forbids."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
got = [(r["blocking"]["caller"], r["blocking"]["line"], r["context"]["nonblocking"], r["violation"])
       for r in recs if r["type"] == "blocking"]
want = [
    ("region_thread", 27, True, True), ("region_thread", 29, False, False),
    ("region_allow", 36, True, False), ("region_allow", 38, True, True),
    ("nested_regions", 47, True, True), ("nested_regions", 50, False, False),
    ("pause_here", 21, True, True),
    ("on_allowing", 70, True, False), ("on_allowing", 72, True, True),
    ("pause_here", 21, True, True),
]
assert got == want, "\n".join(map(str, got))
deep = [r for r in recs if r["type"] == "blocking"][-1]
frames = traces.program_frames(deep["trace"])
traces.assert_well_formed(frames)
# pause_here is inlined into middle above O0: only its descriptor names it.
assert traces.names(frames) == ["pause_here", "middle", "on_deep", "main"], deep["trace"]
assert deep["trace"][0]["line"] == 21
# middle: the line of its call to pause_here with DWARF, else its own line.
assert deep["trace"][1]["line"] == (77 if traces.has_dwarf(sys.argv[1]) else 75), deep["trace"]
