/* A nonblocking function's context ends however the function is left:
 * by return, by longjmp, or as a warm-up execution.  A blocking call after
 * it is no violation; one inside it still is, however deep below it and
 * however many ordinary instrumented frames are open (the runtime counts
 * the open nonblocking frames instead of walking every frame at each
 * blocking call). */
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

static jmp_buf escape;
static int calls;

static void block_here(void)
{
	calls += usleep(1) == 0;
}

/* 12 ordinary instrumented frames above the blocking call. */
__attribute__((bench)) static void descend(int n)
{
	if (n)
		descend(n - 1);
	else
		block_here();
	__asm__ volatile("" ::: "memory"); /* no tail call */
}

__attribute__((bench("nonblocking"))) static void on_escape(void)
{
	block_here();                       /* violation in on_escape */
	longjmp(escape, 1);
}

__attribute__((bench("nonblocking"))) static void on_deep(void)
{
	descend(12);                        /* violation, 13 frames below */
}

/* Run 3 times when instrumented: stdout must not count its calls. */
__attribute__((bench("nonblocking,iterations=2,warmup=1"))) static void on_repeat(void)
{
	usleep(1);                          /* violation, warm-up included */
}

int main(void)
{
	descend(12);                        /* no context */
	if (!setjmp(escape))
		on_escape();
	block_here();                       /* no context: on_escape was left */
	on_deep();
	block_here();                       /* no context */
	on_repeat();
	block_here();                       /* no context */
	printf("%d\n", calls);
	return 0;
}
