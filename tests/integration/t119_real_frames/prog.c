/* Real frames in traces: the uninstrumented functions between a
 * nonblocking handler and its blocking call, and those outside it, are
 * unwound and named (from the symbol table, GCC's clone suffixes such as
 * relay.constprop.0 dropped; with -g also their file and the line
 * executing), each with its code address.  noinline and the work after
 * each call keep every frame real in every variant: without -g the place
 * of a handler inlined into its caller is not known exactly (README). */
#include <stdio.h>
#include <unistd.h>

static volatile int sink;

__attribute__((noinline)) static int sleeper(void)
{
	return usleep(1);
}

__attribute__((noinline)) static int relay(int n)
{
	int r = sleeper();

	sink = r;
	return r + n;
}

__attribute__((bench("nonblocking"), noinline)) static int on_event(int n)
{
	return relay(n);
}

__attribute__((noinline)) static int dispatch(int n)
{
	int r = on_event(n);

	sink = r;
	return r;
}

int main(void)
{
	printf("%d\n", dispatch(3));
	return 0;
}
