/*
 * exit.c - _exit and _Exit, interposed (interpose.h): a process that ends
 * through them runs no exit handlers nor destructors, where the runtime
 * writes what it buffered and records the calls still open.  A fork child
 * that ends with _exit (spawn helpers after a failed exec, servers' save
 * and worker children) would lose all of it, and leave records whose
 * parent call was never written.  So the same is done here first.  A
 * clone() or vfork() child leaves everything to its parent (process.h).
 */
#define _GNU_SOURCE 1 /* dladdr, dl_iterate_phdr */
#include "interpose.h"

#include <link.h>
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

struct search_order {
	const void *ours, *libc; /* load addresses */
	int ours_first;
};

static int first_of_the_two(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct search_order *o = arg;
	const void *base = (const void *)info->dlpi_addr;

	(void)size;
	if (base != o->ours && base != o->libc)
		return 0;
	o->ours_first = base == o->ours;
	return 1;
}

/*
 * The objects loaded with the program are searched in load order, which
 * dl_iterate_phdr follows; one dlopen'ed later comes after the C library
 * whatever its flags.  A sanitizer's own _exit may come first: it calls
 * the next one, ours when we precede the C library.
 */
int bench_exit_interposed(void)
{
	struct search_order o = { NULL, NULL, 0 };
	Dl_info ours, libc;

	if (dlsym(RTLD_DEFAULT, "_exit") == (void *)bench_own_exit)
		return 1;
	if (!dladdr((void *)bench_own_exit, &ours) || !dladdr((void *)&getpid, &libc))
		return 1; /* cannot tell: say nothing */
	o.ours = ours.dli_fbase;
	o.libc = libc.dli_fbase;
	if (o.ours == o.libc)
		return 1;
	dl_iterate_phdr(first_of_the_two, &o);
	return o.ours_first;
}
