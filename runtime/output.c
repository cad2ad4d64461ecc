/*
 * output.c - opening the output lazily and writing whole lines to it;
 * failures become one line on stderr and a count of lost records, never an
 * abort or a changed exit status.
 */
#include "fd.h"
#include "output.h"

#include "loss.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum output_state { OUTPUT_UNOPENED, OUTPUT_OPEN, OUTPUT_FAILED };

static struct {
	char path[4096];      /* as given, for messages */
	char open_path[6200]; /* made absolute at start-up */
	enum output_state state;
	int fd;
	int reported;        /* a write error was reported already */
	int lock_reported;   /* a lock held too long was reported already */
	int owned;           /* fd is the file we opened, not stdout/stderr */
	dev_t dev;           /* ... and it is this file: the program may */
	ino_t ino;           /* close or dup2 over our descriptor */
	int regular;         /* a regular file: a partial line can be cut off */
	int check_end;       /* not yet looked for a cut line at the end */
	int newline_first;   /* the file ends inside a line: start a new one */
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
	out.owned = 0;
}

static void say(const char *what)
{
	char line[4400];
	int len = snprintf(line, sizeof(line), "bench: %s\n", what);

	if (len > 0 && write(BENCH_MESSAGE_FD, line, strlen(line)) < 0)
		return; /* stderr is gone: the exit report will not show either */
}

/*
 * Whether the file ends inside a line that nobody is still writing: a
 * process killed during a write (a fatal signal stops a write to a regular
 * file between pages) leaves the start of a record, and our first line
 * appended to it would be lost with it.  Called under the output lock, so
 * no other bench process is between two writes of a buffer; a size that
 * moves is a writer that does not take the lock, which will end its own
 * line.  reader: the file opened for reading, before the lock was taken.
 */
static int ends_in_cut_line(int reader)
{
	struct timespec pause = { 0, 2000000 };
	struct stat st, again;
	char last = '\n';

	if (fstat(reader, &st) != 0 || st.st_size == 0)
		return 0;
	if (pread(reader, &last, 1, st.st_size - 1) == 1 && last != '\n') {
		nanosleep(&pause, NULL);
		if (fstat(reader, &again) != 0 || again.st_size != st.st_size ||
		    pread(reader, &last, 1, st.st_size - 1) != 1)
			last = '\n';
	}
	return last != '\n';
}

/*
 * Processes that append to one file (a test suite run by make -j, a
 * program and its forked children) write whole lines, but a buffer can
 * take several write()s, and a process that opens the file while another
 * is stalled inside a write sees a line that looks cut.  Every bench
 * process holds a POSIX write lock on the file around each buffer and
 * around that look.  POSIX locks rather than flock(): a forked child
 * shares its parent's open file description, and flock() locks belong to
 * descriptions, so they would not keep the two apart.  The wait is
 * bounded: past OUTPUT_LOCK_WAIT_MS (a program of its own holding a lock
 * on the file, a writer stopped in a debugger) the buffer is written
 * without it, as it would be on a file system without locks.  A POSIX
 * lock goes with the first close() of any descriptor of the file in the
 * process: open the file for anything else before taking it, close after.
 */
#define OUTPUT_LOCK_WAIT_MS 2000

static int lock_output(void)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	struct timespec pause = { 0, 100000 };
	long waited_us = 0;

	if (!out.owned || !out.regular)
		return 0;
	for (;;) {
		if (fcntl(out.fd, F_SETLK, &lock) == 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EACCES)
			return 0;
		if (waited_us >= OUTPUT_LOCK_WAIT_MS * 1000L) {
			if (!out.lock_reported) {
				char message[4400];

				snprintf(message, sizeof(message),
					 "'%s' stayed locked by another process for %d s: "
					 "writing to it without the lock", out.path,
					 OUTPUT_LOCK_WAIT_MS / 1000);
				say(message);
				out.lock_reported = 1;
			}
			return 0;
		}
		nanosleep(&pause, NULL);
		waited_us += pause.tv_nsec / 1000;
		/* Short at first (a buffer takes ~1 ms to write), then 1 ms. */
		if (pause.tv_nsec < 1000000)
			pause.tv_nsec *= 2;
	}
}

static void unlock_output(void)
{
	struct flock lock = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

	while (fcntl(out.fd, F_SETLK, &lock) != 0 && errno == EINTR)
		;
}

static void open_output(void)
{
	char reason[128];
	struct stat st;

	out.owned = 0;
	out.regular = 0;
	out.check_end = 0;
	out.newline_first = 0;
	if (!out.path[0]) {
		out.fd = STDERR_FILENO;
	} else if (!strcmp(out.path, "-")) {
		out.fd = STDOUT_FILENO;
	} else {
		out.fd = bench_fd_move_high(open(out.open_path, O_WRONLY | O_CREAT | O_APPEND |
							   O_CLOEXEC | O_NOFOLLOW, 0644));
		if (out.fd < 0) {
			snprintf(out.failure, sizeof(out.failure), "cannot open '%s': %s",
				 out.path, strerror_r(errno, reason, sizeof(reason)));
			say(out.failure);
			out.state = OUTPUT_FAILED;
			return;
		}
		if (fstat(out.fd, &st) == 0) {
			out.owned = 1;
			out.dev = st.st_dev;
			out.ino = st.st_ino;
			out.regular = S_ISREG(st.st_mode);
			out.check_end = out.regular;
		}
	}
	out.state = OUTPUT_OPEN;
}

/*
 * The program may close our descriptor (closing every fd above 2 is
 * common) and reuse its number, or dup2 another file over it.  Writing on
 * would put records into the program's file, and closing the number would
 * close the program's: check the number still holds our file before each
 * buffer.  When it does not, our file description is gone already, so the
 * path is opened again (same flags: append, no symbolic link) and nothing
 * is lost.  A program that swaps the descriptor between this check and
 * the write still wins that race.
 */
static void check_output_still_ours(void)
{
	struct stat st;
	int flags;

	if (!out.owned)
		return;
	flags = fcntl(out.fd, F_GETFL);
	if (flags != -1 && (flags & O_APPEND) && (flags & O_ACCMODE) != O_RDONLY &&
	    fstat(out.fd, &st) == 0 && st.st_dev == out.dev && st.st_ino == out.ino)
		return;
	open_output();
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

/*
 * A write that stopped inside a line (disk full, file size limit) leaves
 * the start of a record that no reader can parse: cut it off, but only
 * when the file still ends where our write left it (the file is shared in
 * append mode with other processes; what they wrote since stays).
 * `partial` bytes at the end of our last write, all of them from that
 * write, begin the incomplete line.
 */
static void cut_partial_line(size_t partial)
{
	struct stat st;
	off_t end;

	if (!out.owned || !out.regular || !partial)
		return;
	end = lseek(out.fd, 0, SEEK_CUR);
	if (end < (off_t)partial || fstat(out.fd, &st) != 0 || st.st_size != end)
		return;
	if (ftruncate(out.fd, end - (off_t)partial) != 0)
		return; /* the line stays; its record is counted as lost anyway */
}

static size_t partial_line_length(const char *buf, size_t done)
{
	size_t i = done;

	while (i > 0 && buf[i - 1] != '\n')
		i--;
	return done - i;
}

/* Writes buf (whole lines) after the newline a cut line wants; on an
 * error says so once and counts the records not written. */
static void write_lines(const char *buf, size_t len, uint64_t records)
{
	size_t done = 0, last_write = 0;

	/* Best effort: if it fails, the write below says why. */
	if (out.newline_first && write_without_sigpipe(out.fd, "\n", 1) == 1)
		out.newline_first = 0;
	while (done < len) {
		ssize_t n = write_without_sigpipe(out.fd, buf + done, len - done);

		if (n > 0) {
			done += (size_t)n;
			last_write = (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		{
			char reason[128], message[4400];
			int saved = errno;
			size_t partial = partial_line_length(buf, done);

			if (partial <= last_write)
				cut_partial_line(partial);
			errno = saved;

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

void bench_output_write(const char *buf, size_t len, uint64_t records)
{
	int reader = -1, locked;

	if (out.state == OUTPUT_UNOPENED)
		open_output();
	else if (out.state == OUTPUT_OPEN)
		check_output_still_ours();
	if (out.state == OUTPUT_FAILED) {
		bench_loss_unwritten(records, out.failure);
		return;
	}
	if (out.check_end)
		reader = open(out.open_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	locked = lock_output();
	if (out.check_end) {
		out.check_end = 0;
		out.newline_first = reader >= 0 && ends_in_cut_line(reader);
	}
	write_lines(buf, len, records);
	if (locked)
		unlock_output();
	if (reader >= 0)
		close(reader);
}
