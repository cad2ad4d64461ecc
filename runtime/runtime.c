/*
 * runtime.c - initialisation on first use, the run-time control functions,
 * and the process-wide hooks: fork, exit and the final ELF destructor.
 */
#include "internal.h"

#include "blocking.h"
#include "clock.h"
#include "intern.h"
#include "output.h"
#include "process.h"
#include "settings.h"
#include "sink.h"
#include "thread.h"
#include "writer.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

enum init_state { INIT_NONE, INIT_RUNNING, INIT_DONE };

static int init_state;
static __thread int initialising_here;

int bench_runtime_ready(void)
{
	return __atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == INIT_DONE;
}

static void before_fork(void)
{
	bench_intern_before_fork();
	bench_writer_before_fork();
}

static void after_fork_parent(void)
{
	bench_writer_after_fork_parent();
	bench_intern_after_fork();
}

static void after_fork_child(void)
{
	bench_process_after_fork_child();
	bench_writer_after_fork_child();
	bench_blocking_after_fork_child();
	bench_intern_after_fork();
}

static void at_exit(void)
{
	bench_writer_at_exit();
}

static void initialise(void)
{
	bench_settings_load(&bench_settings, bench_settings_getenv);
	bench_clock_init(bench_settings.want_tsc);
	bench_blocking_init(&bench_settings.blocking);
	bench_process_init();
	bench_output_configure(bench_settings.output);
	bench_writer_init(bench_settings.format == BENCH_FORMAT_JSONL ?
			  &bench_sink_jsonl : &bench_sink_summary,
			  bench_settings.flush_ms);
	bench_thread_init_key();
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
	/* Closes the frames exit() leaves open as soon as exit starts; the
	 * destructor below catches what later exit handlers record. */
	atexit(at_exit);
	if (!bench_settings.enable)
		__bench_active = 0;
}

int bench_runtime_init(void)
{
	int expected = INIT_NONE;

	if (likely(bench_runtime_ready()))
		return 1;
	/* A signal handler interrupting our own initialisation must not
	 * wait for it (nor start it again). */
	if (initialising_here)
		return 0;
	initialising_here = 1;
	bench_signal_fence();
	if (__atomic_compare_exchange_n(&init_state, &expected, INIT_RUNNING, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		initialise();
		__atomic_store_n(&init_state, INIT_DONE, __ATOMIC_RELEASE);
	} else {
		/* Another thread initialises (or a signal handler on this
		 * one already did, between our two checks). */
		while (!bench_runtime_ready())
			sched_yield();
	}
	bench_signal_fence();
	initialising_here = 0;
	return 1;
}

/* Runs after every atexit handler, so their records are written too. */
__attribute__((destructor)) static void finish_at_unload(void)
{
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
	__bench_active = 1;
}

void bench_deactivate(void)
{
	__bench_active = 0;
}
