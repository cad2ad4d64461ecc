/* Calls through pointers taken from a listed function's address: a local
 * pointer, a static table (a static initialiser), a callback argument, and
 * a struct of operations.  Each call is recorded once, as made "(via
 * pointer)" at the line where the address was taken; a pointer compared
 * with the function still compares equal; a variadic function's pointer is
 * left alone. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

typedef int (*sleeper)(useconds_t);

static sleeper table[] = { usleep };

struct ops {
	int (*pause_for)(useconds_t);
	int (*shut)(int);
};

static const struct ops file_ops = { .pause_for = usleep, .shut = close };

static int call_with(sleeper fn, useconds_t us)
{
	return fn(us);
}

static void calls(void)
{
	sleeper local = usleep;
	int (*opener)(const char *, int, ...) = open;
	int fd;

	printf("local %d\n", local(1));
	printf("table %d\n", table[0](1));
	printf("callback %d\n", call_with(usleep, 1));
	printf("ops %d\n", file_ops.pause_for(1));
	printf("same %d %d\n", local == usleep, table[0] == local);
	fd = opener("/dev/null", O_RDONLY);
	printf("close %d\n", file_ops.shut(fd));
	printf("direct %d\n", usleep(1));
}

int main(void)
{
	calls();
	return 0;
}
