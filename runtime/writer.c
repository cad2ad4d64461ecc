/*
 * writer.c - drains the rings into the sink: a writer thread every
 * flush_ms (or as soon as a ring is an eighth full or a producer waits on a
 * full one), bench_flush(), and exit.  One drain lock serialises every
 * consumer.
 *
 * Once woken, the writer drains pass after pass, side by side with the
 * producers, until a pass finds (almost) nothing: only then does it write
 * out what it buffered and sleep.  Between passes it lets a thread waiting for the
 * drain lock (bench_flush, fork, exit) have it.
 *
 * A thread whose ring is full waits for the writer (bench_writer_wait_room)
 * and never formats, except where no writer can run: it failed to start,
 * or the last flush stopped it (calls from late destructors).  A signal
 * handler on a thread that holds the drain lock can neither wait nor
 * drain: its records are counted as dropped.
 */
#include "writer.h"

#include "assemble.h"
#include "blocking.h"
#include "clock.h"
#include "frame.h"
#include "loss.h"
#include "output.h"
#include "process.h"
#include "spool.h"
#include "symbols.h"
#include "thread.h"
#include "unload.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum writer_state { WRITER_NONE, WRITER_RUNNING, WRITER_FAILED };

static pthread_mutex_t drain_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct bench_sink *sink;
static unsigned int flush_interval_ms = 100;
static int writer_state;
static int finished;       /* the last flush is done: the writer stops */
static int loss_reported;  /* and the losses were reported */
static uint32_t wake_word; /* futex: 1 = drain now */
static int writer_sleeping; /* the writer waits on wake_word: kicks wake it */
static int writer_napping;  /* a short wait on wake_word: only urgent kicks wake it */
static uint32_t urgent;     /* a thread waits for room: the writer's nap ends now */
static uint32_t lock_waiters; /* futex: threads other than the writer in lock_drain */
static int writer_alive;    /* the writer has got through its thread start */
static pthread_t writer_thread;
static int writer_joinable; /* writer_thread is this process's writer */
static uint64_t caller_drained; /* records a full ring's own thread formatted */
/* This thread holds drain_lock: a signal handler here must not wait for
 * the writer (it needs the lock) nor take the lock itself. */
static __thread volatile sig_atomic_t holds_drain_lock;

/* How long the last flush waits for the writer to stop: it only has to
 * notice `finished`, so this is reached only when something is wrong, and
 * exit must go on then. */
#define WRITER_STOP_TIMEOUT_MS 1000

void bench_writer_init(const struct bench_sink *new_sink, unsigned int flush_ms)
{
	sink = new_sink;
	flush_interval_ms = flush_ms;
	bench_assemble_set_sink(new_sink);
}

/* What the writer's last pass spooled, and how full (in 1/1024) the
 * fullest ring it spooled was when it looked: the writer's own. */
static size_t pass_spooled;
static uint64_t pass_fill;

/*
 * One ring's published records: copied to the spool when the writer is
 * behind or the spool holds anything (may_spool: the writer thread, which
 * formats it later), else formatted, after anything spooled (the older
 * records of some thread).  Every other drain promises output now.
 */
static size_t drain_ring_locked(struct bench_ring *ring, int may_spool)
{
	uint64_t used = bench_ring_used(ring);

	if (!used)
		return 0;
	if (may_spool && bench_spool_wanted(ring, used)) {
		long n = bench_spool_append(ring);

		if (n >= 0) {
			uint64_t fill = used * 1024 / ring->capacity;

			pass_spooled += (size_t)n;
			if (fill > pass_fill)
				pass_fill = fill;
			return (size_t)n;
		}
	}
	if (bench_spool_pending())
		bench_spool_format_all(bench_assemble_record);
	return bench_ring_consume(ring, bench_assemble_record);
}

/* One pass over every ring and event queue; returns the records and
 * events it consumed.  The sink may still buffer some: callers that
 * promise output flush it.  on_writer: the writer thread's drain, which
 * threads with a full ring may be waiting for (see bench_clock_refine),
 * and which may spool; refine: whether it refines the clock (not at every
 * pass of a long busy period: a few clock reads each, and the baseline
 * hardly grows). */
/* A library went while the writer was stuck (write_before_unload): the
 * caches keyed by its addresses are dropped at the next drain. */
static int forget_pending;

static size_t drain_all_locked(int final, int on_writer, int refine)
{
	struct bench_thread *t;
	size_t drained = 0;

	if (__atomic_exchange_n(&forget_pending, 0, __ATOMIC_ACQ_REL)) {
		sink->forget_sites(NULL);
		bench_blocking_forget_sites(NULL);
	}

	pass_spooled = 0;
	pass_fill = 0;
	if (!on_writer) {
		bench_clock_calibrate(final);
		/* A flush promises everything recorded so far. */
		bench_spool_format_all(bench_assemble_record);
	} else if (refine) {
		bench_clock_refine();
	}
	for (t = bench_thread_first(); t; t = t->next) {
		switch (bench_thread_state(t)) {
		case BENCH_THREAD_LIVE:
			drained += drain_ring_locked(&t->ring, on_writer);
			break;
		case BENCH_THREAD_EXITED:
			/* Its thread wrote its last records before the state
			 * changed: after this drain, and once its spooled
			 * records are formatted, the state is reusable. */
			drained += drain_ring_locked(&t->ring, on_writer);
			if (!t->ring.spooled) {
				bench_assemble_reset(&t->ring);
				bench_thread_release(t);
			}
			break;
		default:
			break;
		}
	}
	drained += bench_blocking_drain(sink->write_blocking);
	return drained;
}

/* Everyone but the writer thread: counted, so that the writer, which
 * drains pass after pass, steps aside between two passes. */
/* Waits for the drain lock, until deadline (CLOCK_REALTIME) when not
 * NULL; returns 0 once held. */
static int lock_drain_until(const struct timespec *deadline)
{
	int rc;

	__atomic_add_fetch(&lock_waiters, 1, __ATOMIC_ACQ_REL);
	rc = deadline ? pthread_mutex_timedlock(&drain_lock, deadline)
		      : pthread_mutex_lock(&drain_lock);
	__atomic_sub_fetch(&lock_waiters, 1, __ATOMIC_ACQ_REL);
	if (rc)
		return rc;
	syscall(SYS_futex, &lock_waiters, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	holds_drain_lock = 1;
	bench_signal_fence();
	return 0;
}

static void lock_drain(void)
{
	lock_drain_until(NULL);
}

static int trylock_drain(void)
{
	if (pthread_mutex_trylock(&drain_lock))
		return -1;
	holds_drain_lock = 1;
	bench_signal_fence();
	return 0;
}

static void unlock_drain(void)
{
	bench_signal_fence();
	holds_drain_lock = 0;
	pthread_mutex_unlock(&drain_lock);
}

/* Holds the thread's busy flag while it holds the drain lock, so that a
 * signal handler's calls cannot try to take the lock again. */
static int enter_runtime(void)
{
	struct bench_thread *t = bench_self;

	if (!t)
		return 1;
	if (t->busy)
		return 0;
	t->busy = 1;
	bench_signal_fence();
	return 1;
}

static void leave_runtime(void)
{
	struct bench_thread *t = bench_self;

	if (bench_thread_is_real(t)) {
		bench_signal_fence();
		t->busy = 0;
	}
}

/*
 * A thread still running after the last write at exit (or _exit) filled
 * its ring (or its blocking-event queue).  Its calls still open then are recorded as ended by exit, so
 * writing what it made since would record them twice, and the process
 * may end inside that write.  They are counted; once the loss report
 * is out (or being printed), this says so once.
 */
void bench_writer_count_after_exit(uint64_t n)
{
	static int said;
	static const char note[] =
		"bench: records made by threads still running after the final write at exit "
		"are not written\n";

	bench_loss_drop_n(BENCH_DROP_AFTER_EXIT, n);
	/* Before the report, the count is in it. */
	if (__atomic_load_n(&loss_reported, __ATOMIC_ACQUIRE) &&
	    !__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED)) {
		ssize_t r = write(BENCH_MESSAGE_FD, note, sizeof(note) - 1);

		(void)r; /* nowhere else to say it; the caller keeps errno */
	}
}

int bench_writer_finished(void)
{
	return __atomic_load_n(&finished, __ATOMIC_ACQUIRE);
}

static void discard_after_exit(struct bench_ring *ring)
{
	bench_writer_count_after_exit(bench_ring_used(ring));
	bench_ring_discard(ring);
}

void bench_writer_drain_ring(struct bench_ring *ring)
{
	/* Called on the ring's own thread, already busy.  A signal handler
	 * that interrupted this thread's own drain cannot take the lock. */
	if (!sink || holds_drain_lock)
		return;
	lock_drain();
	if (finished) {
		discard_after_exit(ring);
		unlock_drain();
		return;
	}
	__atomic_add_fetch(&caller_drained, bench_ring_used(ring), __ATOMIC_RELAXED);
	bench_clock_calibrate(0);
	drain_ring_locked(ring, 0);
	sink->flush();
	unlock_drain();
}

uint64_t bench_writer_caller_drained(void)
{
	return __atomic_load_n(&caller_drained, __ATOMIC_RELAXED);
}

/* The writer can drain for a thread whose ring or queue is full: 0;
 * no writer thread can run: -1; this thread holds the drain lock: -2; a
 * process started by clone(), where nobody may drain: -3. */
static int writer_can_drain(void)
{
	if (bench_process_is_clone())
		return -3;
	if (__atomic_load_n(&writer_state, __ATOMIC_ACQUIRE) != WRITER_RUNNING ||
	    __atomic_load_n(&finished, __ATOMIC_ACQUIRE) || !sink)
		return -1;
	if (holds_drain_lock)
		return -2;
	return 0;
}

/* A thread is waiting for room, or the writer must stop: a napping
 * writer is woken too. */
static void kick_urgently(void)
{
	__atomic_store_n(&urgent, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&wake_word, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&writer_sleeping, __ATOMIC_SEQ_CST) ||
	    __atomic_load_n(&writer_napping, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &wake_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

int bench_writer_wait_room(struct bench_room *room, uint64_t want_tail)
{
	int can = writer_can_drain();

	if (can)
		return can;
	kick_urgently();
	/* 10 ms: a lost wake-up (the writer freed room between our look at
	 * the queue and this wait) costs at most one period, never a hang. */
	bench_room_wait(room, want_tail, 10 * 1000000L);
	return 0;
}

static void record_open_frames_at_exec(uint64_t now);

/* Drains every ring to the sink, which then writes what it buffered, or
 * does what it does before an exec.  0 when this thread may not: the
 * runtime is not ready, it is inside the runtime, or this is a clone()
 * child, whose records are its parent's (process.h; the exec that
 * follows may run on a stack of a few KiB). */
static int drain_to_sink(int before_exec)
{
	if (!bench_runtime_ready() || bench_process_is_clone() || !enter_runtime())
		return 0;
	lock_drain();
	if (!finished) {
		drain_all_locked(0, 0, 1);
		if (before_exec)
			sink->before_exec(record_open_frames_at_exec, bench_clock_ticks());
		else
			sink->flush();
	}
	unlock_drain();
	leave_runtime();
	return 1;
}

void bench_writer_flush(void)
{
	(void)drain_to_sink(0);
}

/*
 * Records name their site and name by pointers into the code that made
 * them: before a library is unloaded, everything recorded so far (spooled
 * records included) is formatted.  Not from the drain lock's holder (the
 * writer's own libraries, libdw's backends), nor from a dlclose nested in
 * another (a destructor run by the loader: it holds the loader's lock,
 * which a writer resolving a trace (dladdr) may be waiting for); and the
 * lock is waited for a bounded time, so that an unload from another
 * loader context (a constructor) delays, never deadlocks.
 */
static __thread int unloading;

/* The drain lock could not be had in time before an unload: a writer
 * stuck (a full pipe, or waiting for the loader's lock that the unloading
 * thread holds).  Records of the library may then outlive its code. */
static void say_unload_timeout(void)
{
	static int said;
	static const char note[] =
		"bench: the writer was busy when a library was unloaded: records its code made "
		"and that were not written yet are dropped (counted)\n";

	if (!__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED)) {
		ssize_t r = write(BENCH_MESSAGE_FD, note, sizeof(note) - 1);

		(void)r;
	}
}

/* Writes every record so far; with copies, then also makes the sinks and
 * tables keep no pointer into the range going (unload.h). */
static void write_before_unload(int seconds, struct bench_unload_copies *copies)
{
	struct timespec deadline;

	if (!enter_runtime())
		return;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += seconds;
	if (lock_drain_until(&deadline) == 0) {
		if (!finished) {
			drain_all_locked(0, 0, 1);
			sink->flush();
			if (copies) {
				sink->forget_sites(copies);
				bench_blocking_forget_sites(copies);
				sink->forget_sites(NULL);
				bench_blocking_forget_sites(NULL);
				bench_symbols_forget();
			}
		}
		unlock_drain();
	} else {
		say_unload_timeout();
		if (copies) {
			/* Not written, and never to be: the writer skips them
			 * (and counts them).  The tables' pointers become copies
			 * now, without the lock (the writer is stuck elsewhere);
			 * its caches go at its next drain. */
			bench_unload_mark_dead(&copies->range, bench_clock_ticks());
			sink->forget_sites(copies);
			bench_blocking_forget_sites(copies);
			bench_symbols_forget();
			__atomic_store_n(&forget_pending, 1, __ATOMIC_RELEASE);
		}
	}
	leave_runtime();
}

static int can_write_before_unload(void)
{
	return bench_runtime_ready() && !holds_drain_lock && sink && !bench_process_is_clone();
}

void bench_writer_before_unload(void)
{
	/* Before the C library's dlclose, which takes the loader's lock: the
	 * writer may need it to name frames, so it is waited for longer
	 * than from a destructor, which runs with that lock held. */
	if (unloading++ || !can_write_before_unload())
		return;
	write_before_unload(10, NULL);
}

void bench_writer_unit_unload(const void *code)
{
	struct bench_unload_copies copies;

	if (!can_write_before_unload())
		return;
	memset(&copies, 0, sizeof(copies));
	if (!bench_unload_range(code, &copies.range)) {
		write_before_unload(1, NULL);
		return;
	}
	write_before_unload(1, &copies);
	bench_unload_copies_done(&copies);
}

void bench_writer_after_unload(void)
{
	unloading--;
}

/*
 * Kicking a sleeping writer costs the kicking thread a futex wake-up (a
 * few microseconds, inside its timed call: ~4 ns an event in a stream of
 * blocking events).  While producers kick often, the writer instead naps
 * as long as its last sleep lasted until a kick, and looks again: it wakes
 * about as often as they would have woken it, and they pay nothing.  A
 * kick during a nap only sets wake_word; a thread waiting for room, and
 * the last flush, wake it at once (kick_urgently).  The producers have
 * seven eighths of their queues left when they would have kicked, so a
 * nap of that interval never makes one wait.  Kicks further apart than
 * NAP_MAX_NS (a few records a microsecond or fewer) wake it as before.
 */
#define NAP_MAX_NS 1000000L
#define NAP_MIN_NS 10000L

/* How long the last sleep lasted until a kick ended it; 0 when it timed
 * out or lasted longer than NAP_MAX_NS.  The writer's own. */
static long kick_interval_ns;

/* Waits on wake_word, at most timeout, with *waiting set (the flag a kick
 * looks at to know it must wake the writer).  The flag is set first and
 * wake_word read after it: a kick that did not see it set made wake_word
 * 1 before that read, and then the futex does not wait. */
static void wait_on_wake_word(int *waiting, const struct timespec *timeout)
{
	__atomic_store_n(waiting, 1, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&wake_word, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &wake_word, FUTEX_WAIT_PRIVATE, 0, timeout, NULL, 0);
	__atomic_store_n(waiting, 0, __ATOMIC_RELAXED);
}

/* Until kicked or flush_ms passed; measures kick_interval_ns. */
static void sleep_until_kicked(void)
{
	struct timespec timeout = { flush_interval_ms / 1000,
				    (long)(flush_interval_ms % 1000) * 1000000L };
	uint64_t start = bench_clock_monotonic_ns();
	long slept;

	wait_on_wake_word(&writer_sleeping, &timeout);
	slept = (long)(bench_clock_monotonic_ns() - start);
	if (!__atomic_load_n(&wake_word, __ATOMIC_ACQUIRE) || slept > NAP_MAX_NS)
		kick_interval_ns = 0;
	else
		kick_interval_ns = slept < NAP_MIN_NS ? NAP_MIN_NS : slept;
}

/* Until kicked urgently or kick_interval_ns passed. */
static void nap(void)
{
	struct timespec timeout = { 0, kick_interval_ns };

	wait_on_wake_word(&writer_napping, &timeout);
}

/* A bench_flush(), fork or exit waits for the drain lock: let it have the
 * lock before the next pass (bounded: it only has to be scheduled). */
static void step_aside_for_lock_waiters(void)
{
	struct timespec timeout = { 0, 1000000L };
	uint32_t waiting = __atomic_load_n(&lock_waiters, __ATOMIC_ACQUIRE);

	if (waiting)
		syscall(SYS_futex, &lock_waiters, FUTEX_WAIT_PRIVATE, waiting, &timeout, NULL, 0);
}

/* A pass that finds fewer records than this means the producers are
 * slower than the writer: another pass right away would cost more than
 * its records (a pass reads the clock and walks every thread), so the
 * writer writes out and sleeps until the next kick or flush_ms. */
#define BUSY_PASS_MIN 32
/* Passes between two clock refinements in a long busy period. */
#define REFINE_EVERY 64

/*
 * While the writer spools, it drains in bursts, well behind the producers:
 * a consumer that follows right behind a producer makes the ring's cache
 * lines bounce between their cores (it costs the producer about as much as
 * its own work), one that comes back after a while and takes everything
 * costs it almost nothing.  It naps between passes for as long as makes
 * the fullest ring about a quarter to a half full at the next pass; a
 * producer that finds its ring full wakes it at once (kick_urgently),
 * ordinary kicks do not.
 */
#define SPOOL_NAP_MIN_NS 10000L
#define SPOOL_NAP_MAX_NS 2000000L
/* Records formatted from the spool per pass when the rings are quiet: a
 * producer that starts again finds the writer back within ~0.1 ms. */
#define SPOOL_FORMAT_CHUNK 4096u

static long spool_nap_ns = 50000L; /* the writer's own */

/* Formats the spool's front for up to ns, while nobody waits for the
 * drain lock nor for room; returns the time it took. */
static long format_spool_for(long ns)
{
	uint64_t start = bench_clock_monotonic_ns(), spent = 0;

	pthread_mutex_lock(&drain_lock);
	while (!finished && bench_spool_pending() && spent < (uint64_t)ns &&
	       !__atomic_load_n(&lock_waiters, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&urgent, __ATOMIC_RELAXED)) {
		bench_spool_format(256, bench_assemble_record);
		spent = bench_clock_monotonic_ns() - start;
	}
	pthread_mutex_unlock(&drain_lock);
	return (long)spent;
}

/*
 * Between two spooling passes the rings are left alone, and the writer
 * formats the spool's front instead of sleeping: that touches no ring (no
 * cache line bounces; measured: the producers' cost per call is the same
 * as with the writer asleep), so the backlog left for the next pause or
 * flush is only what the producers made beyond the writer's pace.  A
 * thread waiting for room (kick_urgently) or for the lock ends it.
 */
static void spool_nap(uint64_t fill)
{
	struct timespec timeout = { 0, 0 };
	long formatted = 0;

	if (fill < 256 && spool_nap_ns < SPOOL_NAP_MAX_NS)
		spool_nap_ns *= 2;
	else if (fill > 512 && spool_nap_ns > SPOOL_NAP_MIN_NS)
		spool_nap_ns /= 2;
	if (spool_nap_ns > (long)flush_interval_ms * 1000000L)
		spool_nap_ns = (long)flush_interval_ms * 1000000L;
	if (bench_spool_mode() != BENCH_SPOOL_ALWAYS) {
		formatted = format_spool_for(spool_nap_ns);
		if (formatted >= spool_nap_ns || __atomic_load_n(&urgent, __ATOMIC_RELAXED))
			return;
	}
	timeout.tv_nsec = spool_nap_ns - formatted;
	/* The kicks that came meanwhile are answered by this nap's end. */
	__atomic_store_n(&wake_word, 0, __ATOMIC_RELEASE);
	wait_on_wake_word(&writer_napping, &timeout);
}

/* Passes while each finds work, then writes out the buffer: returns 0 once
 * the last flush is done.  *first: what the first pass found.  A pass that
 * spooled is followed by a nap; passes that find little format the spool
 * a chunk at a time until it is empty. */
static int drain_while_busy(size_t *first)
{
	unsigned int pass = 0;
	size_t drained, spooled;
	uint64_t fill;
	int formatting;

	*first = 0;
	do {
		pthread_mutex_lock(&drain_lock);
		if (finished) {
			pthread_mutex_unlock(&drain_lock);
			return 0;
		}
		/* This pass gives room to whoever asked for it. */
		__atomic_store_n(&urgent, 0, __ATOMIC_RELAXED);
		drained = drain_all_locked(0, 1, pass++ % REFINE_EVERY == 0);
		if (pass == 1)
			*first = drained;
		/* Read under the lock: a bench_flush() on another thread
		 * runs passes of its own that rewrite them. */
		spooled = pass_spooled;
		fill = pass_fill;
		formatting = 0;
		if (drained < BUSY_PASS_MIN && bench_spool_pending() &&
		    bench_spool_mode() != BENCH_SPOOL_ALWAYS) {
			/* Idle: the deferred formatting, in chunks.  (Tests
			 * ask for it only at flushes: BENCH_SPOOL=always.) */
			bench_spool_format(SPOOL_FORMAT_CHUNK, bench_assemble_record);
			formatting = 1;
		}
		if (drained < BUSY_PASS_MIN)
			sink->flush();
		pthread_mutex_unlock(&drain_lock);
		step_aside_for_lock_waiters();
		if (spooled && drained >= BUSY_PASS_MIN)
			spool_nap(fill);
	} while (drained >= BUSY_PASS_MIN || formatting);
	return 1;
}

static void *writer_main(void *unused)
{
	uint64_t missing = bench_clock_baseline_missing_ns();

	(void)unused;
	bench_self = &bench_thread_runtime;
	/* Before writer_alive: a fork waits for it, so never lands in the
	 * unwinder's dlopen. */
	bench_blocking_warm_up();
	__atomic_store_n(&writer_alive, 1, __ATOMIC_RELEASE);
	/* The clock's first period wants a 2 ms baseline: wait for it here,
	 * holding nothing, rather than in the first drain, where a thread with
	 * a full ring would wait for it inside its timed calls.  A kick ends
	 * the wait (a ring filled that fast): bench_clock_refine then takes a
	 * shorter baseline. */
	if (missing && !__atomic_load_n(&wake_word, __ATOMIC_ACQUIRE)) {
		struct timespec timeout = { 0, (long)missing };

		syscall(SYS_futex, &wake_word, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0);
	}
	for (;;) {
		size_t kicked = 0, found;

		if (!__atomic_load_n(&wake_word, __ATOMIC_ACQUIRE))
			sleep_until_kicked();
		/* Naps while each finds at least a quarter of what the kick's
		 * pass found: the producers go on at about the same pace. */
		for (;;) {
			__atomic_store_n(&wake_word, 0, __ATOMIC_RELEASE);
			if (!drain_while_busy(&found))
				return NULL;
			if (!kicked)
				kicked = found;
			if (!kick_interval_ns || found < BUSY_PASS_MIN || found < kicked / 4)
				break;
			nap();
		}
	}
	return NULL;
}

void bench_writer_ensure_started(void)
{
	int expected = WRITER_NONE;
	sigset_t all, old;
	int failed;

	if (likely(__atomic_load_n(&writer_state, __ATOMIC_ACQUIRE) != WRITER_NONE))
		return;
	/* A ring used on its own (tests) has nothing to write to. */
	if (!sink)
		return;
	if (!__atomic_compare_exchange_n(&writer_state, &expected, WRITER_RUNNING, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	/* Signals are the program's business: the writer takes none. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	/* Joinable: the last flush stops it, so that nothing of it (its
	 * stack, its TLS) is left behind at exit. */
	failed = pthread_create(&writer_thread, NULL, writer_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!failed)
		__atomic_store_n(&writer_joinable, 1, __ATOMIC_RELEASE);
	if (failed) {
		/* Full rings drain themselves and exit flushes: nothing is
		 * lost, records only reach the output later. */
		__atomic_store_n(&writer_state, WRITER_FAILED, __ATOMIC_RELEASE);
	}
}

void bench_writer_kick(void)
{
	/* The plain load first: producers kick every few hundred records
	 * while the writer is busy, and then leave its cache line alone. */
	if (__atomic_load_n(&wake_word, __ATOMIC_RELAXED))
		return;
	if (!__atomic_exchange_n(&wake_word, 1, __ATOMIC_SEQ_CST) &&
	    __atomic_load_n(&writer_sleeping, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &wake_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* exit() from inside instrumented code leaves frames open on this thread. */
static void close_own_frames(void)
{
	struct bench_thread *t = bench_self;

	if (!bench_thread_is_real(t) || t->busy)
		return;
	t->busy = 1;
	bench_signal_fence();
	bench_frame_unwind(t, 0, 0, bench_clock_ticks(), BENCH_CLOSED_EXIT);
	if (t->fold)
		bench_fold_drain(t->fold);
	bench_signal_fence();
	t->busy = 0;
}

void bench_writer_at_exit(void)
{
	if (bench_process_is_clone())
		return;
	close_own_frames();
	bench_writer_flush();
}

/*
 * Records the calls still open in live threads as ended at now, leaving
 * the frames as they are.  Best effort for other threads: one may still be
 * running and change its frames while we read them.  Each ring was
 * drained just before, so the parts waiting in its assembly belong to
 * exactly these frames.
 */
static void record_open_frames(uint64_t now, unsigned int closed_by, int own_too)
{
	struct bench_thread *t;

	for (t = bench_thread_first(); t; t = t->next) {
		uint32_t depth, i;

		if ((t == bench_self && !own_too) || bench_thread_state(t) != BENCH_THREAD_LIVE)
			continue;
		depth = __atomic_load_n(&t->depth, __ATOMIC_ACQUIRE);
		if (depth > t->max_depth)
			continue;
		for (i = depth; i-- > 0;) {
			const struct bench_frame *f = &t->frames[i];
			struct bench_record r;

			if (f->flags & BENCH_FRAME_QUIET)
				continue;
			memset(&r, 0, sizeof(r));
			r.kind = BENCH_RECORD_CALL;
			r.flags = (f->flags & BENCH_FRAME_ITERATED) ? BENCH_RECORD_ITERATED : 0;
			r.closed_by = (uint8_t)closed_by;
			r.depth = i;
			r.id = f->id;
			r.parent = i ? t->frames[i - 1].id : 0;
			r.site = f->site;
			r.name = f->name;
			r.start = f->start;
			r.finish = now;
			if (r.site)
				bench_assemble_record(&t->ring, &r);
		}
	}
}

/* After the last flush: `finished` is set, so the writer leaves at its
 * next wake-up.  The wait is bounded: exit never hangs on it. */
static void stop_writer(void)
{
	struct timespec deadline;

	if (!__atomic_exchange_n(&writer_joinable, 0, __ATOMIC_ACQ_REL))
		return;
	kick_urgently(); /* a napping writer too: exit waits for it */
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WRITER_STOP_TIMEOUT_MS / 1000;
	deadline.tv_nsec += (long)(WRITER_STOP_TIMEOUT_MS % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	if (pthread_timedjoin_np(writer_thread, NULL, &deadline) != 0)
		pthread_detach(writer_thread);
}

static void record_open_frames_at_exec(uint64_t now)
{
	record_open_frames(now, BENCH_CLOSED_EXEC, 1);
}

/*
 * exec ends the process image without exit's handlers: the calls still
 * open, in every thread, are recorded as ended by it (their children
 * would otherwise name a parent no record has), the summary is printed
 * and losses are reported.  The frames stay open: the exec may fail.
 */
void bench_writer_before_exec(void)
{
	if (drain_to_sink(1))
		bench_loss_report(BENCH_MESSAGE_FD);
}

/*
 * The exec failed: the calls recorded as ended by it go on.  Under new
 * ids, so that each id stays one record: what they call from now on, and
 * their own records when they end, form a tree of their own beside the
 * records written at the exec.  Other threads' open calls keep their ids
 * (changing another thread's frames under it is not safe): they are
 * recorded a second time when they end.
 */
void bench_writer_after_failed_exec(void)
{
	struct bench_thread *t = bench_self;

	if (!bench_runtime_ready() || bench_process_is_clone() || !bench_thread_is_real(t) ||
	    t->busy)
		return;
	t->busy = 1;
	bench_signal_fence();
	bench_frame_renumber(t);
	bench_signal_fence();
	t->busy = 0;
}

void bench_writer_finish(void)
{
	int report = 0, interrupted;

	if (!bench_runtime_ready())
		return;
	close_own_frames();
	/* exit() from a signal handler that interrupted the runtime: the
	 * interrupted code may hold the drain lock, so only try it. */
	interrupted = !enter_runtime();
	if (interrupted || holds_drain_lock) {
		if (trylock_drain())
			return;
	} else {
		lock_drain();
	}
	if (!finished) {
		drain_all_locked(1, 0, 1);
		record_open_frames(bench_clock_ticks(), BENCH_CLOSED_EXIT, 0);
		sink->flush();
		sink->finish();
		__atomic_store_n(&finished, 1, __ATOMIC_RELEASE);
		report = 1;
	}
	unlock_drain();
	if (!interrupted)
		leave_runtime();
	if (report) {
		stop_writer();
		/* Set first: a drop while the report is printed is then said
		 * at least once (discard_after_exit). */
		__atomic_store_n(&loss_reported, 1, __ATOMIC_RELEASE);
		bench_loss_report(BENCH_MESSAGE_FD);
	}
}

/*
 * A thread still starting allocates (its C library or sanitizer set-up),
 * and a sanitizer allocator without fork handlers (GCC 12's ASan) would
 * hand the child its lock held: every malloc in the child would hang.  The
 * writer's start is ours and short, so a fork waits for it (bounded:
 * 100 ms, then it goes ahead as before).
 */
static void wait_for_writer_start(void)
{
	struct timespec now, until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 100000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (__atomic_load_n(&writer_state, __ATOMIC_ACQUIRE) == WRITER_RUNNING &&
	       !__atomic_load_n(&writer_alive, __ATOMIC_ACQUIRE)) {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > until.tv_sec ||
		    (now.tv_sec == until.tv_sec && now.tv_nsec >= until.tv_nsec))
			break;
	}
}

void bench_writer_before_fork(void)
{
	wait_for_writer_start();
	lock_drain();
}

void bench_writer_after_fork_parent(void)
{
	unlock_drain();
}

void bench_writer_after_fork_child(void)
{
	struct bench_thread *t;

	/* The parent's records are the parent's to write, spooled ones too. */
	for (t = bench_thread_first(); t; t = t->next) {
		bench_assemble_reset(&t->ring);
		t->ring.spooled = 0;
	}
	bench_spool_after_fork_child();
	spool_nap_ns = 50000L;
	bench_thread_after_fork_child();
	sink->after_fork_child();
	bench_loss_reset();
	/* No writer thread here: the next record starts one. */
	writer_state = WRITER_NONE;
	writer_alive = 0;
	writer_joinable = 0; /* the parent's writer: not a thread of ours */
	wake_word = 0;
	writer_sleeping = 0;
	writer_napping = 0;
	kick_interval_ns = 0; /* the parent's producers' pace */
	lock_waiters = 0;
	unlock_drain();
}
