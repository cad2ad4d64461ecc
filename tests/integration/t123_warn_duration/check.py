"""The warning's duration and the record's agree within 0.5% (plus the
warning's rounding to a microsecond); the trace reaches _start and ends
there."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import traces  # noqa: E402

err = open(sys.argv[1] + "/stderr").read()
m = re.search(r"^bench: prog\.c:9: blocking call to usleep \((\d+) us\) in nonblocking "
              r"function on_start$", err, re.M)
assert m, err
warned_us = int(m.group(1))
recs = [json.loads(l) for l in open(sys.argv[1] + "/out.jsonl")]
events = [r for r in recs if r["type"] == "blocking"]
assert len(events) == 1 and events[0]["violation"], events
recorded_us = events[0]["blocking"]["duration"] * 1e6
assert recorded_us >= 20000, recorded_us
assert abs(warned_us - recorded_us) <= 0.005 * recorded_us + 1, (warned_us, recorded_us)
# The whole trace, down to _start: no frame for the end of the stack.
trace = events[0]["trace"]
traces.assert_well_formed(trace)
assert "_start" in traces.names(trace), trace
assert "    at ? ((nil))" not in err, err
