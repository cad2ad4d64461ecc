/*
 * A program made set-uid or set-gid root by tests/reliability/run and run
 * by an unprivileged user: the runtime must ignore BENCH_* variables there
 * (secure_getenv), so BENCH_OUTPUT must not be created.  A copy without the
 * set-id bit, run the same way, shows that the variable works otherwise.
 */
#include <bench.h>
#include <stdio.h>

__attribute__((bench)) static int probe(int x)
{
	return x + 1;
}

int main(void)
{
	printf("probe %d\n", probe(41));
	return 0;
}
