/*
 * test_settings.c - built-in defaults < __bench_set_defaults < environment,
 * invalid values reported and ignored, secure_getenv.
 */
#define _GNU_SOURCE 1
#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "spool.h"
#include "suites.h"

static const char *const *fake_env;

static char *fake_getenv(const char *name)
{
	const char *const *e;
	size_t len = strlen(name);

	for (e = fake_env; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return (char *)*e + len + 1;
	return NULL;
}

/* Loads settings with env as the environment; returns what went to stderr. */
static char *load(struct bench_settings *s, const char *const *env)
{
	static char captured[4096];
	char path[] = "/tmp/bench-unit-stderr-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	fflush(stderr);
	dup2(fd, 2);
	fake_env = env;
	bench_settings_load(s, fake_getenv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, captured, sizeof(captured) - 1);
	captured[n > 0 ? n : 0] = 0;
	close(fd);
	unlink(path);
	return captured;
}

static void test_builtin_defaults(void)
{
	struct bench_settings s;

	bench_settings_clear_defaults();
	CU_ASSERT_STRING_EQUAL(load(&s, NULL), "");
	CU_ASSERT_STRING_EQUAL(s.output, "");
	CU_ASSERT_EQUAL(s.format, BENCH_FORMAT_SUMMARY);
	CU_ASSERT_EQUAL(s.enable, 1);
	CU_ASSERT_EQUAL(s.flush_ms, 100);
	CU_ASSERT_EQUAL(s.buffer, 16384);
	CU_ASSERT_EQUAL(s.buffer_policy, BENCH_POLICY_BLOCK);
	CU_ASSERT_EQUAL(s.max_depth, 1024);
}

static void test_output_implies_jsonl(void)
{
	struct bench_settings s;
	const char *const env[] = { "BENCH_OUTPUT=/tmp/x.jsonl", NULL };
	const char *const env2[] = { "BENCH_OUTPUT=/tmp/x.txt", "BENCH_FORMAT=summary", NULL };

	bench_settings_clear_defaults();
	load(&s, env);
	CU_ASSERT_STRING_EQUAL(s.output, "/tmp/x.jsonl");
	CU_ASSERT_EQUAL(s.format, BENCH_FORMAT_JSONL);
	load(&s, env2);
	CU_ASSERT_EQUAL(s.format, BENCH_FORMAT_SUMMARY);
}

static void test_config_defaults_then_environment(void)
{
	struct bench_settings s;
	const char *const env[] = { "BENCH_BUFFER=4096", "BENCH_ENABLE=1", "BENCH_MAX_DEPTH=65535",
				    NULL };

	bench_settings_clear_defaults();
	/* two translation units' constructors; unknown keys ignored */
	__bench_set_defaults("output=cfg.jsonl\nbuffer=1024\nenable=0\ntrace_depth=5");
	__bench_set_defaults("flush_ms=20\nbuffer_policy=drop\nfuture_key=1\nmax_depth=3\n");
	CU_ASSERT_STRING_EQUAL(load(&s, NULL), "");
	CU_ASSERT_STRING_EQUAL(s.output, "cfg.jsonl");
	CU_ASSERT_EQUAL(s.format, BENCH_FORMAT_JSONL);
	CU_ASSERT_EQUAL(s.buffer, 1024);
	CU_ASSERT_EQUAL(s.enable, 0);
	CU_ASSERT_EQUAL(s.flush_ms, 20);
	CU_ASSERT_EQUAL(s.buffer_policy, BENCH_POLICY_DROP);
	CU_ASSERT_EQUAL(s.max_depth, 3);
	/* the environment wins over the config */
	load(&s, env);
	CU_ASSERT_EQUAL(s.buffer, 4096);
	CU_ASSERT_EQUAL(s.max_depth, 65535);
	CU_ASSERT_EQUAL(s.enable, 1);
	CU_ASSERT_STRING_EQUAL(s.output, "cfg.jsonl");
	CU_ASSERT_EQUAL(s.flush_ms, 20);
	bench_settings_clear_defaults();
}

static void test_spool_settings(void)
{
	struct bench_settings s;
	const char *const off[] = { "BENCH_SPOOL=0", "BENCH_SPOOL_DIR=/var/tmp", NULL };
	const char *const always[] = { "BENCH_SPOOL=always", NULL };
	const char *const bad[] = { "BENCH_SPOOL=sometimes", NULL };

	const char *const on[] = { "BENCH_SPOOL=1", NULL };
	const char *const max[] = { "BENCH_SPOOL_MAX_MB=64", NULL };
	const char *const bad_max[] = { "BENCH_SPOOL_MAX_MB=0", NULL };

	bench_settings_clear_defaults();
	load(&s, NULL);
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_AUTO); /* packed, it keeps up (RESULTS.md) */
	CU_ASSERT_STRING_EQUAL(s.spool_dir, "");
	CU_ASSERT_EQUAL(s.spool_max_mb, 1024);
	load(&s, max);
	CU_ASSERT_EQUAL(s.spool_max_mb, 64);
	CU_ASSERT_PTR_NOT_NULL(strstr(load(&s, bad_max), "BENCH_SPOOL_MAX_MB='0'"));
	CU_ASSERT_EQUAL(s.spool_max_mb, 1024);
	load(&s, on);
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_AUTO);
	load(&s, off);
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_OFF);
	CU_ASSERT_STRING_EQUAL(s.spool_dir, "/var/tmp");
	load(&s, always);
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_ALWAYS);
	CU_ASSERT_PTR_NOT_NULL(strstr(load(&s, bad), "BENCH_SPOOL='sometimes'"));
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_AUTO); /* the default stays */
	/* the config's keys, as the plugin passes them */
	__bench_set_defaults("spool=0\nspool_dir=/srv/spool\nspool_max_mb=8");
	CU_ASSERT_STRING_EQUAL(load(&s, NULL), "");
	CU_ASSERT_EQUAL(s.spool, BENCH_SPOOL_OFF);
	CU_ASSERT_STRING_EQUAL(s.spool_dir, "/srv/spool");
	CU_ASSERT_EQUAL(s.spool_max_mb, 8);
	bench_settings_clear_defaults();
}

static void test_invalid_values_reported(void)
{
	struct bench_settings s;
	const char *const env[] = {
		"BENCH_FORMAT=xml", "BENCH_BUFFER=12abc", "BENCH_FLUSH_MS=0",
		"BENCH_BUFFER_POLICY=sometimes", "BENCH_ENABLE=maybe", "BENCH_MAX_DEPTH=65536",
		NULL,
	};
	char *err;

	bench_settings_clear_defaults();
	err = load(&s, env);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "bench: ignoring BENCH_FORMAT='xml' (expected jsonl or summary)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "BENCH_BUFFER='12abc'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "BENCH_FLUSH_MS='0'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "BENCH_BUFFER_POLICY='sometimes'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "BENCH_ENABLE='maybe'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "BENCH_MAX_DEPTH='65536' (expected frames, 1 to 65535)"));
	/* one line each, and the defaults stay */
	{
		size_t lines = 0;
		const char *p;

		for (p = err; *p; p++)
			lines += *p == '\n';
		CU_ASSERT_EQUAL(lines, 6);
	}
	CU_ASSERT_EQUAL(s.format, BENCH_FORMAT_SUMMARY);
	CU_ASSERT_EQUAL(s.buffer, 16384);
	CU_ASSERT_EQUAL(s.flush_ms, 100);
	CU_ASSERT_EQUAL(s.enable, 1);
	CU_ASSERT_EQUAL(s.max_depth, 1024);
}

static void test_uses_secure_getenv(void)
{
	/* set-uid/set-gid programs must not take settings from the caller */
	CU_ASSERT_PTR_EQUAL((void *)bench_settings_getenv, (void *)secure_getenv);
}

int add_settings_suite(void)
{
	CU_pSuite s = CU_add_suite("settings", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "built-in defaults", test_builtin_defaults) ||
	    !CU_add_test(s, "an output file means JSON Lines", test_output_implies_jsonl) ||
	    !CU_add_test(s, "config defaults, then environment", test_config_defaults_then_environment) ||
	    !CU_add_test(s, "spool settings", test_spool_settings) ||
	    !CU_add_test(s, "invalid values reported once and ignored", test_invalid_values_reported) ||
	    !CU_add_test(s, "environment read with secure_getenv", test_uses_secure_getenv))
		return CU_get_error();
	return CUE_SUCCESS;
}
