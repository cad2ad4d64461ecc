/* intern.h - runtime-owned copies of names given as temporary strings. */
#ifndef BENCH_INTERN_H
#define BENCH_INTERN_H

#include "internal.h"

/* A copy of name that lives until exit; equal names share one copy.
 * NULL when out of memory. */
const char *bench_intern(const char *name);

void bench_intern_before_fork(void);
void bench_intern_after_fork(void);

#endif /* BENCH_INTERN_H */
