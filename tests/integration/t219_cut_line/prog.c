/* The output file ends inside a line, as a process killed during a write
 * leaves it: the runtime's first record starts on a line of its own, so
 * that only the cut line is unreadable.  The program cuts the line itself
 * before its first instrumented call (the runtime opens the file lazily). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((bench)) int answer(void)
{
	return 42;
}

int main(void)
{
	static const char cut[] = "{\"type\": \"call\", \"call\": {\"name\": \"killed\", \"durat";
	const char *path = getenv("BENCH_OUTPUT");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, cut, strlen(cut)) != (ssize_t)strlen(cut))
		return 1;
	close(fd);
	printf("%d\n", answer() + answer());
	return 0;
}
