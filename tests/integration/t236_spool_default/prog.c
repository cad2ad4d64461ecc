/* t234's program with no BENCH_SPOOL in the environment: the spool is on
 * by default, so bursts into 64-record buffers still go through it. */
#include "../t234_spool_auto/prog.c"
