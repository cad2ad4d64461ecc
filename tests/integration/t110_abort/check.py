"""The abort came with one line and the stack on stderr."""
import sys

err = open(sys.argv[1] + "/stderr").read().splitlines()
assert err[0] == "bench: prog.c:13: blocking call to usleep (%s) in nonblocking function on_frame, aborting" \
    % err[0].split("(")[1].split(")")[0], err
assert err[1] == "    at on_frame (prog.c:13)", err
