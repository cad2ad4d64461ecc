"""Every record was made with the clock the config's runtime: section chose."""
import json
import sys

records = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl", encoding="utf-8")]
assert records, "no records"
clocks = {r["bench"]["clock"] for r in records}
assert clocks == {"monotonic"}, clocks
