/*
 * intern.c - copies of block names: records keep a name pointer until the
 * writer formats them, long after a caller's temporary string is gone.
 * Equal names share a copy, so memory grows with distinct names only.
 */
#include "intern.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct interned {
	struct interned *next;
	size_t hash;
	char text[];
};

static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static struct interned **table;
static size_t table_size, table_count;

static size_t hash_string(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void grow_table(void)
{
	size_t size = table_size ? table_size * 2 : 256, i;
	struct interned **bigger = calloc(size, sizeof(*bigger));

	if (!bigger)
		return; /* longer chains, still correct */
	for (i = 0; i < table_size; i++) {
		struct interned *e = table[i], *next;

		for (; e; e = next) {
			next = e->next;
			e->next = bigger[e->hash & (size - 1)];
			bigger[e->hash & (size - 1)] = e;
		}
	}
	free(table);
	table = bigger;
	table_size = size;
}

const char *bench_intern(const char *name)
{
	size_t hash = hash_string(name), len;
	struct interned *e;
	const char *copy = NULL;

	pthread_mutex_lock(&intern_lock);
	if (table_count >= table_size)
		grow_table();
	if (!table)
		goto out;
	for (e = table[hash & (table_size - 1)]; e; e = e->next)
		if (e->hash == hash && !strcmp(e->text, name)) {
			copy = e->text;
			goto out;
		}
	len = strlen(name);
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
		goto out;
	e->hash = hash;
	memcpy(e->text, name, len + 1);
	e->next = table[hash & (table_size - 1)];
	table[hash & (table_size - 1)] = e;
	table_count++;
	copy = e->text;
out:
	pthread_mutex_unlock(&intern_lock);
	return copy;
}

void bench_intern_before_fork(void)
{
	pthread_mutex_lock(&intern_lock);
}

void bench_intern_after_fork(void)
{
	pthread_mutex_unlock(&intern_lock);
}
