/*
 * exec.c - the exec family, interposed (interpose.h): an exec ends the
 * process image as exit does, so before it the records still buffered
 * are written, the calls still open are recorded as ended by it, the
 * summary is printed and losses reported (bench_writer_before_exec).  If
 * the exec fails, the program returns through those calls: they go on
 * under new ids (bench_writer_after_failed_exec).  posix_spawn is not
 * interposed: it does not replace the calling process.
 */
#include "interpose.h"
#include "writer.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execv_fn)(const char *, char *const[]);
typedef int (*fexecve_fn)(int, char *const[], char *const[]);

/* The program sees its errno unchanged by either. */
static void before_exec(void)
{
	int saved = errno;

	bench_writer_before_exec();
	errno = saved;
}

/* Returns what the exec returned (it only returns on failure). */
static int after_failed_exec(int result)
{
	int saved = errno;

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

	before_exec();
	return after_failed_exec(real ? real(path, argv, envp) : no_real_function());
}

BENCH_EXPORT int execv(const char *path, char *const argv[])
{
	execv_fn real = BENCH_REAL(execv_fn, execv);

	before_exec();
	return after_failed_exec(real ? real(path, argv) : no_real_function());
}

BENCH_EXPORT int execvp(const char *file, char *const argv[])
{
	execv_fn real = BENCH_REAL(execv_fn, execvp);

	before_exec();
	return after_failed_exec(real ? real(file, argv) : no_real_function());
}

BENCH_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	execve_fn real = BENCH_REAL(execve_fn, execvpe);

	before_exec();
	return after_failed_exec(real ? real(file, argv, envp) : no_real_function());
}

BENCH_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	fexecve_fn real = BENCH_REAL(fexecve_fn, fexecve);

	before_exec();
	return after_failed_exec(real ? real(fd, argv, envp) : no_real_function());
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
		before_exec();
		return after_failed_exec(real ? real(path, argv, environ) : no_real_function());
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
		before_exec();
		return after_failed_exec(real ? real(path, argv, envp) : no_real_function());
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
		before_exec();
		return after_failed_exec(real ? real(file, argv) : no_real_function());
	}
}
