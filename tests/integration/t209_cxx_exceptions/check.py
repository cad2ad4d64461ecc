"""Exceptions close every frame once; C++ names arrive as the demangled text."""
import json
import sys

rundir = sys.argv[1]
calls = [json.loads(l)["call"] for l in open(rundir + "/out.jsonl", encoding="utf-8")]
funcs = [c["function"] for c in calls]
assert all(c["invocation"] == "C++" for c in calls), {c["invocation"] for c in calls}
assert all(c["closed_by"] == "return" for c in calls), {c["closed_by"] for c in calls}
assert sum("operator<<" in f for f in funcs) == 1, funcs
assert sum("operator()" in f for f in funcs) == 2, funcs
assert sum("parse" in f for f in funcs) == 4, funcs
assert sum("twice" in f for f in funcs) == 3, funcs
assert sorted(c["depth"] for c in calls if "dive" in c["function"]) == [2, 3, 4, 5], \
    [(c["function"], c["depth"]) for c in calls]
