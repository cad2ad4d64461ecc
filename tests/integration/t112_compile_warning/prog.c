/* A nonblocking function (attribute, or config rule) that directly calls a
 * listed blocking function gets a compile-time warning at that call; a
 * call made further down (through helper) is left to the run time.
 * check.py compiles this file again with -Werror and expects an error. */
#include <stdio.h>
#include <unistd.h>

static void helper(void)
{
	usleep(1);
}

__attribute__((bench("nonblocking"))) static void on_read(void)
{
	helper();
	sleep(0);
}

void on_write(void)
{
	usleep(1);
}

int main(void)
{
	on_read();
	on_write();
	puts("ok");
	return 0;
}
