/*
 * unload.c - the address range of an object being unloaded, and copies of
 * its site descriptors for the tables that outlive it (unload.h).
 */
#define _GNU_SOURCE 1
#include "unload.h"

#include "bench.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

struct find_object {
	ElfW(Addr) base;
	struct bench_addr_range *range;
	int found;
};

static int object_extent(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct find_object *f = arg;

	(void)size;
	if (info->dlpi_addr != f->base)
		return 0;
	for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD)
			continue;
		if (!f->found || lo < f->range->lo)
			f->range->lo = lo;
		if (!f->found || hi > f->range->hi)
			f->range->hi = hi;
		f->found = 1;
	}
	return f->found;
}

int bench_unload_range(const void *code, struct bench_addr_range *range)
{
	struct link_map *map = NULL;
	struct find_object f;
	Dl_info info;

	if (!dladdr1(code, &info, (void **)&map, RTLD_DL_LINKMAP) || !map)
		return 0;
	f.base = map->l_addr;
	f.range = range;
	f.found = 0;
	dl_iterate_phdr(object_extent, &f);
	return f.found;
}

/* Every copy, chained from here for the rest of the process: the tables
 * that point to them are in mapped pages a leak checker does not scan. */
struct kept {
	struct kept *next;
	_Alignas(16) unsigned char bytes[];
};
static struct kept *kept_list;

static void *keep_alloc(size_t size)
{
	struct kept *k = malloc(sizeof(*k) + size);

	if (!k)
		return NULL;
	/* Pushed atomically: a stuck writer's unload copies without the
	 * drain lock (writer.c). */
	k->next = __atomic_load_n(&kept_list, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(&kept_list, &k->next, k, 1, __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED))
		;
	return k->bytes;
}

static char *keep_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = keep_alloc(n);

	return copy ? memcpy(copy, s, n) : NULL;
}

const char *bench_unload_keep_name(struct bench_unload_copies *c, const char *name)
{
	char *copy;

	if (!name || !bench_addr_in(&c->range, name))
		return name;
	copy = bench_ptrmap_get(&c->made, name, NULL);
	if (copy)
		return copy;
	copy = keep_string(name);
	if (copy)
		bench_ptrmap_put(&c->made, name, NULL, copy); /* else copied again: memory */
	return copy;
}

/* The copy of *orig (size bytes) made in this unload, made now if need
 * be (*fresh: its pointers still to be copied); orig itself outside the
 * range; NULL when out of memory. */
static void *keep_copy(struct bench_unload_copies *c, const void *orig, size_t size, int *fresh)
{
	void *copy;

	*fresh = 0;
	if (!orig || !bench_addr_in(&c->range, orig))
		return (void *)orig;
	copy = bench_ptrmap_get(&c->made, orig, NULL);
	if (copy)
		return copy;
	copy = keep_alloc(size);
	if (!copy)
		return NULL;
	memcpy(copy, orig, size);
	bench_ptrmap_put(&c->made, orig, NULL, copy);
	*fresh = 1;
	return copy;
}

const struct bench_site *bench_unload_keep_site(struct bench_unload_copies *c,
					       const struct bench_site *site)
{
	int fresh;
	struct bench_site *copy = keep_copy(c, site, sizeof(*site), &fresh);

	if (fresh) {
		copy->name = bench_unload_keep_name(c, site->name);
		copy->function = bench_unload_keep_name(c, site->function);
		copy->file = bench_unload_keep_name(c, site->file);
	}
	return copy;
}

const struct bench_call_site *bench_unload_keep_call_site(struct bench_unload_copies *c,
							  const struct bench_call_site *site)
{
	int fresh;
	struct bench_call_site *copy = keep_copy(c, site, sizeof(*site), &fresh);

	if (fresh) {
		copy->callee = bench_unload_keep_name(c, site->callee);
		copy->caller = bench_unload_keep_name(c, site->caller);
		copy->file = bench_unload_keep_name(c, site->file);
		copy->category = bench_unload_keep_name(c, site->category);
	}
	return copy;
}

void bench_unload_copies_done(struct bench_unload_copies *c)
{
	bench_ptrmap_clear(&c->made, NULL);
}

static struct dead_range {
	struct bench_addr_range range;
	uint64_t before;  /* ticks: records made later are another library's */
	int ready;
} dead[BENCH_DEAD_RANGES];
static unsigned dead_claimed;
unsigned bench_unload_dead_ranges; /* ranges claimed: a reader waits for ready */

void bench_unload_mark_dead(const struct bench_addr_range *range, uint64_t now_ticks)
{
	unsigned i = __atomic_fetch_add(&dead_claimed, 1, __ATOMIC_RELAXED);

	if (i >= BENCH_DEAD_RANGES)
		return;
	dead[i].range = *range;
	dead[i].before = now_ticks;
	__atomic_store_n(&dead[i].ready, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&bench_unload_dead_ranges, 1, __ATOMIC_RELEASE);
}

int bench_unload_dead_slow(const void *p, uint64_t ticks)
{
	unsigned n = __atomic_load_n(&bench_unload_dead_ranges, __ATOMIC_ACQUIRE);

	for (unsigned i = 0; i < n && i < BENCH_DEAD_RANGES; i++)
		if (__atomic_load_n(&dead[i].ready, __ATOMIC_ACQUIRE) &&
		    bench_addr_in(&dead[i].range, p) && ticks <= dead[i].before)
			return 1;
	return 0;
}
