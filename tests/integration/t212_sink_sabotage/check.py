"""The first batch on file; the second on file or counted as lost; the
program's own files untouched."""
import json
import re
import sys

rundir = sys.argv[1]
for k in range(3):
    assert open("%s/own-%d.txt" % (rundir, k)).read() == "the program's own data\n", k
    data = open("%s/sink-%d.jsonl" % (rundir, k), "rb").read()
    assert not data or data.endswith(b"\n"), "case %d: a partial line" % k
    names = [json.loads(l)["call"]["name"] for l in data.splitlines()]
    assert names.count("before") == 20, (k, names)
    lost = 20 - names.count("after")
    lines = open("%s/sink-%d.stderr" % (rundir, k)).read().splitlines()
    if lost:
        assert 1 <= len(lines) <= 2, "case %d: want 1 or 2 lines, got %r" % (k, lines)
        assert any(re.search(r"(?<![\d.])%d(?![\d.])" % lost, l) for l in lines), \
            "case %d: %d lost records are not counted: %r" % (k, lost, lines)
