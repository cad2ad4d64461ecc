"""Three frames, innermost first, each with its function's file and line."""
import json
import sys

recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
(blk,) = [r for r in recs if r["type"] == "blocking"]
assert [(f["function"], f["line"]) for f in blk["trace"]] == \
    [("level5", 6), ("level4", 7), ("level3", 8)], blk["trace"]
assert blk["trace"][0]["address"] is not None and blk["trace"][1]["address"] is None
