"""Killed by SIGKILL; the 30 flushed records only, as whole lines."""
import json
import sys

rundir = sys.argv[1]
assert open(rundir + "/status").read().strip() == "137"
data = open(rundir + "/out.jsonl", "rb").read()
assert data.endswith(b"\n"), "a partial last line"
names = [json.loads(l)["call"]["name"] for l in data.splitlines()]
assert names == ["flushed"] * 30, names
