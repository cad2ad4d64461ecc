/*
 * exec.c - the exec family, interposed (interpose.h): an exec ends the
 * process image as exit does, so before it the records still buffered
 * are written, the calls still open are recorded as ended by it, the
 * summary is printed and losses reported (bench_writer_before_exec).  If
 * the exec fails, the program returns through those calls: they go on
 * under new ids (bench_writer_after_failed_exec).  posix_spawn is not
 * interposed: it does not replace the calling process.
 */
#define _GNU_SOURCE /* strchrnul */
#include "interpose.h"
#include "process.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execv_fn)(const char *, char *const[]);
typedef int (*fexecve_fn)(int, char *const[], char *const[]);

/*
 * Whether an exec of path can start a program: a regular file this
 * process may execute.  A miss (ENOENT, EACCES) only flushes: a program
 * that looks for its command itself, one execve per PATH entry, would
 * otherwise have its open calls recorded and its summary printed at each.
 */
static int can_start(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0;
}

/* The same for a file execvp looks for in PATH (glibc's default path
 * when it is unset; an empty entry is the current directory). */
static int can_start_from_path(const char *file)
{
	const char *dir = getenv("PATH"), *end;
	char candidate[PATH_MAX];

	if (!*file)
		return 0;
	if (strchr(file, '/'))
		return can_start(file);
	for (dir = dir ? dir : "/bin:/usr/bin";; dir = end + 1) {
		int len;

		end = strchrnul(dir, ':');
		len = snprintf(candidate, sizeof(candidate), "%.*s/%s",
			       end > dir ? (int)(end - dir) : 1, end > dir ? dir : ".", file);
		if (len > 0 && (size_t)len < sizeof(candidate) && can_start(candidate))
			return 1;
		if (!*end)
			return 0;
	}
}

enum exec_kind { EXEC_PATH, EXEC_SEARCH, EXEC_FD };

/* Returns 1 when the open calls were recorded as ended by the exec.  The
 * program sees its errno unchanged. */
static int before_exec(enum exec_kind kind, const char *path)
{
	int saved = errno, recorded = 0;

	/* A clone() or vfork() child leaves everything to its parent, and
	 * its stack may be too small for a path buffer (process.h). */
	if (bench_process_is_clone())
		return 0;
	if (kind == EXEC_FD || (path && (kind == EXEC_SEARCH ? can_start_from_path(path)
							       : can_start(path)))) {
		bench_writer_before_exec();
		recorded = 1;
	} else {
		bench_writer_flush();
	}
	errno = saved;
	return recorded;
}

/* Returns what the exec returned (it only returns on failure). */
static int after_failed_exec(int recorded, int result)
{
	int saved = errno;

	if (recorded)
		bench_writer_after_failed_exec();
	errno = saved;
	return result;
}

static int no_real_function(void)
{
	errno = ENOSYS;
	return -1;
}

BENCH_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	execve_fn real = BENCH_REAL(execve_fn, execve);

	int recorded = before_exec(EXEC_PATH, path);
	return after_failed_exec(recorded, real ? real(path, argv, envp) : no_real_function());
}

BENCH_EXPORT int execv(const char *path, char *const argv[])
{
	execv_fn real = BENCH_REAL(execv_fn, execv);

	int recorded = before_exec(EXEC_PATH, path);
	return after_failed_exec(recorded, real ? real(path, argv) : no_real_function());
}

BENCH_EXPORT int execvp(const char *file, char *const argv[])
{
	execv_fn real = BENCH_REAL(execv_fn, execvp);

	int recorded = before_exec(EXEC_SEARCH, file);
	return after_failed_exec(recorded, real ? real(file, argv) : no_real_function());
}

BENCH_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	execve_fn real = BENCH_REAL(execve_fn, execvpe);

	int recorded = before_exec(EXEC_SEARCH, file);
	return after_failed_exec(recorded, real ? real(file, argv, envp) : no_real_function());
}

BENCH_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	fexecve_fn real = BENCH_REAL(fexecve_fn, fexecve);

	int recorded = before_exec(EXEC_FD, NULL);
	return after_failed_exec(recorded, real ? real(fd, argv, envp) : no_real_function());
}

/*
 * The list forms: count the arguments, then copy them into an array on
 * the stack (exec must not call malloc: it may follow vfork).  argc counts
 * arg0 but not the terminating NULL.
 */
static size_t count_arguments(const char *arg0, va_list ap)
{
	size_t argc = 1;

	if (!arg0)
		return 0;
	while (va_arg(ap, const char *))
		argc++;
	return argc;
}

static void copy_arguments(char **argv, size_t argc, const char *arg0, va_list ap)
{
	size_t i;

	if (argc)
		argv[0] = (char *)arg0;
	for (i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	argv[argc] = NULL;
}

BENCH_EXPORT int execl(const char *path, const char *arg0, ...)
{
	execve_fn real = BENCH_REAL(execve_fn, execve);
	va_list ap;
	size_t argc;

	va_start(ap, arg0);
	argc = count_arguments(arg0, ap);
	va_end(ap);
	{
		char *argv[argc + 1];

		va_start(ap, arg0);
		copy_arguments(argv, argc, arg0, ap);
		va_end(ap);
		int recorded = before_exec(EXEC_PATH, path);
		return after_failed_exec(recorded, real ? real(path, argv, environ) : no_real_function());
	}
}

BENCH_EXPORT int execle(const char *path, const char *arg0, ...)
{
	execve_fn real = BENCH_REAL(execve_fn, execve);
	va_list ap;
	size_t argc;

	va_start(ap, arg0);
	argc = count_arguments(arg0, ap);
	va_end(ap);
	{
		char *argv[argc + 1];
		char *const *envp;

		va_start(ap, arg0);
		copy_arguments(argv, argc, arg0, ap);
		/* The environment follows the NULL that ends the arguments. */
		if (argc)
			(void)va_arg(ap, char *);
		envp = va_arg(ap, char *const *);
		va_end(ap);
		int recorded = before_exec(EXEC_PATH, path);
		return after_failed_exec(recorded, real ? real(path, argv, envp) : no_real_function());
	}
}

BENCH_EXPORT int execlp(const char *file, const char *arg0, ...)
{
	execv_fn real = BENCH_REAL(execv_fn, execvp);
	va_list ap;
	size_t argc;

	va_start(ap, arg0);
	argc = count_arguments(arg0, ap);
	va_end(ap);
	{
		char *argv[argc + 1];

		va_start(ap, arg0);
		copy_arguments(argv, argc, arg0, ap);
		va_end(ap);
		int recorded = before_exec(EXEC_SEARCH, file);
		return after_failed_exec(recorded, real ? real(file, argv) : no_real_function());
	}
}
