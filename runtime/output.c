/*
 * output.c - opening the output lazily and writing whole lines to it;
 * failures become one line on stderr and a count of lost records, never an
 * abort or a changed exit status.
 */
#include "output.h"

#include "loss.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum output_state { OUTPUT_UNOPENED, OUTPUT_OPEN, OUTPUT_FAILED };

static struct {
	char path[4096];      /* as given, for messages */
	char open_path[6200]; /* made absolute at start-up */
	enum output_state state;
	int fd;
	int reported;        /* a write error was reported already */
	char failure[4200];  /* why records are lost, for the exit report */
} out = { .fd = -1 };

void bench_output_configure(const char *path)
{
	char cwd[2048];

	/* The file opens at the first flush: a relative path must not
	 * follow the program's later chdir(). */
	snprintf(out.path, sizeof(out.path), "%s", path);
	if (path[0] && path[0] != '/' && strcmp(path, "-") && getcwd(cwd, sizeof(cwd)))
		snprintf(out.open_path, sizeof(out.open_path), "%s/%s", cwd, path);
	else
		snprintf(out.open_path, sizeof(out.open_path), "%s", path);
	out.state = OUTPUT_UNOPENED;
	out.fd = -1;
	out.reported = 0;
}

static void say(const char *what)
{
	char line[4400];
	int len = snprintf(line, sizeof(line), "bench: %s\n", what);

	if (len > 0 && write(BENCH_MESSAGE_FD, line, strlen(line)) < 0)
		return; /* stderr is gone: the exit report will not show either */
}

static void open_output(void)
{
	char reason[128];

	if (!out.path[0]) {
		out.fd = STDERR_FILENO;
	} else if (!strcmp(out.path, "-")) {
		out.fd = STDOUT_FILENO;
	} else {
		out.fd = open(out.open_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (out.fd < 0) {
			snprintf(out.failure, sizeof(out.failure), "cannot open '%s': %s",
				 out.path, strerror_r(errno, reason, sizeof(reason)));
			say(out.failure);
			out.state = OUTPUT_FAILED;
			return;
		}
	}
	out.state = OUTPUT_OPEN;
}

static const char *display_path(void)
{
	if (!out.path[0])
		return "<stderr>";
	if (!strcmp(out.path, "-"))
		return "<stdout>";
	return out.path;
}

static uint64_t count_lines(const char *buf, size_t len)
{
	uint64_t lines = 0;
	const char *end = buf + len, *p = buf;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/* A closed pipe must not kill the program with SIGPIPE: block it around
 * the write and consume the one our write raised. */
static ssize_t write_without_sigpipe(int fd, const char *buf, size_t len)
{
	sigset_t pipe_set, old, pending;
	int was_pending;
	ssize_t n;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	n = write(fd, buf, len);
	if (n < 0 && errno == EPIPE && !was_pending) {
		int saved = errno;
		struct timespec zero = { 0, 0 };

		sigtimedwait(&pipe_set, NULL, &zero);
		errno = saved;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return n;
}

void bench_output_write(const char *buf, size_t len, uint64_t records)
{
	size_t done = 0;

	if (out.state == OUTPUT_UNOPENED)
		open_output();
	if (out.state == OUTPUT_FAILED) {
		bench_loss_unwritten(records, out.failure);
		return;
	}
	while (done < len) {
		ssize_t n = write_without_sigpipe(out.fd, buf + done, len - done);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		{
			char reason[128], message[4400];

			snprintf(message, sizeof(message), "cannot write to '%s': %s", display_path(),
				 n == 0 ? "nothing written" : strerror_r(errno, reason, sizeof(reason)));
			if (!out.reported)
				say(message);
			out.reported = 1;
			if (records)
				bench_loss_unwritten(records - count_lines(buf, done), message);
		}
		return;
	}
}
