/* A warning printed before the writer's first flush (the program's first
 * blocking call, at start-up) gives the same duration as the event's
 * record, which the writer formats after calibrating the clock. */
#include <stdio.h>
#include <unistd.h>

__attribute__((bench("nonblocking"))) static int on_start(void)
{
	return usleep(20000);
}

int main(void)
{
	printf("%d\n", on_start());
	return 0;
}
