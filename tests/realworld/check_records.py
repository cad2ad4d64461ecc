#!/usr/bin/env python3
"""Check the records of a real project's test run: every line a whole JSON
object, and whole processes (grouped by pid and run id, so that a call tree
is never cut in two) validated by tests/records.py until LIMIT records.

Usage: check_records.py FILE.jsonl [LIMIT]
Prints "calls N blocking N processes N validated N"; exit 1 when invalid.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import records  # noqa: E402


def main(path, limit):
    groups = {}
    kinds = {"call": 0, "blocking": 0}
    bad = 0
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            try:
                rec = json.loads(line.decode("utf-8"))
            except ValueError:
                bad += 1
                if bad <= 5:
                    print("line %d is not a JSON object: %r" % (n, line[:120]))
                continue
            rec["_n"] = n
            kinds[rec.get("type")] = kinds.get(rec.get("type"), 0) + 1
            key = ((rec.get("process") or {}).get("pid"), (rec.get("bench") or {}).get("run_id"))
            groups.setdefault(key, []).append(rec)
    validated = 0
    for recs in groups.values():
        if validated >= limit:
            break
        records.validate(recs)
        validated += len(recs)
    print("calls %d blocking %d processes %d validated %d"
          % (kinds["call"], kinds["blocking"], len(groups), validated))
    for e in records.errors[:10]:
        print("INVALID: " + e)
    return 1 if bad or records.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300000))
