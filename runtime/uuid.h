/* uuid.h - random (version 4) UUIDs for run ids. */
#ifndef BENCH_UUID_H
#define BENCH_UUID_H

#include "internal.h"

#define BENCH_UUID_STRLEN 36

/* Writes a new UUID4 as 36 characters plus a terminating NUL. */
void bench_uuid4(char out[BENCH_UUID_STRLEN + 1]);

#endif /* BENCH_UUID_H */
