#!/usr/bin/env python3
"""Validate bench JSON Lines records field by field and print a time-free view.

Usage: records.py FILE.jsonl            print the view (exit 1 on invalid records)
       records.py --counts FILE.jsonl   print "name calls" per recorded name

The view is what integration tests compare with their `expect` file: one
line per record, grouped by process then thread, each thread's calls in
entry order and indented by depth.  Anything that varies between runs
(times, ids, pids, tids) is checked here and left out of the view.
"""
import json
import re
import sys
from datetime import datetime

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
# Start and finish times are printed to the microsecond; durations come from
# the raw clock, so allow a little rounding when comparing the two.
SLACK = 2.5e-6

errors = []


def fail(rec_no, msg):
    errors.append("record %d: %s" % (rec_no, msg))


def need(rec_no, obj, key, types, where):
    if not isinstance(obj, dict) or key not in obj:
        fail(rec_no, "missing %s.%s" % (where, key))
        return None
    val = obj[key]
    # bool is an int in Python: only a bool field may hold true/false.
    ok = isinstance(val, bool) if types is bool else \
        isinstance(val, types) and not isinstance(val, bool)
    if not ok:
        fail(rec_no, "%s.%s has type %s" % (where, key, type(val).__name__))
        return None
    return val


def parse_time(rec_no, text, what):
    if not isinstance(text, str) or not ISO.match(text):
        fail(rec_no, "%s %r is not ISO-8601 UTC with microseconds" % (what, text))
        return None
    return datetime.fromisoformat(text).timestamp()


def check_common(n, rec):
    bench = need(n, rec, "bench", dict, "")
    if bench is not None:
        rid = need(n, bench, "run_id", str, "bench")
        if rid is not None and not UUID4.match(rid):
            fail(n, "bench.run_id %r is not a uuid4" % rid)
        if need(n, bench, "version", str, "bench") != "0.1.0":
            fail(n, "bench.version is not 0.1.0")
        if need(n, bench, "clock", str, "bench") not in ("tsc", "monotonic"):
            fail(n, "bench.clock is not tsc or monotonic")
        if need(n, bench, "timezone", str, "bench") != "UTC":
            fail(n, "bench.timezone is not UTC")
    proc = need(n, rec, "process", dict, "")
    if proc is not None:
        need(n, proc, "pid", int, "process")
    host = need(n, rec, "host", dict, "")
    if host is not None:
        need(n, host, "hostname", str, "host")
        if need(n, host, "os", str, "host") != "linux":
            fail(n, "host.os is not linux")


def check_call(n, rec):
    call = need(n, rec, "call", dict, "")
    if call is None:
        return None
    for key, types in (("name", str), ("function", str), ("file", str), ("line", int),
                       ("invocation", str), ("durations", list), ("thread", int),
                       ("id", int), ("depth", int), ("timings", list),
                       ("iterations", int), ("warmup", int), ("closed_by", str)):
        need(n, call, key, types, "call")
    if "parent" not in call or not (call["parent"] is None or isinstance(call["parent"], int)):
        fail(n, "call.parent must be null or an id")
    if call.get("invocation") not in ("C", "C++", "record"):
        fail(n, "call.invocation %r" % call.get("invocation"))
    if call.get("closed_by") not in ("return", "longjmp", "exit", "exec"):
        fail(n, "call.closed_by %r" % call.get("closed_by"))
    durs = call.get("durations") or []
    if not all(isinstance(d, (int, float)) and not isinstance(d, bool) and d >= 0 for d in durs):
        fail(n, "call.durations must be non-negative numbers")
    # An exception thrown by one execution ends the call early, so a call
    # may have fewer durations than iterations, never more.
    if isinstance(call.get("iterations"), int) and len(durs) > call["iterations"]:
        fail(n, "%d durations for %s iterations" % (len(durs), call.get("iterations")))
    if call.get("closed_by") == "return" and call.get("iterations") == 1 and len(durs) != 1:
        fail(n, "%d durations for a single iteration" % len(durs))
    if "cpu_durations" in call and len(call["cpu_durations"]) != len(durs):
        fail(n, "cpu_durations and durations differ in length")
    for t in call.get("timings") or []:
        if not (isinstance(t, dict) and isinstance(t.get("name"), str)
                and isinstance(t.get("duration"), (int, float)) and t["duration"] >= 0):
            fail(n, "bad timings entry %r" % (t,))
    start = parse_time(n, call.get("start_time"), "call.start_time")
    finish = parse_time(n, call.get("finish_time"), "call.finish_time")
    if start is not None and finish is not None:
        if finish + 1e-9 < start:
            fail(n, "finish_time before start_time")
        elif sum(durs) > finish - start + SLACK * max(1, len(durs)):
            fail(n, "durations (%g s) exceed finish - start (%g s)" % (sum(durs), finish - start))
    call["_start"], call["_finish"] = start, finish
    return call


def check_blocking(n, rec):
    blk = need(n, rec, "blocking", dict, "")
    if blk is None:
        return
    for key, types in (("function", str), ("file", str), ("line", int), ("caller", str),
                       ("duration", (int, float)), ("thread", int)):
        need(n, blk, key, types, "blocking")
    parse_time(n, blk.get("start_time"), "blocking.start_time")
    ctx = need(n, rec, "context", dict, "")
    if ctx is not None:
        if "function" not in ctx or not (ctx["function"] is None or isinstance(ctx["function"], str)):
            fail(n, "context.function must be null or a string")
        need(n, ctx, "nonblocking", bool, "context")
    need(n, rec, "violation", bool, "")
    trace = need(n, rec, "trace", list, "")
    for fr in trace or []:
        if not isinstance(fr, dict) or not all(k in fr for k in ("function", "file", "line", "address")):
            fail(n, "bad trace frame %r" % (fr,))


def check_tree(calls):
    """Parents exist, depths chain, children nest inside their parent's interval."""
    by_key = {}
    for n, rec in calls:
        key = (rec["_run"], rec["call"].get("id"))
        if key in by_key:
            fail(n, "duplicate call id %r" % (key,))
        by_key[key] = rec
    for n, rec in calls:
        call = rec["call"]
        parent = call.get("parent")
        if parent is None:
            if call.get("depth") != 0:
                fail(n, "depth %r without a parent" % call.get("depth"))
            continue
        prec = by_key.get((rec["_run"], parent))
        if prec is None:
            fail(n, "parent %r not recorded" % parent)
            continue
        pcall = prec["call"]
        if pcall.get("thread") != call.get("thread"):
            fail(n, "parent on another thread")
        if pcall.get("depth") is not None and call.get("depth") != pcall["depth"] + 1:
            fail(n, "depth %r under a parent of depth %r" % (call.get("depth"), pcall["depth"]))
        if None not in (call["_start"], call["_finish"], pcall["_start"], pcall["_finish"]):
            if call["_start"] + SLACK < pcall["_start"] or call["_finish"] > pcall["_finish"] + SLACK:
                fail(n, "call %r is not inside its parent's interval" % call.get("name"))


def load(path):
    records = []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return records
    if data and not data.endswith(b"\n"):
        errors.append("the file does not end with a complete line")
    for n, line in enumerate(data.split(b"\n")[:-1] if data else [], 1):
        try:
            rec = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            errors.append("line %d is not JSON: %s" % (n, exc))
            continue
        if not isinstance(rec, dict):
            errors.append("line %d is not an object" % n)
            continue
        rec["_n"] = n
        records.append(rec)
    return records


def validate(records):
    calls = []
    for rec in records:
        n = rec["_n"]
        check_common(n, rec)
        # Ids are unique per run: a program that execs another instrumented
        # program keeps its pid but starts a new run.
        rec["_run"] = (rec.get("bench") or {}).get("run_id")
        rec["_pid"] = (rec.get("process") or {}).get("pid")
        kind = rec.get("type")
        if kind == "call":
            if check_call(n, rec) is not None:
                calls.append((n, rec))
        elif kind == "blocking":
            check_blocking(n, rec)
        else:
            fail(n, "unknown type %r" % kind)
    check_tree(calls)


def basename(path):
    return path.rsplit("/", 1)[-1] if isinstance(path, str) else path


def call_line(call):
    parts = ["  " * (call.get("depth") or 0) + "call %s" % call.get("name")]
    if call.get("function") != call.get("name"):
        parts.append("function=%s" % call.get("function"))
    parts.append("%s:%s" % (basename(call.get("file")), call.get("line")))
    parts.append(call.get("invocation") or "?")
    if call.get("iterations") != 1 or call.get("warmup"):
        parts.append("iterations=%s warmup=%s durations=%d"
                     % (call.get("iterations"), call.get("warmup"), len(call.get("durations") or [])))
    if "cpu_durations" in call:
        parts.append("cpu")
    if call.get("timings"):
        parts.append("timings=[%s]" % ",".join(t.get("name", "?") for t in call["timings"]))
    if call.get("closed_by") != "return":
        parts.append("closed_by=%s" % call.get("closed_by"))
    return " ".join(parts)


# Frames of the C library's start-up code: what they are called (and whether
# they can be named at all, in a stripped libc) depends on the libc.
LIBC_START = {"_start", "__libc_start_main", "__libc_start_call_main", "start_thread",
              "clone", "clone3", "__clone", "__clone3"}


def program_frames(trace):
    """The trace up to main or a thread's start routine: the frames that
    are the program's own, the same on any libc."""
    out = []
    for fr in trace or []:
        name = fr.get("function")
        if name is None or name in LIBC_START:
            break
        out.append(name)
        if name == "main":
            break
    return out


def blocking_line(rec, timed):
    """timed: the functions with call records.  The view's trace keeps
    frame 0 (the call's own site), the timed functions and main: the
    frames every variant shows.  Inlining and tail calls decide which
    other functions the unwinder sees; tests check those per variant."""
    blk = rec.get("blocking") or {}
    ctx = rec.get("context") or {}
    frames = program_frames(rec.get("trace"))
    trace = ",".join(frames[:1] + [f for f in frames[1:] if f in timed or f == "main"])
    return "blocking %s caller=%s %s:%s context=%s violation=%s trace=[%s]" % (
        blk.get("function"), blk.get("caller"), basename(blk.get("file")), blk.get("line"),
        ctx.get("function"), str(rec.get("violation")).lower(), trace)


def view(records):
    """Group by process and thread; order each thread's lines by entry.

    Processes come in the order of their first record's start time: pids
    wrap around (pid_max is 32768 on the test machines), so a child's pid
    can be lower than its parent's."""
    out = []
    first = {}
    for r in records:
        body = r.get("call") or r.get("blocking") or {}
        when = body.get("start_time")
        if isinstance(r["_pid"], int) and isinstance(when, str):
            first[r["_pid"]] = min(first.get(r["_pid"], when), when)
    pids = sorted({r["_pid"] for r in records if isinstance(r["_pid"], int)},
                  key=lambda pid: (first.get(pid, "~"), pid))
    timed = {r["call"].get("function") for r in records if r.get("type") == "call"}
    for pi, pid in enumerate(pids):
        threads = {}
        for rec in records:
            if rec["_pid"] != pid:
                continue
            if rec.get("type") == "call":
                call = rec["call"]
                key = (0, call.get("id") or 0, rec["_n"])
                threads.setdefault(call.get("thread"), []).append((key, call_line(call)))
            else:
                tid = (rec.get("blocking") or {}).get("thread")
                threads.setdefault(tid, []).append(((1, rec["_n"], 0), blocking_line(rec, timed)))
        # Thread numbers and scheduling vary: order threads by their content.
        blocks = sorted("\n".join(line for _, line in sorted(lines)) for lines in threads.values())
        for ti, block in enumerate(blocks):
            out.append("process %d thread %d" % (pi, ti) if len(pids) > 1 else "thread %d" % ti)
            out.append(block)
    return "\n".join(out)


def main(argv):
    counts = "--counts" in argv
    paths = [a for a in argv[1:] if not a.startswith("--")]
    if len(paths) != 1:
        sys.stderr.write(__doc__)
        return 2
    records = load(paths[0])
    validate(records)
    if counts:
        tally = {}
        for rec in records:
            if rec.get("type") == "call":
                name = rec["call"].get("name")
                tally[name] = tally.get(name, 0) + 1
        for name in sorted(tally):
            print("%s %d" % (name, tally[name]))
    else:
        text = view(records)
        if text:
            print(text)
    for e in errors[:20]:
        print("INVALID: " + e)
    if len(errors) > 20:
        print("INVALID: ... %d more" % (len(errors) - 20))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
