/*
 * assemble.c - turns the records of one thread into calls for the sink.
 *
 * The parts of a call (ITERATION and TIMING records) precede its CALL
 * record on the same thread.  The frames of a thread nest, and ids grow
 * within a thread, so when a call's record arrives its parts are the tail
 * of the thread's pending list; anything after them with a larger id
 * belongs to a call whose record was dropped, and goes too.
 */
#include "assemble.h"

#include "clock.h"
#include "loss.h"
#include "unload.h"

#include <stdlib.h>

struct pending_part {
	uint64_t id;        /* the owning call */
	uint8_t kind;       /* BENCH_RECORD_ITERATION or BENCH_RECORD_TIMING */
	uint8_t has_cpu;
	const char *name;   /* TIMING */
	uint64_t ns;
	uint64_t cpu_ns;
};

struct bench_assembly {
	struct pending_part *parts;
	size_t count;
	size_t capacity;
	struct bench_assembly *next;
};

/* Thread states live in mappings that leak checkers do not scan: keep
 * the assemblies reachable from here too. */
static struct bench_assembly *all_assemblies;

/* Scratch arrays for the call being assembled; the drain lock covers them. */
static struct {
	uint64_t *durations, *cpu;
	struct bench_timing_view *timings;
	size_t capacity;
} scratch;

static const struct bench_sink *sink;

void bench_assemble_set_sink(const struct bench_sink *new_sink)
{
	sink = new_sink;
}

static struct bench_assembly *assembly_of(struct bench_ring *ring)
{
	if (!ring->assembly) {
		ring->assembly = calloc(1, sizeof(*ring->assembly));
		if (ring->assembly) {
			ring->assembly->next = all_assemblies;
			all_assemblies = ring->assembly;
		}
	}
	return ring->assembly;
}

static int grow(void **array, size_t *capacity, size_t element, size_t need)
{
	size_t n = *capacity ? *capacity : 64;
	void *p;

	while (n < need)
		n *= 2;
	if (n == *capacity)
		return 1;
	p = realloc(*array, n * element);
	if (!p)
		return 0;
	*array = p;
	*capacity = n;
	return 1;
}

static int grow_scratch(size_t need)
{
	size_t cap;
	void *d, *c, *t;

	for (cap = scratch.capacity ? scratch.capacity : 64; cap < need; cap *= 2)
		;
	d = realloc(scratch.durations, cap * sizeof(*scratch.durations));
	if (d)
		scratch.durations = d;
	c = realloc(scratch.cpu, cap * sizeof(*scratch.cpu));
	if (c)
		scratch.cpu = c;
	t = realloc(scratch.timings, cap * sizeof(*scratch.timings));
	if (t)
		scratch.timings = t;
	if (!d || !c || !t)
		return 0;
	scratch.capacity = cap;
	return 1;
}

/* Inline: the writer asks once per call, and almost always has room. */
static inline int reserve_scratch(size_t need)
{
	return likely(need <= scratch.capacity) || grow_scratch(need);
}

static void add_part(struct bench_ring *ring, const struct bench_record *r)
{
	struct bench_assembly *a = assembly_of(ring);
	size_t capacity;
	struct pending_part *p;

	if (!a)
		return;
	capacity = a->capacity;
	if (a->count == capacity &&
	    !grow((void **)&a->parts, &capacity, sizeof(*a->parts), a->count + 1))
		return;
	a->capacity = capacity;
	p = &a->parts[a->count++];
	p->id = r->id;
	p->kind = r->kind;
	p->has_cpu = (r->flags & BENCH_RECORD_CPU) != 0;
	p->name = r->name;
	p->ns = bench_clock_span_ns(r->start, r->finish);
	p->cpu_ns = r->cpu_ns;
}

static void emit_call(struct bench_ring *ring, const struct bench_record *r)
{
	struct bench_assembly *a = ring->assembly;
	struct bench_call_view call;
	size_t first = a ? a->count : 0, i, n_iter = 0, n_timing = 0;

	/* Parts of calls opened after this one were orphaned by a drop. */
	while (first > 0 && a->parts[first - 1].id >= r->id)
		first--;
	if (!reserve_scratch((a ? a->count - first : 0) + 1)) {
		/* Keep the call, without its parts, rather than lose it. */
		if (a)
			a->count = first;
		first = a ? a->count : 0;
		if (!reserve_scratch(1)) {
			bench_loss_unwritten(1, "out of memory while formatting");
			return;
		}
	}
	for (i = first; a && i < a->count; i++) {
		const struct pending_part *p = &a->parts[i];

		if (p->id != r->id)
			continue;
		if (p->kind == BENCH_RECORD_ITERATION) {
			scratch.durations[n_iter] = p->ns;
			scratch.cpu[n_iter] = p->cpu_ns;
			n_iter++;
		} else {
			scratch.timings[n_timing].name = p->name;
			scratch.timings[n_timing].ns = p->ns;
			n_timing++;
		}
	}
	if (a)
		a->count = first;

	/* Every field is set below (no memset: this runs once per record). */
	call.site = r->site;
	/* A site without a name (hand-made descriptors) still formats. */
	call.name = r->name ? r->name : r->site->function ? r->site->function : "(unnamed)";
	call.id = r->id;
	call.parent = r->parent;
	call.depth = r->depth;
	call.closed_by = r->closed_by;
	call.thread = ring->tid;
	call.start_wall_ns = bench_clock_ticks_to_wall_ns(r->start);
	call.finish_wall_ns = bench_clock_ticks_to_wall_ns(r->finish);
	if (!(r->flags & BENCH_RECORD_ITERATED)) {
		/* One execution: the call's own time. */
		scratch.durations[0] = call.finish_wall_ns > call.start_wall_ns ?
				       (uint64_t)(call.finish_wall_ns - call.start_wall_ns) : 0;
		scratch.cpu[0] = r->cpu_ns;
		n_iter = 1;
	}
	call.durations = scratch.durations;
	call.n_durations = n_iter;
	call.has_cpu = (r->site->flags & BENCH_SITE_CPU) != 0;
	call.cpu_durations = scratch.cpu;
	call.n_cpu_durations = call.has_cpu ? n_iter : 0;
	call.timings = scratch.timings;
	call.n_timings = n_timing;
	sink->write_call(&call);
}

void bench_assemble_record(struct bench_ring *ring, const struct bench_record *record)
{
	/* Made by a library that went before it could be written (unload.h):
	 * its site and name are gone with it. */
	if (unlikely(bench_unload_dead(record->site, record->finish))) {
		bench_loss_drop(BENCH_DROP_UNLOADED);
		return;
	}
	switch (record->kind) {
	case BENCH_RECORD_CALL:
		emit_call(ring, record);
		break;
	case BENCH_RECORD_ITERATION:
	case BENCH_RECORD_TIMING:
		add_part(ring, record);
		break;
	default:
		break; /* a torn slot cannot happen: head is published last */
	}
}

void bench_assemble_reset(struct bench_ring *ring)
{
	if (ring->assembly)
		ring->assembly->count = 0;
}

size_t bench_assemble_pending(const struct bench_ring *ring)
{
	return ring->assembly ? ring->assembly->count : 0;
}
