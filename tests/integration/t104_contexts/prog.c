/* Must-not-block contexts nest; the innermost decides.  Regions
 * (bench_nonblocking_begin/end, bench_allow_blocking_begin/end) and
 * nonblocking functions interleave at any depth; check.py also checks the
 * "nonblocking" flag of each record. */
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#ifndef __BENCH__ /* a plain build has no runtime */
#define bench_nonblocking_begin() ((void)0)
#define bench_nonblocking_end() ((void)0)
#define bench_allow_blocking_begin() ((void)0)
#define bench_allow_blocking_end() ((void)0)
#endif

static int calls;

static void pause_here(void)
{
	calls += usleep(1) == 0;
}

static void region_thread(void)
{
	bench_nonblocking_begin();
	usleep(1);                          /* violation, no function */
	bench_nonblocking_end();
	usleep(1);                          /* no context */
}

static void region_allow(void)
{
	bench_nonblocking_begin();
	bench_allow_blocking_begin();
	usleep(1);                          /* allowed: nonblocking, no violation */
	bench_allow_blocking_end();
	usleep(1);                          /* violation again */
	bench_nonblocking_end();
}

static void nested_regions(void)
{
	bench_nonblocking_begin();
	bench_nonblocking_begin();
	bench_nonblocking_end();
	usleep(1);                          /* the outer region is still open */
	bench_nonblocking_end();
	bench_allow_blocking_end();         /* unbalanced: ignored */
	usleep(1);                          /* no context */
}

__attribute__((bench("nonblocking"))) static void on_event(void)
{
	pause_here();                       /* violation in on_event */
}

static void function_inside_allow(void)
{
	bench_nonblocking_begin();
	bench_allow_blocking_begin();
	on_event();
	bench_allow_blocking_end();
	bench_nonblocking_end();
}

__attribute__((bench("nonblocking"))) static void on_allowing(void)
{
	bench_allow_blocking_begin();
	usleep(1);                          /* allowed inside on_allowing */
	bench_allow_blocking_end();
	usleep(1);                          /* violation */
}

__attribute__((bench)) static void middle(void)
{
	pause_here();                       /* three levels below on_deep */
}

__attribute__((bench("nonblocking"))) static void on_deep(void)
{
	middle();
}

int main(void)
{
	region_thread();
	region_allow();
	nested_regions();
	function_inside_allow();
	on_allowing();
	on_deep();
	printf("%d\n", calls);
	return 0;
}
