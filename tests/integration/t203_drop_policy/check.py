"""Records written + drops reported = 16 x 20,000 calls, to the record."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
import records  # noqa: E402

rundir = sys.argv[1]
recs = records.load(rundir + "/calls.jsonl")
records.validate(recs)
assert not records.errors, records.errors[:5]
err = open(rundir + "/stderr").read()
m = re.findall(r"^bench: (\d+) records? dropped \(buffer full, BENCH_BUFFER_POLICY=drop\)$", err, re.M)
dropped = int(m[0]) if m else 0
assert len(m) <= 1, err
assert len(recs) + dropped == 16 * 20000, \
    "%d written + %d dropped != %d calls" % (len(recs), dropped, 16 * 20000)
assert "lost" not in err, err
