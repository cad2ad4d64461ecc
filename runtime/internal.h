/*
 * internal.h - definitions every runtime file shares: the public header
 * with the ABI exported, branch hints, and initialisation on first use.
 */
#ifndef BENCH_INTERNAL_H
#define BENCH_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stddef.h>
#include <stdint.h>

/* The library is built with -fvisibility=hidden; only bench.h is its API. */
#pragma GCC visibility push(default)
#include "bench.h"
#pragma GCC visibility pop

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Orders the hot path's stores against a signal handler on the same
 * thread; costs no instruction. */
#define bench_signal_fence() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#define BENCH_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Set once the runtime has read its settings (see runtime.c). */
int bench_runtime_ready(void);
/* Initialises the runtime if nobody has; returns 0 when it cannot be used
 * from here (re-entered from a signal handler during initialisation). */
int bench_runtime_init(void);
/* Whether this library's constructors have begun: before, the loader is
 * still relocating (ifunc resolvers), and the runtime must not start. */
int bench_runtime_loaded(void);
/* Whether the program's _exit (and so exec: same lookup) is the runtime's:
 * not when libbench came after the C library (dlopen, or loaded for a
 * preloaded instrumented library). */
int bench_exit_interposed(void);
/* What exit's handlers and the runtime's destructor do, for a process
 * that ends without them (_exit). */
void bench_runtime_end_now(void);

#endif /* BENCH_INTERNAL_H */
