/*
 * frame.h - pushing and closing frames of the shadow stack, and storing
 * the records that describe them.  Callers hold the thread's busy flag.
 */
#ifndef BENCH_FRAME_H
#define BENCH_FRAME_H

#include "internal.h"
#include "clock.h"
#include "loss.h"
#include "record.h"
#include "thread.h"

/* Pushes a frame for site under the recorded name; returns its token
 * (depth + 1), or 0 when the stack is full. */
static inline uint64_t bench_frame_push(struct bench_thread *t,
					const struct bench_site *site,
					const char *name)
{
	uint32_t depth = t->depth;
	struct bench_frame *f;

	if (unlikely(depth >= t->max_depth)) {
		bench_loss_drop(BENCH_DROP_DEPTH);
		return 0;
	}
	f = &t->frames[depth];
	f->site = site;
	f->name = name;
	if (likely(!t->quiet)) {
		f->id = bench_thread_next_id(t);
		f->flags = 0;
	} else {
		f->id = 0;
		f->flags = BENCH_FRAME_QUIET;
	}
	if (unlikely(site->flags & BENCH_SITE_NONBLOCKING)) {
		f->flags |= BENCH_FRAME_NONBLOCKING;
		t->nonblocking_open++;
	}
	if (unlikely(site->flags & BENCH_SITE_CPU)) {
		f->flags |= BENCH_FRAME_CPU;
		f->cpu_start = bench_clock_thread_cpu_ns();
	}
	t->depth = depth + 1;
	/* Last, so the runtime's own work is outside the measured time. */
	f->start = bench_clock_ticks();
	return depth + 1;
}

/* Closing a frame with flags (quiet, warming, iterated, cpu). */
void bench_frame_close_slow(struct bench_thread *t, uint32_t index,
			    uint64_t finish, unsigned int closed_by);

/* Closes the innermost frame, frames[index], and records it: folded in
 * summary mode, else (or when the fold table is full) a ring record. */
static inline void bench_frame_close(struct bench_thread *t, uint32_t index,
				     uint64_t finish, unsigned int closed_by)
{
	struct bench_frame *f = &t->frames[index];
	struct bench_record *r;

	if (unlikely(f->flags)) {
		if (f->flags & BENCH_FRAME_NONBLOCKING) {
			f->flags &= ~BENCH_FRAME_NONBLOCKING;
			t->nonblocking_open--;
		}
		if (f->flags) {
			bench_frame_close_slow(t, index, finish, closed_by);
			return;
		}
	}
	/* Summary mode: the call is this thread's to count (fold.h).  Folded,
	 * then popped: a signal handler that jumps out in between leaves the
	 * frame open, and the jump's unwind counts it a second time (at most
	 * one call more per jump); popped first, the call was lost (t222 lost
	 * one in 681,000 under load).  A ring record is filled, then the
	 * frame popped, then the record committed: the order __bench_longjmp
	 * relies on when a signal handler jumps out of __bench_exit
	 * (hooks.c). */
	if (t->fold && bench_fold_add(t->fold, f->site, f->name, finish - f->start)) {
		bench_signal_fence();
		t->depth = index;
		return;
	}
	r = bench_ring_reserve(&t->ring);
	if (unlikely(!r)) {
		t->depth = index;
		return;
	}
	bench_record_fill(r, BENCH_RECORD_CALL, 0, closed_by, index, f->id, index ? t->frames[index - 1].id : 0,
			  f->site, f->name, f->start, finish, 0);
	bench_signal_fence();
	t->depth = index;
	bench_signal_fence();
	bench_ring_commit(&t->ring);
}

/* Exit with a token that is not the innermost frame's: closes the frames a
 * longjmp skipped and the BENCH_TIME blocks left open.  Returns 0 when the
 * token's frame is already closed (the exit is then ignored). */
int bench_frame_resync(struct bench_thread *t, uint64_t token, uint64_t finish);

/* Closes every frame above keep_depth and every BENCH_TIME block above
 * keep_timings (innermost first). */
void bench_frame_unwind(struct bench_thread *t, uint32_t keep_depth,
			uint32_t keep_timings, uint64_t finish,
			unsigned int closed_by);

/* Gives every open frame a new id (quiet ones keep 0): the calls an exec
 * that failed had already recorded as ended go on as new ones. */
void bench_frame_renumber(struct bench_thread *t);

/* Opens a BENCH_TIME block; returns its token or 0. */
uint64_t bench_timing_open(struct bench_thread *t, const struct bench_site *site,
			   const char *name);
/* Closes the BENCH_TIME block of token (and any opened after it). */
void bench_timing_close(struct bench_thread *t, uint64_t token, uint64_t finish);

#endif /* BENCH_FRAME_H */
