"""With no BENCH_SPOOL in the environment, t234's checks: all calls, once
each, each thread's in order, through a spool that was used (it is on by
default)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "../t234_spool_auto/check.py"), run_name="__main__")
