/*
 * ptrmap.h - a hash map keyed by a pair of pointers, for the sinks'
 * per-site caches (site descriptor, recorded name).
 */
#ifndef BENCH_PTRMAP_H
#define BENCH_PTRMAP_H

#include "internal.h"

struct bench_ptrmap_entry {
	const void *a;
	const void *b;
	void *value;
};

struct bench_ptrmap {
	struct bench_ptrmap_entry *entries; /* open addressing, power-of-two size */
	size_t capacity;
	size_t count;
};

void *bench_ptrmap_get(const struct bench_ptrmap *map, const void *a, const void *b);
/* Returns 0 when out of memory (the value is then not stored). */
int bench_ptrmap_put(struct bench_ptrmap *map, const void *a, const void *b, void *value);
/* Empties the map, passing each value to free_value (may be NULL). */
void bench_ptrmap_clear(struct bench_ptrmap *map, void (*free_value)(void *));

#endif /* BENCH_PTRMAP_H */
