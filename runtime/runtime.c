/*
 * runtime.c - initialisation on first use, the run-time control functions,
 * and the process-wide hooks: fork, exit and the final ELF destructor.
 */
#include "internal.h"

#include "blocking.h"
#include "stack.h"
#include "symbols.h"
#include "clock.h"
#include "intern.h"
#include "output.h"
#include "prefetch.h"
#include "process.h"
#include "settings.h"
#include "spool.h"
#include "sink.h"
#include "thread.h"
#include "writer.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

/* INIT_FORKING: a fork is under way before anyone initialised; a first
 * call meanwhile waits, so the child never inherits a half-done start. */
enum init_state { INIT_NONE, INIT_RUNNING, INIT_DONE, INIT_FORKING };

static int init_state;
static __thread int initialising_here;
static __thread int forking_here; /* holds INIT_FORKING */
/* What the fork's prepare handler did: the parent and child handlers
 * undo exactly that (another thread may initialise in between). */
static enum { FORK_HELD_NOTHING, FORK_HELD_INIT, FORK_HELD_RUNTIME } fork_held;

int bench_runtime_ready(void)
{
	return __atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == INIT_DONE;
}

/* The drain lock first: the writer takes the intern lock while it holds
 * the drain lock (naming a blocking call's frames), so taking them the
 * other way round here deadlocked a fork against the writer. */
static void before_fork(void)
{
	bench_writer_before_fork();
	bench_intern_before_fork();
}

static void after_fork_parent(void)
{
	bench_intern_after_fork();
	bench_writer_after_fork_parent();
}

static void after_fork_child(void)
{
	bench_process_after_fork_child();
	bench_writer_after_fork_child();
	bench_blocking_after_fork_child();
	bench_symbols_after_fork_child();
	bench_stack_after_fork_child();
	bench_intern_after_fork();
}

/*
 * Registered before any thread can start initialising (see below): a fork
 * while another thread initialises waits for it to finish, or the child
 * would wait forever for a thread it does not have.  Initialisation never
 * waits for the forking thread, so this wait ends.
 */
static void prepare_fork(void)
{
	fork_held = FORK_HELD_NOTHING;
	/* fork from a signal handler that interrupted our own start: the
	 * child resumes that start itself. */
	if (initialising_here)
		return;
	for (;;) {
		int expected = INIT_NONE;

		if (__atomic_compare_exchange_n(&init_state, &expected, INIT_FORKING, 0,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			fork_held = FORK_HELD_INIT;
			forking_here = 1;
			return;
		}
		if (expected == INIT_DONE) {
			before_fork();
			fork_held = FORK_HELD_RUNTIME;
			return;
		}
		sched_yield();
	}
}

/* libbench came after the C library in symbol lookup (a host that loads
 * instrumented code, or a preloaded instrumented library): its _exit and
 * exec are not the ones the program calls, and records still buffered
 * when a process ends that way are lost.  Nothing can be said when it
 * happens, so it is said once, at start. */
static void say_not_interposed(void)
{
	static const char note[] =
		"bench: libbench.so was loaded after the C library (by a library the program "
		"loads): a process that ends with _exit or exec loses the records it has not "
		"written yet; preload libbench.so itself (LD_PRELOAD) to keep them\n";
	ssize_t r = write(BENCH_MESSAGE_FD, note, sizeof(note) - 1);

	(void)r;
}

static void fork_done_parent(void)
{
	forking_here = 0;
	if (fork_held == FORK_HELD_RUNTIME)
		after_fork_parent();
	else if (fork_held == FORK_HELD_INIT)
		__atomic_store_n(&init_state, INIT_NONE, __ATOMIC_RELEASE);
}

static void fork_done_child(void)
{
	forking_here = 0;
	if (fork_held == FORK_HELD_RUNTIME)
		after_fork_child();
	else if (fork_held == FORK_HELD_INIT)
		__atomic_store_n(&init_state, INIT_NONE, __ATOMIC_RELEASE);
}

/* Not in initialise(): glibc runs prepare handlers holding the lock
 * pthread_atfork takes, so prepare_fork waiting for an initialise() that
 * registers a handler would deadlock. */
__attribute__((constructor)) static void register_fork_handlers(void)
{
	pthread_atfork(prepare_fork, fork_done_parent, fork_done_child);
}

static int exiting; /* the exit handler ran: its flush covers the rest */

static void at_exit(void)
{
	__atomic_store_n(&exiting, 1, __ATOMIC_RELAXED);
	bench_writer_at_exit();
}

/*
 * Records name their site by a pointer into the code that made them, so
 * before a library goes its records are formatted.  The runtime's own
 * dlclose does that, but only where it comes before the C library's in
 * symbol lookup: a program not linked with libbench (a host that loads an
 * instrumented plug-in) calls the C library's directly.  The unit's
 * destructor still runs before the unmapping, whoever unloads it.  At
 * exit every unit's destructor comes here too, after the exit handler's
 * flush: nothing to do then.
 */
void __bench_unit_unloaded(const void *in_object)
{
	if (__atomic_load_n(&exiting, __ATOMIC_RELAXED))
		return;
	bench_writer_unit_unload(in_object);
}

/* Units built by an older plugin: their records are written, but which
 * object goes is not known, so tables keep pointers into it. */
void __bench_unit_unload(void)
{
	if (__atomic_load_n(&exiting, __ATOMIC_RELAXED))
		return;
	bench_writer_unit_unload(NULL);
}

static void initialise(void)
{
	bench_settings_load(&bench_settings, bench_settings_getenv);
	bench_clock_init(bench_settings.want_tsc);
	bench_prefetch_init();
	bench_blocking_init(&bench_settings.blocking);
	bench_process_init();
	bench_output_configure(bench_settings.output);
	bench_spool_configure(bench_settings.spool, bench_settings.spool_dir,
			      (uint64_t)bench_settings.spool_max_mb << 20);
	bench_writer_init(bench_settings.format == BENCH_FORMAT_JSONL ?
			  &bench_sink_jsonl : &bench_sink_summary,
			  bench_settings.flush_ms);
	bench_thread_init_key();
	/* Started here, not at the first thread's first record: a fork
	 * waits for initialisation and for the writer's own start (see
	 * prepare_fork), so it never lands while they allocate, which a
	 * sanitizer allocator without fork handlers would not survive. */
	if (bench_settings.enable)
		bench_writer_ensure_started();
	/* Closes the frames exit() leaves open as soon as exit starts; the
	 * destructor below catches what later exit handlers record. */
	atexit(at_exit);
	if (!bench_settings.enable)
		__atomic_store_n(&__bench_active, 0, __ATOMIC_RELAXED);
	bench_blocking_open();
	if (bench_settings.enable && !bench_exit_interposed())
		say_not_interposed();
}

/*
 * Set by this library's first constructor.  Before it, instrumented code
 * runs only while the loader relocates the program: an ifunc resolver (or
 * a function it calls), when nothing of the C library may be used yet.
 */
static int loaded;

__attribute__((constructor(101))) static void mark_loaded(void)
{
	__atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

int bench_runtime_loaded(void)
{
	return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE);
}

int bench_runtime_init(void)
{
	int expected = INIT_NONE;

	if (likely(bench_runtime_ready()))
		return 1;
	if (!bench_runtime_loaded())
		return 0;
	/* A signal handler interrupting our own initialisation (or our
	 * fork) must not wait for it (nor start it again). */
	if (initialising_here || forking_here)
		return 0;
	initialising_here = 1;
	bench_signal_fence();
	while (!__atomic_compare_exchange_n(&init_state, &expected, INIT_RUNNING, 0,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* Another thread initialises (or a signal handler on this
		 * one already did, between our two checks), or a fork that
		 * came first is under way and puts INIT_NONE back. */
		if (expected == INIT_DONE)
			goto ready;
		sched_yield();
		expected = INIT_NONE;
	}
	initialise();
	__atomic_store_n(&init_state, INIT_DONE, __ATOMIC_RELEASE);
ready:
	bench_signal_fence();
	initialising_here = 0;
	return 1;
}

/* Runs after every atexit handler, so their records are written too. */
__attribute__((destructor)) static void finish_at_unload(void)
{
	/* Neither the last flush nor any freeing in a clone() child
	 * (process.h): its locks, the C library's too, may be held by
	 * threads that are not there. */
	if (bench_runtime_ready() && bench_process_is_clone())
		return;
	bench_writer_finish();
	bench_symbols_release();
}

void bench_runtime_end_now(void)
{
	if (!bench_runtime_ready() || bench_process_is_clone())
		return;
	at_exit();
	bench_writer_finish();
}

void bench_flush(void)
{
	bench_writer_flush();
}

void bench_activate(void)
{
	/* Initialise first, so that BENCH_ENABLE=0 does not undo this. */
	bench_runtime_init();
	__atomic_store_n(&__bench_active, 1, __ATOMIC_RELAXED);
}

void bench_deactivate(void)
{
	/* Atomic: the plugin's inline test reads it from every thread. */
	__atomic_store_n(&__bench_active, 0, __ATOMIC_RELAXED);
}
