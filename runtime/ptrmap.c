/*
 * ptrmap.c - open addressing with linear probing; keys are never removed
 * one by one, only all at once.
 */
#include "ptrmap.h"

#include <stdlib.h>

static size_t hash_pair(const void *a, const void *b)
{
	uint64_t h = (uint64_t)(uintptr_t)a * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)(uintptr_t)b + 0x632be59bd9b4e019ull + (h << 6) + (h >> 2);
	h *= 0xbf58476d1ce4e5b9ull;
	return (size_t)(h ^ (h >> 29));
}

void *bench_ptrmap_get(const struct bench_ptrmap *map, const void *a, const void *b)
{
	size_t i;

	if (!map->capacity)
		return NULL;
	for (i = hash_pair(a, b) & (map->capacity - 1);; i = (i + 1) & (map->capacity - 1)) {
		const struct bench_ptrmap_entry *e = &map->entries[i];

		if (!e->value)
			return NULL;
		if (e->a == a && e->b == b)
			return e->value;
	}
}

static void insert(struct bench_ptrmap_entry *entries, size_t capacity,
		   const void *a, const void *b, void *value)
{
	size_t i = hash_pair(a, b) & (capacity - 1);

	while (entries[i].value && !(entries[i].a == a && entries[i].b == b))
		i = (i + 1) & (capacity - 1);
	entries[i].a = a;
	entries[i].b = b;
	entries[i].value = value;
}

int bench_ptrmap_put(struct bench_ptrmap *map, const void *a, const void *b, void *value)
{
	if ((map->count + 1) * 2 > map->capacity) {
		size_t capacity = map->capacity ? map->capacity * 2 : 64, i;
		struct bench_ptrmap_entry *entries = calloc(capacity, sizeof(*entries));

		if (!entries)
			return 0;
		for (i = 0; i < map->capacity; i++)
			if (map->entries[i].value)
				insert(entries, capacity, map->entries[i].a,
				       map->entries[i].b, map->entries[i].value);
		free(map->entries);
		map->entries = entries;
		map->capacity = capacity;
	}
	if (!bench_ptrmap_get(map, a, b))
		map->count++;
	insert(map->entries, map->capacity, a, b, value);
	return 1;
}

void bench_ptrmap_clear(struct bench_ptrmap *map, void (*free_value)(void *))
{
	size_t i;

	for (i = 0; free_value && i < map->capacity; i++)
		if (map->entries[i].value)
			free_value(map->entries[i].value);
	free(map->entries);
	map->entries = NULL;
	map->capacity = 0;
	map->count = 0;
}
