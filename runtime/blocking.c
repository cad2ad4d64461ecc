/*
 * blocking.c - times the blocking calls the plugin brackets, decides
 * whether each one violates a must-not-block context, counts them per call
 * site and queues the ones worth a record for the writer.
 *
 * Hot path (a short call outside any context): a clock read in each hook,
 * a look at the thread's open regions (the open instrumented frames are
 * walked only while one of them is a nonblocking function's), and four
 * counter updates in a per-thread table; no lock, no allocation, no
 * system call.  Calls at least blocking_min_us long and violations also
 * copy their trace (stack.c) into a per-thread queue the writer drains,
 * and go to the user's callback and to warn/abort.
 *
 * Per-thread state is reached through one initial-exec TLS pointer and is
 * never freed (the writer may be draining it): a thread that exits leaves
 * it for the next new thread, once its queue is empty.
 */
#include "blocking.h"
#include "blocking_event.h"
#include "clock.h"
#include "loss.h"
#include "prefetch.h"
#include "settings.h"
#include "stack.h"
#include "symbols.h"
#include "thread.h"
#include "unload.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_REGIONS     64u   /* nested begin/end regions per thread */
#define COUNT_SLOTS     256u  /* call sites per table block (power of two) */
/* Recorded events per thread between drains: the writer is woken at an
 * eighth full (room.h), so this covers its wake-up latency at ~10^6
 * events/s. */
#define QUEUE_EVENTS    4096u
/* Events the writer frees at a time (a power of two): see ring.c. */
#define EVENTS_FREED_AT_ONCE 64u
#define WARN_PER_SECOND 10u   /* warn mode: lines per second, process-wide */

struct region {
	uint32_t allow; /* 1: bench_allow_blocking_begin, 0: nonblocking */
	uint32_t depth; /* instrumented frames open when it began */
};

/* One call site's totals on one thread; written by its thread only. */
struct site_count {
	const struct bench_call_site *site; /* published last, with release */
	uint64_t count;
	uint64_t ticks;
	uint64_t max_ticks;
	uint64_t violations;
};

/* Open addressing; a full block chains a new one, so nothing is lost. */
struct count_table {
	struct count_table *next;
	uint32_t used;
	struct site_count slots[COUNT_SLOTS];
};

struct blocking_thread {
	/* The owner's: written at every call, so the writer reads none of it
	 * but head (once per drain pass). */
	/* Set while this thread is inside the hooks or the user's callback:
	 * a signal handler's (or the callback's) blocking calls are not
	 * recorded, rather than corrupting the state below. */
	volatile sig_atomic_t busy;
	/* Set while the user's callback runs: its blocking calls are left
	 * out on purpose, not lost. */
	volatile sig_atomic_t in_callback;
	uint32_t nregions;      /* regions[] in use */
	uint32_t deep_regions;  /* nested beyond MAX_REGIONS: only counted */
	uint64_t rng;
	struct count_table *counts;
	/* Event queue: single producer (this thread), single consumer
	 * (the writer, under its drain lock).  head and tail only grow. */
	uint64_t head;
	uint64_t tail_seen;     /* the writer's tail when last looked at */
	uint64_t threshold;     /* head - tail_seen at which to look again */
	struct region regions[MAX_REGIONS];

	/* The writer's side, on a line of its own (room.h). */
	_Alignas(64) struct bench_room room;

	/* Set once and read by the writer at every event: apart from the
	 * owner's lines, which would bounce between the two cores. */
	_Alignas(64) pid_t tid;
	int exited;
	unsigned char *events;  /* QUEUE_EVENTS slots of event_size bytes */
	struct bench_unwind_memo *memo; /* the owner's last walks; NULL: none */
	struct blocking_thread *next; /* registry: every state ever made */
};

static __thread struct blocking_thread *blocking_self;
static struct blocking_thread *registry;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static int exit_key_ok;

/* Regions may be opened before the runtime starts: the key is made on
 * first use, not at initialisation. */
static void thread_exited(void *arg);

static void make_exit_key(void)
{
	exit_key_ok = pthread_key_create(&exit_key, thread_exited) == 0;
}

static struct bench_blocking_settings cfg = {
	.trace_depth = BENCH_DEFAULT_TRACE_DEPTH,
	.min_us = 0,
	.on_violation = BENCH_VIOLATION_RECORD,
	.sample = 1.0,
};
/* Initialisation is complete: until then a hook waits for it in
 * bench_runtime_init (see bench_blocking_open). */
static int ready;
/* In a fork child, the clock at the fork: a blocking call that started
 * before it is the fork itself, which the parent records. */
static uint64_t forked_at;
static uint64_t sample_cut;  /* sample * 2^64, saturated */
static int sample_all;
static size_t event_size;
/* blocking_min_us in clock ticks; refreshed at each drain, after the
 * clock's calibration moved. */
static uint64_t min_ticks;

/*
 * The clock's conversion as of the last drain, for the threads that make
 * blocking calls: the clock's own conversion may only be read under the
 * writer's drain lock.  Written there only, read under a sequence count.
 * On a line of its own: the settings above are read at every call, and
 * the writer rewrites this at every drain.
 */
static _Alignas(64) struct {
	unsigned seq; /* odd while being changed */
	uint64_t tick0;
	int64_t wall0;
	double ns_per_tick;
} conv;

/* Under the drain lock (or before any thread can make a call). */
static void refresh_conversions(void)
{
	uint64_t tick0 = bench_clock_ticks();
	double per_tick = bench_clock_ns_per_tick();

	uint64_t min = (uint64_t)((double)cfg.min_us * 1000.0 / per_tick);

	/* Stored only when it moves: every thread reads its cache line at
	 * every call. */
	if (min != __atomic_load_n(&min_ticks, __ATOMIC_RELAXED))
		__atomic_store_n(&min_ticks, min, __ATOMIC_RELAXED);
	__atomic_store_n(&conv.seq, conv.seq + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&conv.tick0, tick0, __ATOMIC_RELEASE);
	__atomic_store_n(&conv.wall0, bench_clock_ticks_to_wall_ns(tick0), __ATOMIC_RELEASE);
	__atomic_store(&conv.ns_per_tick, &per_tick, __ATOMIC_RELEASE);
	__atomic_store_n(&conv.seq, conv.seq + 1, __ATOMIC_RELEASE);
}

/* Any thread: ticks as ns (a duration) and as wall-clock ns. */
static void convert(uint64_t start, uint64_t finish, uint64_t *ns, int64_t *wall_ns)
{
	uint64_t tick0;
	int64_t wall0;
	double per_tick;
	unsigned seq;

	/* Acquire loads throughout (no fences: ThreadSanitizer has none):
	 * a new value seen implies the odd count stored before it is seen. */
	do {
		seq = __atomic_load_n(&conv.seq, __ATOMIC_ACQUIRE);
		tick0 = __atomic_load_n(&conv.tick0, __ATOMIC_ACQUIRE);
		wall0 = __atomic_load_n(&conv.wall0, __ATOMIC_ACQUIRE);
		__atomic_load(&conv.ns_per_tick, &per_tick, __ATOMIC_ACQUIRE);
	} while ((seq & 1) || seq != __atomic_load_n(&conv.seq, __ATOMIC_ACQUIRE));
	*ns = (uint64_t)((double)(finish - start) * per_tick + 0.5);
	*wall_ns = wall0 + (int64_t)((double)(int64_t)(start - tick0) * per_tick);
}

/* The user's callback and its argument, changed together under a
 * sequence count so that a reader never pairs one's fn with another's
 * userdata. */
static struct {
	unsigned seq; /* odd while being changed */
	bench_blocking_callback fn;
	void *userdata;
} callback;
static pthread_mutex_t callback_lock = PTHREAD_MUTEX_INITIALIZER;

static void thread_exited(void *arg)
{
	struct blocking_thread *bt = arg;

	bt->nregions = 0;
	bt->deep_regions = 0;
	__atomic_store_n(&bt->exited, 1, __ATOMIC_RELEASE);
	blocking_self = NULL;
}

void bench_blocking_init(const struct bench_blocking_settings *b)
{
	cfg = *b;
	sample_all = cfg.sample >= 1.0;
	sample_cut = cfg.sample <= 0.0 ? 0 : (uint64_t)(cfg.sample * 18446744073709551615.0);
	event_size = (sizeof(struct queued_event) + bench_stack_size(cfg.trace_depth) -
		      sizeof(struct bench_stack) + 7) & ~(size_t)7;
	refresh_conversions();
}

void bench_blocking_open(void)
{
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
}

void bench_blocking_warm_up(void)
{
	if (!cfg.trace_depth)
		return;
	bench_stack_warm_up();
	/* warn and abort name the frames in the thread that blocked, inside
	 * its timed calls: do the symboliser's first, slow lookup now. */
	if (cfg.on_violation != BENCH_VIOLATION_RECORD)
		bench_symbols_warm_up();
}

/* ---------------------------------------------------------------- threads */

/* The thread's id, and a sampling seed of its own (not from the clock: it
 * may not be chosen yet). */
static void set_thread_id(struct blocking_thread *bt)
{
	bt->tid = (pid_t)syscall(SYS_gettid);
	bt->rng = ((uint64_t)bt->tid << 32 ^ (uint64_t)(uintptr_t)bt) * 0x9e3779b97f4a7c15ull | 1;
}

/* A signal handler interrupting thread_state_slow must not wait for the
 * lock its thread holds: its call goes unrecorded (counted). */
static __thread int creating;

static struct blocking_thread *thread_state_slow(void)
{
	struct blocking_thread *bt;

	if (creating)
		return NULL;
	creating = 1;
	bench_signal_fence();
	pthread_mutex_lock(&registry_lock);
	for (bt = registry; bt; bt = bt->next)
		if (__atomic_load_n(&bt->exited, __ATOMIC_ACQUIRE) &&
		    bench_room_tail(&bt->room) == bt->head)
			break;
	if (bt) {
		/* Its counts stay: the summary adds up all threads anyway.  Its
		 * memo goes: it names addresses in the old thread's stack, which
		 * this thread's need not cover as far. */
		__atomic_store_n(&bt->exited, 0, __ATOMIC_RELAXED);
		if (bt->memo)
			bench_unwind_memo_clear(bt->memo);
	} else {
		bt = mmap(NULL, sizeof(*bt), PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (bt == MAP_FAILED) {
			pthread_mutex_unlock(&registry_lock);
			creating = 0;
			return NULL;
		}
		bt->next = registry;
		__atomic_store_n(&registry, bt, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&registry_lock);
	set_thread_id(bt);
	blocking_self = bt;
	pthread_once(&exit_key_once, make_exit_key);
	if (exit_key_ok)
		pthread_setspecific(exit_key, bt);
	bench_signal_fence();
	creating = 0;
	return bt;
}

static inline struct blocking_thread *thread_state(void)
{
	struct blocking_thread *bt = blocking_self;

	return likely(bt != NULL) ? bt : thread_state_slow();
}

static inline uint64_t next_random(struct blocking_thread *bt)
{
	/* xorshift64*: plenty for sampling, and a few cycles. */
	uint64_t x = bt->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	bt->rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* ---------------------------------------------------------------- contexts */

static uint32_t shadow_depth(void)
{
	struct bench_thread *t = bench_self;

	return t ? t->depth : 0;
}

static void region_begin(uint32_t allow)
{
	struct blocking_thread *bt = thread_state();

	if (!bt)
		return;
	if (bt->nregions == MAX_REGIONS) {
		bt->deep_regions++;
		return;
	}
	bt->regions[bt->nregions].allow = allow;
	bt->regions[bt->nregions].depth = shadow_depth();
	bench_signal_fence();
	bt->nregions++;
}

static void region_end(uint32_t allow)
{
	struct blocking_thread *bt = blocking_self;

	if (!bt)
		return;
	if (bt->deep_regions) {
		bt->deep_regions--;
		return;
	}
	/* An end that does not match the innermost begin is a misuse; ignoring
	 * it keeps the other regions paired. */
	if (bt->nregions && bt->regions[bt->nregions - 1].allow == allow)
		bt->nregions--;
}

void bench_nonblocking_begin(void)
{
	region_begin(0);
}

void bench_nonblocking_end(void)
{
	region_end(0);
}

void bench_allow_blocking_begin(void)
{
	region_begin(1);
}

void bench_allow_blocking_end(void)
{
	region_end(1);
}

struct context {
	const struct bench_site *function; /* innermost nonblocking function */
	int nonblocking;                   /* some must-not-block context is open */
	int violation;                     /* the innermost context forbids blocking */
};

/*
 * From the innermost outwards, over instrumented frames and regions
 * interleaved by depth (a region is inside the frames open when it began):
 * the first context decides the violation; the walk goes on only to learn
 * whether a must-not-block context is open at all, and its function.
 */
static void find_context(const struct blocking_thread *bt, struct context *c)
{
	const struct bench_thread *t = bench_self;
	/* No nonblocking function open (the common case): only the regions
	 * decide, and the frames need no walk. */
	uint32_t depth = t && t->nonblocking_open ? t->depth : 0;
	uint32_t r = bt->nregions;
	int decided = 0;

	c->function = NULL;
	c->nonblocking = 0;
	c->violation = 0;
	if (t && depth > t->max_depth)
		depth = t->max_depth;
	for (;;) {
		uint32_t floor = r ? bt->regions[r - 1].depth : 0;

		/* A region begun in a frame that has since returned (a missing
		 * _end) counts as begun where we are. */
		if (floor > depth)
			floor = depth;
		while (depth > floor) {
			const struct bench_site *site = t->frames[--depth].site;

			if (site && (site->flags & BENCH_SITE_NONBLOCKING)) {
				c->function = site;
				c->nonblocking = 1;
				if (!decided)
					c->violation = 1;
				return;
			}
		}
		if (!r)
			return;
		r--;
		if (!bt->regions[r].allow) {
			c->nonblocking = 1;
			if (!decided)
				c->violation = 1;
		}
		decided = 1;
	}
}

/* ---------------------------------------------------------------- counts */

static struct site_count *count_slot(struct blocking_thread *bt, const struct bench_call_site *site)
{
	uintptr_t h = ((uintptr_t)site >> 4) * 0x9e3779b97f4a7c15ull;
	struct count_table **link = &bt->counts, *tab;

	while ((tab = *link)) {
		for (uint32_t i = 0; i < COUNT_SLOTS; i++) {
			struct site_count *c = &tab->slots[(h + i) & (COUNT_SLOTS - 1)];

			if (c->site == site)
				return c;
			if (!c->site) {
				if (tab->used >= COUNT_SLOTS * 3 / 4)
					break;
				tab->used++;
				__atomic_store_n(&c->site, site, __ATOMIC_RELEASE);
				return c;
			}
		}
		link = &tab->next;
	}
	tab = mmap(NULL, sizeof(*tab), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (tab == MAP_FAILED)
		return NULL;
	__atomic_store_n(link, tab, __ATOMIC_RELEASE);
	return count_slot(bt, site);
}

/* Relaxed atomics: plain moves on the owner, torn-free reads for the summary. */
#define COUNT_ADD(field, n) \
	__atomic_store_n(&(field), __atomic_load_n(&(field), __ATOMIC_RELAXED) + (n), __ATOMIC_RELAXED)

static inline void count_call(struct blocking_thread *bt, const struct bench_call_site *site,
			      uint64_t ticks, int violation)
{
	struct site_count *c = count_slot(bt, site);

	if (unlikely(!c)) {
		bench_loss_drop(BENCH_DROP_NO_MEMORY);
		return;
	}
	COUNT_ADD(c->count, 1);
	COUNT_ADD(c->ticks, ticks);
	if (ticks > c->max_ticks)
		__atomic_store_n(&c->max_ticks, ticks, __ATOMIC_RELAXED);
	if (violation)
		COUNT_ADD(c->violations, 1);
}

/* ---------------------------------------------------------------- events */

static inline struct queued_event *event_slot(const struct blocking_thread *bt, uint64_t i)
{
	return (struct queued_event *)(bt->events + (i & (QUEUE_EVENTS - 1)) * event_size);
}

static uint64_t hook_flushes;

uint64_t bench_blocking_hook_flushes(void)
{
	return __atomic_load_n(&hook_flushes, __ATOMIC_RELAXED);
}

/*
 * A full queue: wait for the writer to free a quarter of it, as a full
 * ring does (the hook never formats).  Only where no writer thread can run
 * (it failed to start, or the last flush stopped it) does the hook flush
 * itself.  Returns whether there is room now.
 */
static __attribute__((noinline, cold)) int wait_for_room(struct blocking_thread *bt,
							 enum bench_drop_reason *why)
{
	bench_writer_ensure_started();
	for (;;) {
		if (bt->head - bench_room_tail(&bt->room) < QUEUE_EVENTS)
			return 1;
		if (bench_settings.buffer_policy == BENCH_POLICY_DROP) {
			*why = BENCH_DROP_BUFFER_FULL;
			return 0;
		}
		switch (bench_writer_wait_room(&bt->room, bt->head - QUEUE_EVENTS +
						       bench_room_wanted(QUEUE_EVENTS))) {
		case 0:
			continue;
		case -1:
			/* Does nothing from a signal handler that interrupted
			 * the runtime on this thread. */
			__atomic_add_fetch(&hook_flushes, 1, __ATOMIC_RELAXED);
			bench_flush();
			if (bt->head - bench_room_tail(&bt->room) < QUEUE_EVENTS)
				return 1;
			if (bench_writer_finished()) {
				/* Nothing will write them (writer.c). */
				bench_writer_count_after_exit(bt->head -
							      bench_room_tail(&bt->room));
				bench_room_reset(&bt->room, bt->head);
				bt->tail_seen = bt->head;
				return 1;
			}
			break;
		default:
			break;
		}
		/* A signal handler interrupted this thread's drain, or a
		 * clone() child, where nobody drains (process.h). */
		*why = BENCH_DROP_SIGNAL;
		return 0;
	}
}

/* The writer read the slot two events ahead on the other core last time
 * round: ask for its lines for writing now (prefetch.h). */
static inline void prefetch_slot_for_write(const struct queued_event *slot)
{
	const unsigned char *p = (const unsigned char *)slot;

	for (size_t o = 0; o < event_size; o += 64)
		bench_prefetch_for_write(p + o);
	bench_prefetch_for_write(p + event_size - 1);
}

/* Looks at the writer's tail, maps the queue on first use, waits for room
 * when it is full and wakes the writer from an eighth full on; sets the
 * fill level at which event_reserve comes back here (as ring.c does, so
 * that the tail's cache line is read once per few hundred events).
 * Returns whether there is room. */
static __attribute__((noinline)) int event_room_slow(struct blocking_thread *bt,
						     enum bench_drop_reason *why)
{
	uint64_t used;

	if (unlikely(!bt->events)) {
		void *p = mmap(NULL, QUEUE_EVENTS * event_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			*why = BENCH_DROP_NO_MEMORY;
			return 0;
		}
		bt->events = p;
		/* Without it the walks are only slower. */
		if (cfg.trace_depth) {
			size_t bytes = bench_unwind_memo_bytes((int)cfg.trace_depth + 1);

			p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0);
			if (p != MAP_FAILED) {
				bench_unwind_memo_init(p, (int)cfg.trace_depth + 1);
				bt->memo = p;
			}
		}
	}
	/* A program with blocking calls but no instrumented function has no
	 * writer until now; a fork child restarts it here. */
	bench_writer_ensure_started();
	bt->tail_seen = bench_room_tail(&bt->room);
	used = bt->head - bt->tail_seen;
	if (used >= QUEUE_EVENTS) {
		if (!wait_for_room(bt, why))
			return 0;
		bt->tail_seen = bench_room_tail(&bt->room);
		used = bt->head - bt->tail_seen;
	}
	bt->threshold = bench_room_threshold(used, QUEUE_EVENTS);
	return 1;
}

/* A slot for the next event; the writer drains the queue beside this
 * thread (never dropped by default, except when mapping fails). */
static inline struct queued_event *event_reserve(struct blocking_thread *bt,
						 enum bench_drop_reason *why)
{
	if (unlikely(bt->head - bt->tail_seen >= bt->threshold) && !event_room_slow(bt, why))
		return NULL;
	prefetch_slot_for_write(event_slot(bt, bt->head + 2));
	return event_slot(bt, bt->head);
}

static void event_to_public(const struct blocking_thread *bt, const struct queued_event *e,
			    struct bench_trace_frame *frames, struct bench_blocking_event *out)
{
	uint64_t ns;
	int64_t wall_ns;

	convert(e->start, e->finish, &ns, &wall_ns);
	out->site = e->stack.call;
	out->duration = (double)ns / 1e9;
	out->start_time = (double)wall_ns / 1e9;
	out->thread = (uint64_t)bt->tid;
	out->context = e->context ? (e->context->function ? e->context->function
							  : e->context->name)
				  : NULL;
	out->nonblocking = !!(e->flags & EVENT_NONBLOCKING);
	out->violation = !!(e->flags & EVENT_VIOLATION);
	out->trace_depth = bench_stack_resolve(&e->stack, frames, 0);
	out->trace = frames;
}

/* warn/abort: one line and the stack on stderr, at most WARN_PER_SECOND
 * lines a second (counting the ones left out). */
static void report_violation(const struct queued_event *e, const struct context *ctx)
{
	struct bench_trace_frame frames[BENCH_STACK_MAX_DEPTH];
	static uint64_t window_start, in_window, suppressed;
	uint64_t now = bench_clock_monotonic_ns();
	const struct bench_call_site *site = e->stack.call;
	char line[1024];
	uint64_t ns;
	int64_t wall_ns;
	int n;

	/* A window opens at the first warning after the previous one closed,
	 * so a burst shorter than a second gets exactly WARN_PER_SECOND. */
	if (cfg.on_violation != BENCH_VIOLATION_ABORT) {
		uint64_t start = __atomic_load_n(&window_start, __ATOMIC_RELAXED);

		if (!start || now - start >= 1000000000u) {
			if (__atomic_compare_exchange_n(&window_start, &start, now, 0,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED))
				__atomic_store_n(&in_window, 0, __ATOMIC_RELAXED);
		}
		if (__atomic_add_fetch(&in_window, 1, __ATOMIC_RELAXED) > WARN_PER_SECOND) {
			__atomic_add_fetch(&suppressed, 1, __ATOMIC_RELAXED);
			return;
		}
	}
	convert(e->start, e->finish, &ns, &wall_ns);
	uint64_t left_out = __atomic_exchange_n(&suppressed, 0, __ATOMIC_RELAXED);
	n = snprintf(line, sizeof(line),
		     "bench: %s:%u: blocking call to %s (%.0f us) in %s%s%s%s\n",
		     site->file, (unsigned)site->line, site->callee,
		     (double)ns / 1e3,
		     ctx->function ? "nonblocking function " : "a nonblocking region",
		     ctx->function ? (ctx->function->function ? ctx->function->function
							     : ctx->function->name)
				   : "",
		     left_out ? " (earlier warnings left out: rate limit)" : "",
		     cfg.on_violation == BENCH_VIOLATION_ABORT ? ", aborting" : "");
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		return;
	bench_stack_print(frames, bench_stack_resolve(&e->stack, frames, 0), STDERR_FILENO);
}

static __attribute__((noinline)) void call_back_now(struct blocking_thread *bt,
						    const struct queued_event *e)
{
	struct bench_trace_frame frames[BENCH_STACK_MAX_DEPTH];
	struct bench_blocking_event ev;
	bench_blocking_callback fn;
	void *userdata;
	unsigned seq;

	/* Acquire loads throughout (no fences: ThreadSanitizer has none): a
	 * new fn or userdata seen implies the odd count before it is seen. */
	do {
		seq = __atomic_load_n(&callback.seq, __ATOMIC_ACQUIRE);
		fn = __atomic_load_n(&callback.fn, __ATOMIC_ACQUIRE);
		userdata = __atomic_load_n(&callback.userdata, __ATOMIC_ACQUIRE);
	} while ((seq & 1) || seq != __atomic_load_n(&callback.seq, __ATOMIC_ACQUIRE));
	if (!fn)
		return;
	event_to_public(bt, e, frames, &ev);
	bt->in_callback = 1;
	bench_signal_fence();
	fn(&ev, userdata);
	bench_signal_fence();
	bt->in_callback = 0;
}

/* Most programs register no callback: one load decides, and the frames
 * the callback would get stay off record_event's stack. */
static inline void call_back(struct blocking_thread *bt, const struct queued_event *e)
{
	if (__atomic_load_n(&callback.fn, __ATOMIC_RELAXED))
		call_back_now(bt, e);
}

/* The slow path: a call worth a record, or a violation. */
static __attribute__((noinline)) void record_event(struct blocking_thread *bt,
						   const struct bench_call_site *site,
						   uint64_t start, uint64_t finish,
						   const struct context *ctx,
						   const struct bench_unwind_regs *caller)
{
	union {
		struct queued_event e;
		unsigned char bytes[sizeof(struct queued_event) +
				    2 * BENCH_STACK_MAX_DEPTH * sizeof(void *)];
	} local;
	enum bench_drop_reason why = BENCH_DROP_NO_MEMORY;
	struct queued_event *e = event_reserve(bt, &why);

	if (!e) {
		bench_loss_drop(why);
		e = &local.e; /* still warn, abort and call back */
	}
	e->start = start;
	e->finish = finish;
	e->context = ctx->function;
	e->flags = (ctx->violation ? EVENT_VIOLATION : 0) | (ctx->nonblocking ? EVENT_NONBLOCKING : 0);
	e->reserved = 0;
	void *pcs[BENCH_STACK_MAX_DEPTH + BENCH_STACK_RUNTIME_FRAMES];
	int size = 0;
	int got = cfg.trace_depth ? bench_stack_unwind_from(caller, pcs, cfg.trace_depth, &size, bt->memo)
				   : 0;

	bench_stack_capture(&e->stack, bench_self, site, (const void *)caller->pc, pcs, got, size,
			    cfg.trace_depth);
	if (e != &local.e)
		__atomic_store_n(&bt->head, bt->head + 1, __ATOMIC_RELEASE);

	if (ctx->violation && cfg.on_violation != BENCH_VIOLATION_RECORD)
		report_violation(e, ctx);
	call_back(bt, e);
	if (ctx->violation && cfg.on_violation == BENCH_VIOLATION_ABORT) {
		bench_flush();
		abort();
	}
}

/* ---------------------------------------------------------------- hooks */

/* The slow path of a first blocking call: the runtime starts here if no
 * instrumented function has started it.  errno is the program's. */
static __attribute__((noinline)) int bench_blocking_start(void)
{
	int saved_errno = errno;
	int started = bench_runtime_init();
	int ok = started && __atomic_load_n(&ready, __ATOMIC_ACQUIRE);

	/* bench_runtime_init fails only for a signal handler that interrupted
	 * this thread's own start-up or fork: count its call, as the call
	 * hooks do, rather than let it vanish. */
	if (!started && __atomic_load_n(&__bench_active, __ATOMIC_RELAXED))
		bench_loss_drop(bench_runtime_loaded() ? BENCH_DROP_SIGNAL : BENCH_DROP_EARLY);
	errno = saved_errno;
	return ok && __atomic_load_n(&__bench_active, __ATOMIC_RELAXED);
}

uint64_t __bench_blocking_begin(const struct bench_call_site *site)
{
	(void)site;
	if (unlikely(!__atomic_load_n(&__bench_active, __ATOMIC_RELAXED)))
		return 0;
	/* The clock is chosen at initialisation: read it only after. */
	if (unlikely(!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) && !bench_blocking_start())
		return 0;
	/* Last, so the hook's own work is outside the measured time. */
	uint64_t now = bench_clock_ticks();
	return now ? now : 1;
}

/*
 * A call that returned at once rather than wait: a nowait flag (its bits
 * passed by the plugin, which knows the preset's mask), a zero timeout,
 * or a descriptor in non-blocking mode that honours it (a socket, pipe,
 * FIFO, terminal, eventfd...; regular files and block devices ignore
 * O_NONBLOCK and wait for the disk).  The descriptor costs two system
 * calls, made only for calls inside nonblocking code; it is looked at
 * after the call (accept or connect do not change its mode).
 */
static __attribute__((noinline)) int call_cannot_wait(long fd, long nowait_bits, long timeout)
{
	struct stat st;
	int fl;

	if (nowait_bits || timeout == 0)
		return 1;
	if (fd < 0 || fd > INT_MAX)
		return 0;
	fl = fcntl((int)fd, F_GETFL);
	if (fl < 0 || !(fl & O_NONBLOCK) || fstat((int)fd, &st) != 0)
		return 0;
	return !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
}

/* Inlined into both hooks: the stack walk starts in the hook's caller. */
static inline __attribute__((always_inline)) void
blocking_end(const struct bench_call_site *site, uint64_t token, uint64_t finish, int has_args,
	     long fd, long nowait_bits, long timeout)
{
	struct blocking_thread *bt;
	struct context ctx;
	int saved_errno;

	/* The writer's calls are the runtime's (thread.h); a fork child's
	 * return from fork is the parent's call, recorded there. */
	if (unlikely(!token || bench_self == &bench_thread_runtime || token < forked_at))
		return;
	saved_errno = errno;
	if (unlikely(site->abi != BENCH_ABI_VERSION)) {
		bench_loss_drop(BENCH_DROP_ABI);
		goto out;
	}
	bt = thread_state();
	if (unlikely(!bt)) {
		bench_loss_drop(creating ? BENCH_DROP_SIGNAL : BENCH_DROP_NO_MEMORY);
		goto out;
	}
	if (unlikely(bt->busy)) {
		/* A signal handler's call while this thread is inside the
		 * hooks: counted, so that nothing disappears silently. */
		if (!bt->in_callback)
			bench_loss_drop(BENCH_DROP_SIGNAL);
		goto out;
	}
	bt->busy = 1;
	bench_signal_fence();

	find_context(bt, &ctx);
	if (has_args && unlikely(ctx.violation) && call_cannot_wait(fd, nowait_bits, timeout))
		ctx.violation = 0;
	if (!ctx.violation && !sample_all && next_random(bt) >= sample_cut)
		goto done;
	uint64_t ticks = finish - token;
	count_call(bt, site, ticks, ctx.violation);
	if (ctx.violation || ticks >= __atomic_load_n(&min_ticks, __ATOMIC_RELAXED)) {
		struct bench_unwind_regs caller;

		/* Here, not in record_event: the walk starts in our caller. */
		bench_unwind_caller(&caller);
		record_event(bt, site, token, finish, &ctx, &caller);
	}
done:
	bench_signal_fence();
	bt->busy = 0;
out:
	errno = saved_errno;
}

void __bench_blocking_end(const struct bench_call_site *site, uint64_t token)
{
	blocking_end(site, token, bench_clock_ticks(), 0, -1, 0, -1);
}

void __bench_blocking_end_args(const struct bench_call_site *site, uint64_t token, long fd,
			       long nowait_bits, long timeout)
{
	blocking_end(site, token, bench_clock_ticks(), 1, fd, nowait_bits, timeout);
}

int bench_blocking_busy(void)
{
	struct blocking_thread *bt = blocking_self;

	return bt && bt->busy;
}

void bench_blocking_jumped_out(void)
{
	struct blocking_thread *bt = blocking_self;

	/* A signal handler (or the user's callback) left the hooks with a
	 * longjmp: they never finish, and would otherwise leave this thread's
	 * blocking calls turned away as re-entries for good.  Nothing they
	 * did is half-published: an event counts once head moves. */
	if (bt && bt->busy) {
		bt->in_callback = 0;
		bench_signal_fence();
		bt->busy = 0;
	}
}

void bench_on_blocking(bench_blocking_callback fn, void *userdata)
{
	/* The callback gets named frames in the thread that blocked: the
	 * symboliser's first, slow lookup is done now, at registration,
	 * rather than inside the program's first timed blocking call. */
	if (fn)
		bench_symbols_warm_up();
	pthread_mutex_lock(&callback_lock);
	__atomic_store_n(&callback.seq, callback.seq + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&callback.fn, fn, __ATOMIC_RELEASE);
	__atomic_store_n(&callback.userdata, userdata, __ATOMIC_RELEASE);
	__atomic_store_n(&callback.seq, callback.seq + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&callback_lock);
}

/* ---------------------------------------------------------------- writer */

/* An event pointing into a library that went before it was written
 * (unload.h): its call site, context or trace sites are gone with it. */
static int event_of_unloaded(const struct queued_event *e)
{
	if (!__atomic_load_n(&bench_unload_dead_ranges, __ATOMIC_ACQUIRE))
		return 0;
	if (bench_unload_dead_slow(e->stack.call, e->finish) ||
	    bench_unload_dead_slow(e->context, e->finish))
		return 1;
	for (unsigned i = 0; i < (unsigned)e->stack.npcs + e->stack.nsites; i++)
		if (bench_unload_dead_slow(e->stack.slots[i], e->finish))
			return 1;
	return 0;
}

size_t bench_blocking_drain(void (*write_blocking)(const char *members, size_t len))
{
	char buf[16384];
	size_t count = 0;

	refresh_conversions();
	/* Unloads glibc made itself, for the traces' cached rules. */
	if (cfg.trace_depth)
		bench_unwind_refresh_unloads();
	for (struct blocking_thread *bt = __atomic_load_n(&registry, __ATOMIC_ACQUIRE); bt;
	     bt = bt->next) {
		uint64_t head = __atomic_load_n(&bt->head, __ATOMIC_ACQUIRE);
		uint64_t tail = bt->room.tail;

		/* A sink without the operation (the summary) only needs the
		 * counts: the queue is just emptied. */
		for (; write_blocking && tail != head; tail++) {
			const struct queued_event *e = event_slot(bt, tail);
			size_t n;

			if (unlikely(event_of_unloaded(e)))
				bench_loss_drop(BENCH_DROP_UNLOADED);
			else if ((n = bench_blocking_format_event(bt->tid, e, buf, sizeof(buf))))
				write_blocking(buf, n);
			else
				bench_loss_unwritten(1, "blocking event too large to format");
			count++;
			/* Slots freed as we go: a thread waiting for room
			 * goes on long before the whole queue is written. */
			if (((tail + 1) & (EVENTS_FREED_AT_ONCE - 1)) == 0)
				bench_room_publish(&bt->room, tail + 1);
		}
		count += head - tail;
		bench_room_publish(&bt->room, head);
	}
	return count;
}

/* ---------------------------------------------------------------- totals */

/* One row per call site, whichever threads made its calls. */
static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_call_site(const struct bench_call_site *a, const struct bench_call_site *b)
{
	return a == b || (a->line == b->line && a->column == b->column && a->flags == b->flags &&
			  same_text(a->callee, b->callee) && same_text(a->caller, b->caller) &&
			  same_text(a->file, b->file));
}

static struct bench_blocking_total *row_of(struct bench_blocking_total **rows, size_t *n,
					   size_t *cap, const struct bench_call_site *site)
{
	size_t j;

	/* By what the row shows: a library loaded twice, or unloaded (its
	 * sites are then copies: unload.h), still has one row a site. */
	for (j = 0; j < *n && !same_call_site((*rows)[j].site, site); j++)
		;
	if (j < *n)
		return &(*rows)[j];
	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 64;
		struct bench_blocking_total *r = realloc(*rows, ncap * sizeof(*r));

		if (!r)
			return NULL;
		*rows = r;
		*cap = ncap;
	}
	memset(&(*rows)[*n], 0, sizeof((*rows)[*n]));
	(*rows)[*n].site = site;
	return &(*rows)[(*n)++];
}

size_t bench_blocking_totals(struct bench_blocking_total **rows, int *sampled)
{
	size_t n = 0, cap = 0;

	*rows = NULL;
	*sampled = !sample_all;
	for (struct blocking_thread *bt = __atomic_load_n(&registry, __ATOMIC_ACQUIRE); bt;
	     bt = bt->next) {
		for (struct count_table *tab = __atomic_load_n(&bt->counts, __ATOMIC_ACQUIRE); tab;
		     tab = __atomic_load_n(&tab->next, __ATOMIC_ACQUIRE)) {
			for (uint32_t i = 0; i < COUNT_SLOTS; i++) {
				const struct site_count *c = &tab->slots[i];
				const struct bench_call_site *site =
					__atomic_load_n(&c->site, __ATOMIC_ACQUIRE);
				struct bench_blocking_total *row;
				uint64_t max;

				/* A fork child's table keeps the parent's sites,
				 * counts zeroed: not its calls. */
				if (!site || !__atomic_load_n(&c->count, __ATOMIC_RELAXED))
					continue;
				row = row_of(rows, &n, &cap, site);
				if (!row)
					return n; /* the rows so far */
				row->count += __atomic_load_n(&c->count, __ATOMIC_RELAXED);
				row->ticks += __atomic_load_n(&c->ticks, __ATOMIC_RELAXED);
				max = __atomic_load_n(&c->max_ticks, __ATOMIC_RELAXED);
				if (max > row->max_ticks)
					row->max_ticks = max;
				row->violations += __atomic_load_n(&c->violations, __ATOMIC_RELAXED);
			}
		}
	}
	return n;
}

void bench_blocking_forget_sites(struct bench_unload_copies *copies)
{
	/* NULL: the cache alone, under the drain lock (sink.h). */
	if (!copies) {
		bench_blocking_output_forget();
		return;
	}
	for (struct blocking_thread *bt = __atomic_load_n(&registry, __ATOMIC_ACQUIRE); bt;
	     bt = bt->next)
		for (struct count_table *tab = __atomic_load_n(&bt->counts, __ATOMIC_ACQUIRE); tab;
		     tab = __atomic_load_n(&tab->next, __ATOMIC_ACQUIRE))
			for (uint32_t i = 0; i < COUNT_SLOTS; i++) {
				struct site_count *c = &tab->slots[i];
				const struct bench_call_site *site =
					__atomic_load_n(&c->site, __ATOMIC_ACQUIRE);
				const struct bench_call_site *kept =
					bench_unload_keep_call_site(copies, site);

				/* A thread calling the same address later (another
				 * library) gets a slot of its own. */
				if (kept && kept != site)
					__atomic_store_n(&c->site, kept, __ATOMIC_RELEASE);
			}
}

void bench_blocking_after_fork_child(void)
{
	struct blocking_thread *self = blocking_self;

	/* The child is a run of its own: the parent writes the events queued
	 * before the fork, and the child's counts start at zero.  The other
	 * threads do not exist in the child: their states become reusable. */
	for (struct blocking_thread *bt = registry; bt; bt = bt->next) {
		bench_room_reset(&bt->room, bt->head);
		bt->tail_seen = bt->head;
		bt->threshold = 0; /* the next event restarts the writer */
		if (bt != self)
			bt->exited = 1;
		for (struct count_table *tab = bt->counts; tab; tab = tab->next)
			for (uint32_t i = 0; i < COUNT_SLOTS; i++) {
				tab->slots[i].count = 0;
				tab->slots[i].ticks = 0;
				tab->slots[i].max_ticks = 0;
				tab->slots[i].violations = 0;
			}
	}
	pthread_mutex_init(&registry_lock, NULL);
	/* The forking thread's state goes on in the child, under the
	 * child's thread id (its events said the parent's), sampling apart
	 * from the parent. */
	if (self)
		set_thread_id(self);
	/* In the clock of the tokens: before initialisation no call was
	 * timed (begin returned 0), and the clock may not be chosen yet. */
	forked_at = __atomic_load_n(&ready, __ATOMIC_ACQUIRE) ? bench_clock_ticks() : 0;
}
