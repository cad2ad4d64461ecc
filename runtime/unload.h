/*
 * unload.h - what a library's unloading leaves behind: its address range,
 * and runtime-owned copies of the site descriptors that the runtime's
 * tables still point to (summary tables, blocking counts) once its code
 * and data are gone.
 */
#ifndef BENCH_UNLOAD_H
#define BENCH_UNLOAD_H

#include "internal.h"
#include "ptrmap.h"

struct bench_call_site;

struct bench_addr_range {
	uintptr_t lo, hi; /* [lo, hi): every loaded segment of the object */
};

static inline int bench_addr_in(const struct bench_addr_range *r, const void *p)
{
	return (uintptr_t)p >= r->lo && (uintptr_t)p < r->hi;
}

/* The range of the loaded object whose code contains code; 0 if none. */
int bench_unload_range(const void *code, struct bench_addr_range *range);

/* Copies made during one unload, so that a site seen in several tables is
 * copied once; kept for the rest of the process. */
struct bench_unload_copies {
	struct bench_addr_range range;
	struct bench_ptrmap made; /* original -> copy */
};

/* site (or name) itself when it is outside the range; else its copy,
 * or NULL when out of memory. */
const struct bench_site *bench_unload_keep_site(struct bench_unload_copies *c,
					       const struct bench_site *site);
const struct bench_call_site *bench_unload_keep_call_site(struct bench_unload_copies *c,
							  const struct bench_call_site *site);
const char *bench_unload_keep_name(struct bench_unload_copies *c, const char *name);

/*
 * A library went before its records could be written (the writer was
 * stuck): records made in it before now must never be formatted, as they
 * point into memory that is gone.  At most BENCH_DEAD_RANGES are kept
 * (later ones are only said).  bench_unload_dead: whether a record made
 * at ticks that points to p is one of them.
 */
#define BENCH_DEAD_RANGES 16
void bench_unload_mark_dead(const struct bench_addr_range *range, uint64_t now_ticks);
extern unsigned bench_unload_dead_ranges;
int bench_unload_dead_slow(const void *p, uint64_t ticks);
static inline int bench_unload_dead(const void *p, uint64_t ticks)
{
	return __atomic_load_n(&bench_unload_dead_ranges, __ATOMIC_ACQUIRE) &&
	       bench_unload_dead_slow(p, ticks);
}

/* Forgets which originals were copied (the range may be mapped again). */
void bench_unload_copies_done(struct bench_unload_copies *c);

#endif /* BENCH_UNLOAD_H */
