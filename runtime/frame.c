/*
 * frame.c - the less common ways frames and BENCH_TIME blocks close:
 * warm-up and iterated frames, CPU time, longjmp resynchronisation, exit.
 */
#include "frame.h"

static void store_call(struct bench_thread *t, const struct bench_frame *f,
		       uint32_t index, uint64_t finish, unsigned int closed_by,
		       unsigned int flags, uint64_t cpu_ns)
{
	struct bench_record *r;

	/* Its parts already in the ring go with the next call closed
	 * around it (assemble.c); the call is counted once. */
	if (f->flags & BENCH_FRAME_PART_LOST) {
		bench_loss_drop(t->ring.drop_when_full ? BENCH_DROP_BUFFER_FULL : BENCH_DROP_SIGNAL);
		return;
	}
	r = bench_ring_reserve(&t->ring);
	if (!r)
		return;
	bench_record_fill(r, BENCH_RECORD_CALL, flags, closed_by, index, f->id, index ? t->frames[index - 1].id : 0,
			  f->site, f->name, f->start, finish, cpu_ns);
	bench_ring_commit(&t->ring);
}

void bench_frame_close_slow(struct bench_thread *t, uint32_t index,
			    uint64_t finish, unsigned int closed_by)
{
	struct bench_frame *f = &t->frames[index];
	unsigned int flags = 0;
	uint64_t cpu_ns = 0;

	t->depth = index;
	/* A warm-up execution left by longjmp or exit still ends the warm-up
	 * for the calls that follow. */
	if (f->flags & BENCH_FRAME_WARMING) {
		f->flags &= ~BENCH_FRAME_WARMING;
		t->quiet--;
		bench_thread_quiet_changed(t);
	}
	if (f->flags & BENCH_FRAME_QUIET)
		return;
	if (f->flags & BENCH_FRAME_ITERATED)
		flags |= BENCH_RECORD_ITERATED;
	if (f->flags & BENCH_FRAME_CPU) {
		flags |= BENCH_RECORD_CPU;
		cpu_ns = bench_clock_thread_cpu_ns() - f->cpu_start;
	}
	store_call(t, f, index, finish, closed_by, flags, cpu_ns);
}

/* A standalone BENCH_TIME block (no call was open) is a call of its own. */
static void store_standalone_timing(struct bench_thread *t,
				    const struct bench_open_timing *e,
				    uint64_t finish)
{
	uint64_t id = bench_thread_next_id(t);
	struct bench_record *r = bench_ring_reserve(&t->ring);

	if (!r)
		return;
	bench_record_fill(r, BENCH_RECORD_CALL, 0, BENCH_CLOSED_RETURN, 0, id, 0,
			  e->site, e->name, e->start, finish, 0);
	bench_ring_commit(&t->ring);
}

static void close_innermost_timing(struct bench_thread *t, uint64_t finish)
{
	const struct bench_open_timing *e = &t->timings[--t->open_timings];
	struct bench_record *r;

	if (e->quiet)
		return;
	if (!e->owner_token) {
		store_standalone_timing(t, e, finish);
		return;
	}
	/* Its call closes after it, so the call's record follows this one. */
	r = bench_ring_reserve_part(&t->ring);
	if (!r) {
		if (e->owner_token <= t->depth && t->frames[e->owner_token - 1].id == e->owner_id)
			t->frames[e->owner_token - 1].flags |= BENCH_FRAME_PART_LOST;
		return;
	}
	bench_record_fill(r, BENCH_RECORD_TIMING, 0, BENCH_CLOSED_RETURN, e->owner_token - 1, e->owner_id, 0,
			  e->site, e->name, e->start, finish, 0);
	bench_ring_commit(&t->ring);
}

uint64_t bench_timing_open(struct bench_thread *t, const struct bench_site *site,
			   const char *name)
{
	struct bench_open_timing *e;
	uint32_t depth = t->depth;

	if (t->open_timings >= BENCH_MAX_OPEN_TIMINGS) {
		bench_loss_drop(BENCH_DROP_TIMING_DEPTH);
		return 0;
	}
	e = &t->timings[t->open_timings];
	e->site = site;
	e->name = name;
	e->owner_token = depth;
	e->owner_id = depth ? t->frames[depth - 1].id : 0;
	/* Timings of warm-up executions are not recorded, like their calls. */
	e->quiet = t->quiet != 0;
	t->open_timings++;
	/* Its call's exit may have to close it, and in summary mode the
	 * call needs a record for the writer to join it to (not a fold):
	 * both off the fast path. */
	if (depth)
		t->frames[depth - 1].flags |= BENCH_FRAME_PARTS;
	e->start = bench_clock_ticks();
	return BENCH_TIMING_TOKEN | t->open_timings;
}

void bench_timing_close(struct bench_thread *t, uint64_t token, uint64_t finish)
{
	uint32_t slot = (uint32_t)token;

	/* Already closed by a resync: ignore, as for frames. */
	if (slot == 0 || slot > t->open_timings)
		return;
	while (t->open_timings >= slot)
		close_innermost_timing(t, finish);
}

/* BENCH_TIME blocks of the frames from token up go before those frames. */
static void close_timings_of(struct bench_thread *t, uint32_t token, uint64_t finish)
{
	while (t->open_timings &&
	       t->timings[t->open_timings - 1].owner_token >= token)
		close_innermost_timing(t, finish);
}

void bench_frame_renumber(struct bench_thread *t)
{
	uint32_t i;

	for (i = 0; i < t->depth && i < t->max_depth; i++)
		if (t->frames[i].id)
			t->frames[i].id = bench_thread_next_id(t);
}

void bench_frame_unwind(struct bench_thread *t, uint32_t keep_depth,
			uint32_t keep_timings, uint64_t finish,
			unsigned int closed_by)
{
	while (t->depth > keep_depth) {
		close_timings_of(t, t->depth, finish);
		bench_frame_close(t, t->depth - 1, finish, closed_by);
	}
	while (t->open_timings > keep_timings)
		close_innermost_timing(t, finish);
}

int bench_frame_resync(struct bench_thread *t, uint64_t token, uint64_t finish)
{
	if (token > t->depth)
		return 0;
	while (t->depth > token) {
		close_timings_of(t, t->depth, finish);
		bench_frame_close(t, t->depth - 1, finish, BENCH_CLOSED_LONGJMP);
	}
	close_timings_of(t, (uint32_t)token, finish);
	return 1;
}
