"""Three frames, innermost first: the call's own site, then level4 and
level3 (instrumented, so named in every variant); each a real frame with
its address unless inlining hid it from the unwinder."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
(blk,) = [r for r in recs if r["type"] == "blocking"]
trace = blk["trace"]
assert traces.names(trace) == ["level5", "level4", "level3"], trace
traces.assert_well_formed(trace)
assert trace[0]["line"] == 6, trace
# One-line functions: the line of the call executing in each (with -g) and
# the function's own line (without) are the same.
assert [f["line"] for f in trace[1:]] == [7, 8], trace
if traces.variant(sys.argv[1]) == "O0":
    # nothing inlined: every frame is a real one
    assert all(f["address"] for f in trace), trace
