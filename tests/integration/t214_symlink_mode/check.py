"""Symlinks refused with the target untouched; modes 0644 & ~umask."""
import json
import os
import stat
import sys

rundir = sys.argv[1]
os.chdir(rundir)
assert open("target.txt").read() == "precious\n", "the symlink's target was written"
assert os.path.islink("link.jsonl") and os.path.islink("dangling.jsonl")
assert not os.path.exists("created-through-link.jsonl"), "a dangling symlink was followed"
err = open("stderr").read()
for link in ("link.jsonl", "dangling.jsonl"):
    assert link in err, "no line names the refused %s: %r" % (link, err)
for name, mode in (("mode-022.jsonl", 0o644), ("mode-077.jsonl", 0o600), ("mode-000.jsonl", 0o644)):
    st = os.stat(name)
    assert stat.S_IMODE(st.st_mode) == mode, "%s has mode %o, not %o" % (name, stat.S_IMODE(st.st_mode), mode)
    lines = open(name).read().splitlines()
    assert [json.loads(l)["call"]["name"] for l in lines] == ["work"] * 10, name
