/* hooks.h - what the entry points share beyond the fast path. */
#ifndef BENCH_HOOKS_H
#define BENCH_HOOKS_H

#include "internal.h"
#include "thread.h"

/*
 * The thread state a call missing the fast path may record on: sets the
 * runtime and the thread up on first use.  NULL when the call must not be
 * recorded: recording off, signal re-entry, after thread exit, a site of
 * another ABI (each counted).
 */
struct bench_thread *bench_thread_for_call_slow(const struct bench_site *site);

#endif /* BENCH_HOOKS_H */
