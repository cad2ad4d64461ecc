/*
 * percall_target.c - the empty function whose per-call cost is measured.
 * The Makefile compiles this one file once per variant: with the bench
 * attribute (TARGET_BENCH), with -finstrument-functions, or with -pg.
 */
#include "percall.h"

#ifdef TARGET_BENCH
#define TARGET_ATTR __attribute__((bench))
#else
#define TARGET_ATTR
#endif

/* noinline and an asm barrier: the call and the function stay, so the
 * loop measures one real call per iteration in every variant. */
TARGET_ATTR __attribute__((noinline)) void target_empty(void)
{
	__asm__ volatile("");
}
