/*
 * exit.c - _exit and _Exit, interposed (interpose.h): a process that ends
 * through them runs no exit handlers nor destructors, where the runtime
 * writes what it buffered and records the calls still open.  A fork child
 * that ends with _exit (spawn helpers after a failed exec, servers' save
 * and worker children) would lose all of it, and leave records whose
 * parent call was never written.  So the same is done here first.  A
 * clone() or vfork() child leaves everything to its parent (process.h).
 */
#include "interpose.h"

#include <sys/syscall.h>
#include <unistd.h>

typedef void (*exit_fn)(int);

static __attribute__((noreturn)) void end(exit_fn real, int status)
{
	bench_runtime_end_now();
	if (real)
		real(status);
	for (;;)
		syscall(SYS_exit_group, status);
}

BENCH_EXPORT void _exit(int status)
{
	end(BENCH_REAL(exit_fn, _exit), status);
}

BENCH_EXPORT void _Exit(int status)
{
	end(BENCH_REAL(exit_fn, _Exit), status);
}

/* This file's _exit, whatever the program's _exit resolves to. */
extern void bench_own_exit(int status)
	__attribute__((alias("_exit"), visibility("hidden"), noreturn, nothrow, leaf));

int bench_exit_interposed(void)
{
	return dlsym(RTLD_DEFAULT, "_exit") == (void *)bench_own_exit;
}
