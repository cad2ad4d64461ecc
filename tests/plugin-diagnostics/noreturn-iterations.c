/* A noreturn function never comes back to be run again, whatever the
 * order of the attributes. */
#include <stdlib.h>
__attribute__((noreturn, bench("warmup=1"))) void f(void) { exit(0); }
_Noreturn __attribute__((bench("iterations=2"))) void g(void) { exit(0); }
