/*
 * 1,000 functions, each with a blocking call at a call site of its own,
 * and a fork after each.  The writer names every new event's frames
 * (symbols.c interns the names) while holding the drain lock, and each
 * fork's prepare handler takes both locks: taken in the opposite order,
 * the fork and the writer wait for each other for ever (seen in pcre2grep,
 * whose callouts fork /bin/echo).  The run must finish, with every event.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define F(n) __attribute__((noinline)) static int f##n(void) { struct stat st; return stat(".", &st); }
#define F10(p) F(p##0) F(p##1) F(p##2) F(p##3) F(p##4) F(p##5) F(p##6) F(p##7) F(p##8) F(p##9)
#define F100(p) F10(p##0) F10(p##1) F10(p##2) F10(p##3) F10(p##4) \
		F10(p##5) F10(p##6) F10(p##7) F10(p##8) F10(p##9)
F100(1) F100(2) F100(3) F100(4) F100(5) F100(6) F100(7) F100(8) F100(9) F100(0)

#define P(n) f##n,
#define P10(p) P(p##0) P(p##1) P(p##2) P(p##3) P(p##4) P(p##5) P(p##6) P(p##7) P(p##8) P(p##9)
#define P100(p) P10(p##0) P10(p##1) P10(p##2) P10(p##3) P10(p##4) \
		P10(p##5) P10(p##6) P10(p##7) P10(p##8) P10(p##9)
static int (*const calls[])(void) = {
	P100(1) P100(2) P100(3) P100(4) P100(5) P100(6) P100(7) P100(8) P100(9) P100(0)
};

int main(void)
{
	unsigned i, ok = 0;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pid_t child;
		int status;

		ok += calls[i]() == 0;
		child = fork();
		if (child == 0)
			_exit(0);
		if (child < 0 || waitpid(child, &status, 0) != child || status != 0)
			return 1;
	}
	printf("%u calls, %u forks\n", ok, i);
	return 0;
}
