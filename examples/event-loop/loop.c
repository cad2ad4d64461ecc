/*
 * loop.c - a tiny poll() event loop whose message handler hides a blocking
 * call three levels down: on_message -> handle_message -> archive_message
 * -> flush_archive -> usleep.  Built with bench.yaml, the run reports that
 * one call as a violation of the nonblocking handler, with its call site
 * and a trace that names on_message; the program's output is unchanged.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long archived;

/* Pretends to wait for a disk: the bug bench is here to find. */
static void flush_archive(void)
{
	usleep(2000);
}

static void archive_message(const char *msg)
{
	archived += strlen(msg);
	if (strcmp(msg, "checkpoint") == 0)
		flush_archive();
}

static int handle_message(const char *msg)
{
	archive_message(msg);
	return (int)strlen(msg);
}

/* An event-loop callback: must never block (bench.yaml says so). */
int on_message(const char *msg)
{
	return handle_message(msg);
}

int main(void)
{
	static const char *const messages[] = { "hello", "world", "checkpoint", "bye" };
	int fds[2];
	size_t i, sent = 0;
	int total = 0;

	if (pipe(fds) != 0) {
		perror("pipe");
		return 1;
	}
	/* Queue every message up front, one per pipe write, NUL included. */
	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (write(fds[1], messages[i], strlen(messages[i]) + 1) > 0)
			sent++;
	close(fds[1]);

	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		char buf[256];
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0)
			break;
		n = read(fds[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		/* A read may return several messages: dispatch each. */
		for (char *p = buf; p < buf + n; p += strlen(p) + 1)
			total += on_message(p);
	}
	close(fds[0]);
	printf("%zu messages, %d bytes handled, %lu archived\n", sent, total, archived);
	return 0;
}
