/* bench_on_blocking: the callback gets each recorded event as a C struct,
 * in the calling thread, right after the call; its own blocking calls are
 * not recorded; NULL removes it.  The program checks what it received and
 * prints the same lines with and without bench. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#ifdef __BENCH__
static int events, bad;
static const char *last_caller;

/* Frame index of function in the event's trace, or -1. */
static int frame_of(const struct bench_blocking_event *ev, const char *function)
{
	for (unsigned i = 0; i < ev->trace_depth; i++)
		if (ev->trace[i].function && strcmp(ev->trace[i].function, function) == 0)
			return (int)i;
	return -1;
}

static void on_blocking(const struct bench_blocking_event *ev, void *userdata)
{
	int *tag = userdata;

	events++;
	last_caller = ev->site->caller;
	if (*tag != 42 || strcmp(ev->site->callee, "usleep") != 0 || ev->duration <= 0 ||
	    ev->start_time < 1.6e9 || ev->thread == 0 || ev->trace_depth < 1 ||
	    strcmp(ev->trace[0].function, ev->site->caller) != 0 ||
	    ev->trace[0].address == NULL || frame_of(ev, "main") < 1)
		bad++;
	/* The handler is named between the call's site and main. */
	if (ev->violation && (!ev->nonblocking || !ev->context ||
			      strcmp(ev->context, "on_timer") != 0 ||
			      frame_of(ev, "on_timer") < 1 ||
			      frame_of(ev, "on_timer") > frame_of(ev, "main")))
		bad++;
	usleep(1); /* not recorded: the callback is not re-entered */
}
#endif

static void plain_call(void)
{
	usleep(1);
}

__attribute__((bench("nonblocking"))) static void on_timer(void)
{
	plain_call();
}

int main(void)
{
#ifdef __BENCH__
	static int tag = 42;

	bench_on_blocking(on_blocking, &tag);
	plain_call();
	on_timer();
	if (events != 2 || bad || strcmp(last_caller, "plain_call") != 0)
		printf("callback saw %d events, %d bad\n", events, bad);
	bench_on_blocking(NULL, NULL);
	plain_call();
	if (events != 2)
		printf("callback still called after removal\n");
#else
	plain_call();
	on_timer();
	plain_call();
#endif
	puts("done");
	return 0;
}
