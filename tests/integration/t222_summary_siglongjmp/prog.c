/* t220's program, run in summary mode (env, check.py): a signal handler
 * that leaves with siglongjmp, most often out of the middle of a hook. */
#include "../t220_siglongjmp_from_hooks/prog.c"
