/*
 * hooks.c - the entry points the plugin's code calls: function entry and
 * exit (a ring record, or in summary mode a fold into the thread's own
 * table), the iteration protocol, setjmp/longjmp resynchronisation.
 *
 * Each takes the thread's busy flag for the time it changes the thread's
 * state, so a signal handler that calls instrumented code meanwhile is
 * turned away (token 0) instead of corrupting the shadow stack or ring.
 */
#include "hooks.h"

#include "blocking.h"
#include "clock.h"
#include "frame.h"
#include "loss.h"

#include <stdio.h>

volatile int __bench_active = 1;

/* The fast paths run only with the TSC (t->fast_depth says so): reading it
 * directly keeps bench_clock_ticks' fallback, and the stack frame its
 * timespec needs, out of them. */
static inline uint64_t fast_ticks(void)
{
#if BENCH_HAVE_TSC
	return __rdtsc();
#else
	return 0; /* unreachable: fast_depth is 0 without a TSC */
#endif
}

static __thread int attaching; /* this thread is setting itself up */

static void warn_abi_once(const struct bench_site *site)
{
	static int warned;

	if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
		fprintf(stderr, "bench: ignoring code instrumented for runtime ABI %u "
			"(this runtime has ABI %u); rebuild it with this bench\n",
			site->abi, BENCH_ABI_VERSION);
}

struct bench_thread *bench_thread_for_call_slow(const struct bench_site *site)
{
	struct bench_thread *t = bench_self;

	if (!t) {
		if (attaching || !bench_runtime_init()) {
			bench_loss_drop(bench_runtime_loaded() ? BENCH_DROP_SIGNAL : BENCH_DROP_EARLY);
			return NULL;
		}
		if (!__atomic_load_n(&__bench_active, __ATOMIC_RELAXED))
			return NULL;
		attaching = 1;
		bench_signal_fence();
		t = bench_thread_attach();
		bench_signal_fence();
		attaching = 0;
		if (!t)
			return NULL;
	}
	if (t->busy) {
		if (t != &bench_thread_runtime)
			bench_loss_drop(t == &bench_thread_gone ? BENCH_DROP_THREAD_EXIT
								: BENCH_DROP_SIGNAL);
		return NULL;
	}
	if (site->abi != BENCH_ABI_VERSION) {
		warn_abi_once(site);
		bench_loss_drop(BENCH_DROP_ABI);
		return NULL;
	}
	return t;
}

/*
 * The hooks' fast paths handle only the common case (TSC clock and no
 * warm-up running, no flag on the frame or site, no id block or ring
 * threshold reached, the innermost frame; in summary mode, a key found in
 * its home slot) and reach everything else by a tail call to an out-of-line
 * slow path, so they need no callee-saved register and no stack frame of
 * their own.  The slow paths below are reached with the thread busy, and
 * clear the flag themselves.
 */
static __attribute__((noinline, cold)) uint64_t enter_busy_slow(struct bench_thread *t,
								const struct bench_site *site)
{
	uint64_t token = bench_frame_push(t, site, site->name);

	bench_signal_fence();
	t->busy = 0;
	return token;
}

static __attribute__((noinline, cold)) uint64_t enter_slow(const struct bench_site *site)
{
	struct bench_thread *t = bench_thread_for_call_slow(site);

	if (!t)
		return 0;
	t->busy = BENCH_BUSY_WITH(BENCH_BUSY_ENTER, t->depth + 1);
	bench_signal_fence();
	return enter_busy_slow(t, site);
}

uint64_t __bench_enter(const struct bench_site *site)
{
	struct bench_thread *t = bench_self;
	struct bench_frame *f;
	uint32_t depth;

	if (unlikely(!t || t->busy || site->abi != BENCH_ABI_VERSION))
		return enter_slow(site);
	/* Read before busy is set: a signal handler that runs in between
	 * leaves the depth as it found it, or never comes back here. */
	depth = t->depth;
	t->busy = BENCH_BUSY_WITH(BENCH_BUSY_ENTER, depth + 1);
	bench_signal_fence();
	/* A nonblocking site's frame is counted (see find_context in
	 * blocking.c), a CPU-timed one reads the thread's CPU clock. */
	if (unlikely(depth >= t->fast_depth ||
		     (site->flags & (BENCH_SITE_CPU | BENCH_SITE_NONBLOCKING)) ||
		     t->next_id == t->id_end))
		return enter_busy_slow(t, site);
	f = &t->frames[depth];
	f->site = site;
	f->name = site->name;
	f->id = t->next_id++;
	f->flags = 0;
	t->depth = depth + 1;
	/* Last, so the runtime's own work is outside the measured time. */
	f->start = fast_ticks();
	bench_signal_fence();
	t->busy = 0;
	return depth + 1;
}

static __attribute__((noinline, cold)) void exit_busy_slow(struct bench_thread *t,
							   uint64_t token, uint64_t now)
{
	/* The innermost frame without flags closes as on the fast path, in
	 * the same order of stores (bench_frame_close), so busy keeps saying
	 * so: this is where a thread waits for room in its ring, the longest
	 * a signal handler can find it in a hook.  Anything else has an
	 * order of its own (settle_abandoned_hook leaves it be). */
	if (likely(token == t->depth && !t->open_timings)) {
		if (t->frames[token - 1].flags & ~BENCH_FRAME_NONBLOCKING) {
			t->busy = BENCH_BUSY;
			bench_signal_fence();
		}
		bench_frame_close(t, (uint32_t)token - 1, now, BENCH_CLOSED_RETURN);
	} else {
		t->busy = BENCH_BUSY;
		bench_signal_fence();
		if (bench_frame_resync(t, token, now))
			bench_frame_close(t, (uint32_t)token - 1, now, BENCH_CLOSED_RETURN);
	}
	bench_signal_fence();
	t->busy = 0;
}

/* Not the TSC (or a warm-up runs): the clock is read here. */
static __attribute__((noinline, cold)) void exit_busy_read_clock(struct bench_thread *t,
								 uint64_t token)
{
	exit_busy_slow(t, token, bench_clock_ticks());
}

/* A tail call, so that the fast path keeps nothing across it. */
static __attribute__((noinline)) void exit_busy_drain(struct bench_thread *t,
						      struct bench_fold_table *fold)
{
	bench_fold_drain(fold);
	bench_signal_fence();
	t->busy = 0;
}

void __bench_exit(const struct bench_site *site, uint64_t token)
{
	struct bench_thread *t = bench_self;
	struct bench_fold_table *fold;
	struct bench_record *r;
	struct bench_ring *ring;
	struct bench_frame *f;
	uint32_t index;
	uint64_t now;

	(void)site;
	if (unlikely(!token || !t || t->busy))
		return;
	t->busy = BENCH_BUSY_WITH(BENCH_BUSY_EXIT, token);
	bench_signal_fence();
	/* Read the clock only once busy: a signal handler that ran between
	 * the two would nest its calls under this frame after its finish. */
	if (unlikely(!t->fast_depth)) {
		exit_busy_read_clock(t, token);
		return;
	}
	now = fast_ticks();
	index = (uint32_t)token - 1;
	f = &t->frames[index];
	/* An open BENCH_TIME block of this call flags its frame. */
	if (unlikely(token != t->depth || f->flags)) {
		exit_busy_slow(t, token, now);
		return;
	}
	fold = t->fold;
	if (fold) {
		/* Summary mode: the key's home slot, else the slow path
		 * probes on, claims a slot or falls back to the ring. */
		const struct bench_site *fsite = f->site;
		uint32_t i = bench_fold_home(fsite);
		const struct bench_fold_slot *s = &fold->slots[i];

		struct bench_fold_pending *e;
		uint32_t n;

		if (unlikely(s->site != fsite || s->name != f->name)) {
			exit_busy_slow(t, token, now);
			return;
		}
		/* Into the batch: nothing here waits for the clock read
		 * (fold.h).  Filled, popped, committed, in this order: see
		 * settle_abandoned_hook. */
		n = fold->pending;
		e = &fold->batch[n];
		bench_fold_store(e->slot, i);
		bench_fold_store(e->tag, (uint32_t)f->id);
		bench_fold_store(e->ticks, now - f->start);
		bench_signal_fence();
		t->depth = index;
		bench_signal_fence();
		__atomic_store_n(&fold->pending, n + 1, __ATOMIC_RELEASE);
		if (unlikely(n + 1 >= BENCH_FOLD_BATCH)) {
			exit_busy_drain(t, fold);
			return;
		}
		bench_signal_fence();
		t->busy = 0;
		return;
	}
	ring = &t->ring;
	if (unlikely(ring->head - ring->tail_seen >= ring->threshold)) {
		exit_busy_slow(t, token, now);
		return;
	}
	/* bench_frame_close's common case, with the ring's room known. */
	r = bench_ring_head_slot(ring);
	/* Field by field rather than bench_record_fill: with the helper GCC 12
	 * spills a register and sets up a stack frame on this fast path. */
	r->kind = BENCH_RECORD_CALL;
	r->flags = 0;
	r->closed_by = BENCH_CLOSED_RETURN;
	r->reserved = 0;
	r->depth = index;
	r->id = f->id;
	r->parent = index ? f[-1].id : 0;
	r->site = f->site;
	r->name = f->name;
	r->start = f->start;
	r->finish = now;
	r->cpu_ns = 0;
	/* Filled, popped, committed, in this order: see settle_abandoned_hook. */
	bench_signal_fence();
	t->depth = index;
	bench_signal_fence();
	bench_ring_commit(ring);
	bench_signal_fence();
	t->busy = 0;
}

/* The frame of token if it is still open and belongs to site. */
static struct bench_frame *iterated_frame(struct bench_thread *t,
					  const struct bench_site *site,
					  uint64_t token)
{
	struct bench_frame *f;

	if (!token || !t || t->busy || token > t->depth)
		return NULL;
	f = &t->frames[token - 1];
	return f->site == site ? f : NULL;
}

void __bench_iter_begin(const struct bench_site *site, uint64_t token, uint32_t n)
{
	struct bench_thread *t = bench_self;
	struct bench_frame *f = iterated_frame(t, site, token);

	if (!f)
		return;
	t->busy = 1;
	bench_signal_fence();
	f->flags |= BENCH_FRAME_ITERATED;
	if (n < site->warmup) {
		/* Calls made while warming up are not recorded. */
		if (!(f->flags & BENCH_FRAME_WARMING)) {
			f->flags |= BENCH_FRAME_WARMING;
			t->quiet++;
			bench_thread_quiet_changed(t);
		}
	} else {
		if (f->flags & BENCH_FRAME_CPU)
			f->iter_cpu_start = bench_clock_thread_cpu_ns();
		f->iter_start = bench_clock_ticks();
	}
	bench_signal_fence();
	t->busy = 0;
}

void __bench_iter_end(const struct bench_site *site, uint64_t token, uint32_t n)
{
	struct bench_thread *t = bench_self;
	struct bench_frame *f = iterated_frame(t, site, token);
	struct bench_record *r;
	uint64_t now;

	if (!f)
		return;
	t->busy = 1;
	bench_signal_fence();
	now = bench_clock_ticks(); /* once busy, as in __bench_exit */
	/* Frames a longjmp inside the body skipped. */
	if (t->depth > token)
		bench_frame_unwind(t, (uint32_t)token, t->open_timings, now, BENCH_CLOSED_LONGJMP);
	if (n < site->warmup) {
		if (f->flags & BENCH_FRAME_WARMING) {
			f->flags &= ~BENCH_FRAME_WARMING;
			t->quiet--;
			bench_thread_quiet_changed(t);
		}
	} else if (!(f->flags & BENCH_FRAME_QUIET)) {
		r = bench_ring_reserve_part(&t->ring);
		if (!r) {
			/* A call with a duration missing is not written. */
			f->flags |= BENCH_FRAME_PART_LOST;
		} else {
			bench_record_fill(r, BENCH_RECORD_ITERATION, 0, 0, (uint32_t)token - 1,
					  f->id, 0, site, f->name, f->iter_start, now, 0);
			if (f->flags & BENCH_FRAME_CPU) {
				r->flags = BENCH_RECORD_CPU;
				r->cpu_ns = bench_clock_thread_cpu_ns() - f->iter_cpu_start;
			}
			bench_ring_commit(&t->ring);
		}
	}
	bench_signal_fence();
	t->busy = 0;
}

int __bench_iter_more(const struct bench_site *site, uint64_t token, uint32_t n)
{
	uint32_t iterations = site->iterations ? site->iterations : 1;

	if (!token)
		return 0; /* not recording: run the body once, as written */
	return (uint64_t)n < (uint64_t)site->warmup + iterations;
}

/* Recording off: no state, so a disabled program starts no writer. */
static struct bench_thread *attach_for_setjmp(void)
{
	struct bench_thread *t;

	if (attaching || !bench_runtime_init() ||
	    !__atomic_load_n(&__bench_active, __ATOMIC_RELAXED))
		return NULL;
	attaching = 1;
	bench_signal_fence();
	t = bench_thread_attach();
	bench_signal_fence();
	attaching = 0;
	return t;
}

/* The slot remembering env's setjmp, or NULL (an env has one slot). */
static struct bench_jmp_slot *jmp_slot_of(struct bench_thread *t, const void *env)
{
	for (uint32_t i = 0; i < BENCH_JMP_SLOTS; i++)
		if (t->jmp[i].env == env)
			return &t->jmp[i];
	return NULL;
}

void __bench_setjmp(const void *env)
{
	struct bench_thread *t = bench_self;
	struct bench_jmp_slot *slot;

	/* A setjmp before the thread's first instrumented call (in main)
	 * must still be known, or the frames a later longjmp to it skips
	 * would stay open until exit. */
	if (!t)
		t = attach_for_setjmp();
	if (bench_thread_is_real(t) && t->busy)
		t->busy_jmp_env = env; /* the hooks never touch it */
	if (!t || t->busy)
		return;
	t->busy = 1;
	bench_signal_fence();
	slot = jmp_slot_of(t, env);
	if (!slot)
		slot = &t->jmp[t->jmp_next++ % BENCH_JMP_SLOTS];
	slot->env = env;
	slot->depth = t->depth;
	slot->open_timings = t->open_timings;
	slot->in_blocking = (uint32_t)bench_blocking_busy();
	bench_signal_fence();
	t->busy = 0;
}

/*
 * A signal handler is jumping out of a hook it interrupted (busy was set):
 * that hook never resumes.  The fast paths of enter and exit said which
 * frame they were at; their stores come in an order that tells how far
 * they got:
 *  - enter fills the frame, then pushes it: a pushed frame is one whose
 *    body never ran, and goes without a record;
 *  - exit (a ring record) fills the record, pops the frame, then commits:
 *    not popped, the frame is closed as returned (its body did return);
 *    popped, the record is whole and is committed if it was not yet;
 *  - exit in summary mode fills a batch entry, pops, then commits it:
 *    not popped, the frame is closed as returned; popped, the entry is
 *    committed if it was not yet (a batch drain it began is left as it
 *    is, at most one call counted twice: fold.h).
 * Any other work (BENCH_BUSY) is left as it was found, and the frames are
 * closed by the jump as before.
 */
static void settle_abandoned_hook(struct bench_thread *t, int busy, uint64_t now)
{
	uint32_t token = BENCH_BUSY_TOKEN(busy);
	struct bench_ring *ring = &t->ring;
	struct bench_frame *f;

	if (token == 0 || token > t->max_depth)
		return;
	f = &t->frames[token - 1];
	switch (BENCH_BUSY_KIND(busy)) {
	case BENCH_BUSY_ENTER:
		if (t->depth != token)
			return; /* not pushed */
		if (f->flags & BENCH_FRAME_NONBLOCKING)
			t->nonblocking_open--;
		t->depth = token - 1;
		return;
	case BENCH_BUSY_EXIT:
		if (t->depth == token) {
			bench_frame_close(t, token - 1, now, BENCH_CLOSED_RETURN);
		} else if (t->depth == token - 1 && t->fold) {
			/* The batch entry after the committed ones, if the
			 * hook filled it for this frame and did not commit. */
			struct bench_fold_table *fold = t->fold;
			uint32_t n = fold->pending;

			if (n < BENCH_FOLD_BATCH && fold->batch[n].tag == (uint32_t)f->id &&
			    fold->batch[n].slot < BENCH_FOLD_SLOTS &&
			    fold->slots[fold->batch[n].slot].site == f->site)
				__atomic_store_n(&fold->pending, ++n, __ATOMIC_RELEASE);
			/* Full: committed, or a drain the jump cut short.  The
			 * fast path writes at pending, so it must not stay so. */
			if (n >= BENCH_FOLD_BATCH)
				bench_fold_drain(fold);
		} else if (t->depth == token - 1) {
			/* The slot the hook reserved: its record, if it got as
			 * far as filling it (a frame's id is recorded once). */
			const struct bench_record *r = &ring->slots[ring->head & ring->mask];

			if (r->kind == BENCH_RECORD_CALL && r->id == f->id)
				bench_ring_commit(ring);
		}
		return;
	default:
		return;
	}
}

void __bench_longjmp(const void *env)
{
	struct bench_thread *t = bench_self;
	const struct bench_jmp_slot *slot;
	uint64_t now;
	int busy;

	if (!bench_thread_is_real(t))
		return;
	slot = jmp_slot_of(t, env);
	/* A setjmp made while busy, inside a signal handler that interrupted
	 * the runtime, which resumes once the handler returns: leave
	 * everything as it is.  (Any other env not known has had its slot
	 * taken by newer ones: nothing to unwind to, but a handler's jump out
	 * of the runtime must still free it.) */
	if (!slot && (env == t->busy_jmp_env || !t->busy))
		return;
	/* busy here means a signal handler is jumping out of the runtime:
	 * the interrupted work never resumes, so the flag must not stay set. */
	busy = t->busy;
	t->busy = BENCH_BUSY;
	bench_signal_fence();
	now = bench_clock_ticks(); /* once busy, as in __bench_exit */
	if (busy)
		settle_abandoned_hook(t, busy, now);
	if (slot && slot->depth <= t->depth && slot->open_timings <= t->open_timings)
		bench_frame_unwind(t, slot->depth, slot->open_timings, now, BENCH_CLOSED_LONGJMP);
	if (slot && !slot->in_blocking)
		bench_blocking_jumped_out();
	bench_signal_fence();
	t->busy = 0;
}
