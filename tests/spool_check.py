"""Checks shared by the spool tests (t23x): every call exactly once, valid,
and each thread's records in their order (a call after its children)."""
import os

import records


def check_calls(recs):
    """recs: records of one or more processes, in file order."""
    records.validate(recs)
    assert not records.errors, records.errors[:5]
    seen = set()
    closed = {}  # (pid, thread) -> ids whose record came already
    last_top = {}
    for r in recs:
        if r.get("type") != "call":
            continue
        c = r["call"]
        key = (r["process"]["pid"], c["thread"])
        ident = key + (c["id"],)
        assert ident not in seen, "call %r twice" % (ident,)
        seen.add(ident)
        done = closed.setdefault(key, set())
        # A parent's record comes after its children's: when a child
        # comes, its parent must not have come yet.
        assert c["parent"] is None or c["parent"] not in done, \
            "thread %r: %s (id %d) after its parent %d" % (key, c["name"], c["id"], c["parent"])
        done.add(c["id"])
        if c["depth"] == 0:
            assert c["id"] > last_top.get(key, 0), "thread %r: calls out of order" % (key,)
            last_top[key] = c["id"]
    return seen


def spool_was_open(rundir):
    """The program wrote `probe`: whether a spool file was open in it."""
    with open(os.path.join(rundir, "probe")) as f:
        return f.read().strip() == "spool: open"


def stderr_of(rundir):
    with open(os.path.join(rundir, "stderr")) as f:
        return f.read()
