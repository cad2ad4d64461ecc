/*
 * block.c - BENCH_RECORD and BENCH_TIME blocks, through the macros'
 * __bench_block_* entry points or the plain bench_*_begin/end functions.
 *
 * A BENCH_RECORD block is a frame like a function's, so it nests and gets
 * a record of its own; a BENCH_TIME block only adds a timing to the
 * innermost open call.
 */
#include "hooks.h"

#include "clock.h"
#include "frame.h"
#include "intern.h"

/* The plain functions have no call site the runtime could know. */
static const struct bench_site api_record_site = {
	BENCH_ABI_VERSION, BENCH_SITE_RECORD,
	NULL, "", "", 0, 0, 1, 0,
};
static const struct bench_site api_time_site = {
	BENCH_ABI_VERSION, BENCH_SITE_TIME,
	NULL, "", "", 0, 0, 1, 0,
};

static const char *recorded_name(const struct bench_site *site, const char *name,
				 int name_is_static)
{
	const char *copy;

	if (!name)
		return site->name ? site->name : (site->function ? site->function : "(unnamed)");
	if (name_is_static)
		return name;
	copy = bench_intern(name);
	return copy ? copy : "(name lost: out of memory)";
}

uint64_t __bench_block_begin(const struct bench_site *site, const char *name,
			     int name_is_static)
{
	struct bench_thread *t;
	uint64_t token;

	/* The macros call this directly, without the plugin's inline test. */
	if (!__atomic_load_n(&__bench_active, __ATOMIC_RELAXED))
		return 0;
	t = bench_self;
	if (unlikely(!t || t->busy || site->abi != BENCH_ABI_VERSION)) {
		t = bench_thread_for_call_slow(site);
		if (!t)
			return 0;
	}
	t->busy = 1;
	bench_signal_fence();
	name = recorded_name(site, name, name_is_static);
	if (site->flags & BENCH_SITE_TIME)
		token = bench_timing_open(t, site, name);
	else
		token = bench_frame_push(t, site, name);
	bench_signal_fence();
	t->busy = 0;
	return token;
}

void __bench_block_end(const struct bench_site *site, uint64_t token)
{
	struct bench_thread *t = bench_self;
	uint64_t now;

	(void)site;
	if (!token || !t || t->busy)
		return;
	t->busy = 1;
	bench_signal_fence();
	/* Only once busy: a signal handler's calls must not nest under a
	 * block whose end was already taken (see __bench_exit). */
	now = bench_clock_ticks();
	if (token & BENCH_TIMING_TOKEN)
		bench_timing_close(t, token, now);
	else if (bench_frame_resync(t, token, now))
		bench_frame_close(t, (uint32_t)token - 1, now, BENCH_CLOSED_RETURN);
	bench_signal_fence();
	t->busy = 0;
}

static bench_scope open_scope(const struct bench_site *site, const char *name)
{
	bench_scope scope;

	scope.site = site;
	scope.token = __bench_block_begin(site, name, 0);
	scope.active = 1;
	return scope;
}

static void close_scope(bench_scope *scope)
{
	if (scope && scope->token)
		__bench_block_end(scope->site, scope->token);
	if (scope) {
		scope->token = 0;
		scope->active = 0;
	}
}

bench_scope bench_record_begin(const char *name)
{
	return open_scope(&api_record_site, name);
}

void bench_record_end(bench_scope *scope)
{
	close_scope(scope);
}

bench_scope bench_time_begin(const char *name)
{
	return open_scope(&api_time_site, name);
}

void bench_time_end(bench_scope *scope)
{
	close_scope(scope);
}
