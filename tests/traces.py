"""Helpers for check.py scripts that look at blocking traces.

Real stacks depend on the variant: inlining hides uninstrumented functions
from the unwinder unless the code has DWARF (-g), and tail calls remove
frames.  Frame 0 (the call's own site), the instrumented functions and main
are there in every variant; these helpers check those exactly and the rest
by what the variant allows."""
import os

LIBC_START = {"_start", "__libc_start_main", "__libc_start_call_main", "start_thread",
              "clone", "clone3", "__clone", "__clone3"}


def source_line(check_file, source, text):
    """The line number of the one line of source (beside check_file)
    that contains text."""
    path = os.path.join(os.path.dirname(os.path.abspath(check_file)), source)
    (n,) = [i for i, l in enumerate(open(path).read().splitlines(), 1) if text in l]
    return n


def variant(rundir):
    """The variant a run directory belongs to (O0, O2, g, lto, ...)."""
    return os.path.basename(os.path.normpath(rundir))


def has_dwarf(rundir, test_flags=()):
    return variant(rundir) == "g" or "-g" in test_flags


def names(trace):
    return [f["function"] for f in trace]


def program_frames(trace):
    """Frames up to main (included) or the C library's thread start."""
    out = []
    for f in trace:
        if f["function"] is None or f["function"] in LIBC_START:
            break
        out.append(f)
        if f["function"] == "main":
            break
    return out


def assert_in_order(trace, wanted):
    """wanted appear in the trace in this order (others may come between)."""
    got = names(trace)
    i = 0
    for name in got:
        if i < len(wanted) and name == wanted[i]:
            i += 1
    assert i == len(wanted), "want %s in order in %s" % (wanted, got)


def assert_well_formed(trace):
    """Frame 0 has an address; unwound frames have addresses, frames named
    from descriptors alone have none but a file and line."""
    assert trace and trace[0]["address"] is not None, trace
    for f in trace:
        a = f["address"]
        assert a is None or (isinstance(a, str) and a.startswith("0x") and int(a, 16) > 0), f
        if a is None:
            assert f["function"] and f["file"] and f["line"] > 0, f
