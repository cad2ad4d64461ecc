/* examples/event-loop, built with its own bench.yaml: the "done
 * when" (one violation at the right call site, a trace naming the handler,
 * the program's output unchanged).  env raises blocking_min_us to 1 s so
 * that a loaded machine cannot make the loop's own poll or read long enough
 * to be recorded: the violation is recorded regardless. */
#include "../../../examples/event-loop/loop.c"
