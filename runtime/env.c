/*
 * env.c - reads the settings: built-in defaults, then the "key=value"
 * lines of __bench_set_defaults, then BENCH_* environment variables.
 */
#include "settings.h"
#include "spool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bench_settings bench_settings;

/* Not getenv: a set-uid or set-gid program must not take its output path
 * (or anything else) from whoever runs it. */
const bench_getenv_fn bench_settings_getenv = secure_getenv;

/*
 * The config defaults, kept as text until initialisation: constructors of
 * several translation units may each contribute, and environment
 * variables read later must still win.
 */
static char config_defaults[8192];

struct setting {
	const char *key; /* in a config's runtime: section */
	const char *env; /* environment variable */
};

static const struct setting known_settings[] = {
	{ "output", "BENCH_OUTPUT" },
	{ "format", "BENCH_FORMAT" },
	{ "enable", "BENCH_ENABLE" },
	{ "flush_ms", "BENCH_FLUSH_MS" },
	{ "buffer", "BENCH_BUFFER" },
	{ "buffer_policy", "BENCH_BUFFER_POLICY" },
	{ "max_depth", "BENCH_MAX_DEPTH" },
	{ "clock", "BENCH_CLOCK" },
	{ "spool", "BENCH_SPOOL" },
	{ "spool_dir", "BENCH_SPOOL_DIR" },
	{ "spool_max_mb", "BENCH_SPOOL_MAX_MB" },
	{ "trace_depth", "BENCH_TRACE_DEPTH" },
	{ "blocking_min_us", "BENCH_BLOCKING_MIN_US" },
	{ "on_violation", "BENCH_ON_VIOLATION" },
	{ "sample", "BENCH_SAMPLE" },
};

static void warn_invalid(const char *origin, const char *value, const char *expected)
{
	fprintf(stderr, "bench: ignoring %s='%s' (expected %s)\n", origin, value, expected);
}

int bench_parse_uint(const char *value, unsigned long min, unsigned long max,
		     unsigned long *out)
{
	char *end;
	unsigned long n;

	if (*value < '0' || *value > '9')
		return 0;
	errno = 0;
	n = strtoul(value, &end, 10);
	if (errno || *end || n < min || n > max)
		return 0;
	*out = n;
	return 1;
}

static int parse_bool(const char *value, int *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	size_t i;

	for (i = 0; i < BENCH_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(value, yes[i]))
			return *out = 1, 1;
		if (!strcasecmp(value, no[i]))
			return *out = 0, 1;
	}
	return 0;
}

/* Returns NULL on success, else what was expected. */
static const char *apply(struct bench_settings *s, const char *key, const char *value)
{
	unsigned long n;

	if (!strcmp(key, "output")) {
		if (strlen(value) >= sizeof(s->output))
			return "a path shorter than 4096 bytes";
		strcpy(s->output, value);
	} else if (!strcmp(key, "format")) {
		if (!strcmp(value, "jsonl"))
			s->format = BENCH_FORMAT_JSONL;
		else if (!strcmp(value, "summary"))
			s->format = BENCH_FORMAT_SUMMARY;
		else
			return "jsonl or summary";
		s->format_given = 1;
	} else if (!strcmp(key, "enable")) {
		if (!parse_bool(value, &s->enable))
			return "0 or 1";
	} else if (!strcmp(key, "flush_ms")) {
		if (!bench_parse_uint(value, 1, BENCH_MAX_FLUSH_MS, &n))
			return "milliseconds, 1 to 3600000";
		s->flush_ms = (unsigned int)n;
	} else if (!strcmp(key, "buffer")) {
		if (!bench_parse_uint(value, BENCH_MIN_BUFFER, BENCH_MAX_BUFFER, &n))
			return "records per thread, 16 to 16777216";
		s->buffer = (uint32_t)n;
	} else if (!strcmp(key, "buffer_policy")) {
		if (!strcmp(value, "block"))
			s->buffer_policy = BENCH_POLICY_BLOCK;
		else if (!strcmp(value, "drop"))
			s->buffer_policy = BENCH_POLICY_DROP;
		else
			return "block or drop";
	} else if (!strcmp(key, "max_depth")) {
		if (!bench_parse_uint(value, 1, BENCH_DEPTH_LIMIT, &n))
			return "frames, 1 to 65535";
		s->max_depth = (uint32_t)n;
	} else if (!strcmp(key, "clock")) {
		if (!strcmp(value, "tsc"))
			s->want_tsc = 1;
		else if (!strcmp(value, "monotonic"))
			s->want_tsc = 0;
		else
			return "tsc or monotonic";
	} else if (!strcmp(key, "spool")) {
		int on;

		if (!strcmp(value, "always"))
			s->spool = BENCH_SPOOL_ALWAYS;
		else if (parse_bool(value, &on))
			s->spool = on ? BENCH_SPOOL_AUTO : BENCH_SPOOL_OFF;
		else
			return "0, 1 or always";
	} else if (!strcmp(key, "spool_dir")) {
		if (strlen(value) >= sizeof(s->spool_dir))
			return "a directory path shorter than 4096 bytes";
		strcpy(s->spool_dir, value);
	} else if (!strcmp(key, "spool_max_mb")) {
		if (!bench_parse_uint(value, 1, BENCH_MAX_SPOOL_MAX_MB, &n))
			return "MiB, 1 to 1048576";
		s->spool_max_mb = (uint32_t)n;
	} else {
		int known;
		const char *expected = bench_blocking_setting(&s->blocking, key, value, &known);

		if (known)
			return expected;
	}
	/* Unknown keys belong to later versions or other parts of bench. */
	return NULL;
}

int bench_settings_apply(struct bench_settings *settings, const char *key,
			 const char *value)
{
	return apply(settings, key, value) == NULL;
}

static void set_builtin_defaults(struct bench_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->format = BENCH_FORMAT_SUMMARY;
	s->enable = 1;
	s->flush_ms = BENCH_DEFAULT_FLUSH_MS;
	s->buffer = BENCH_DEFAULT_BUFFER;
	s->buffer_policy = BENCH_POLICY_BLOCK;
	s->max_depth = BENCH_DEFAULT_MAX_DEPTH;
	s->want_tsc = 1;
	s->spool = BENCH_SPOOL_AUTO;
	s->spool_max_mb = BENCH_DEFAULT_SPOOL_MAX_MB;
	bench_blocking_default_settings(&s->blocking);
}

static void apply_config_defaults(struct bench_settings *s)
{
	char line[BENCH_MAX_PATH + 64];
	const char *p = config_defaults;

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *eq;

		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = 0;
			eq = strchr(line, '=');
			if (eq) {
				const char *expected;

				*eq = 0;
				expected = apply(s, line, eq + 1);
				if (expected) {
					char origin[128];

					snprintf(origin, sizeof(origin), "config runtime setting %.64s", line);
					warn_invalid(origin, eq + 1, expected);
				}
			}
		}
		p += len;
		if (*p == '\n')
			p++;
	}
}

void bench_settings_load(struct bench_settings *s, bench_getenv_fn getenv_fn)
{
	size_t i;

	set_builtin_defaults(s);
	apply_config_defaults(s);
	for (i = 0; i < BENCH_ARRAY_SIZE(known_settings); i++) {
		const char *value = getenv_fn(known_settings[i].env);
		const char *expected;

		if (!value)
			continue;
		expected = apply(s, known_settings[i].key, value);
		if (expected)
			warn_invalid(known_settings[i].env, value, expected);
	}
	/* JSON Lines is the natural content of an output file; without one,
	 * a summary on stderr. */
	if (!s->format_given)
		s->format = s->output[0] ? BENCH_FORMAT_JSONL : BENCH_FORMAT_SUMMARY;
}

void bench_settings_clear_defaults(void)
{
	config_defaults[0] = 0;
}

void __bench_set_defaults(const char *settings)
{
	size_t used = strlen(config_defaults);
	size_t len;

	if (!settings)
		return;
	len = strlen(settings);
	if (used + len + 2 > sizeof(config_defaults)) {
		fprintf(stderr, "bench: config runtime settings longer than %zu bytes ignored\n",
			sizeof(config_defaults));
		return;
	}
	/* Constructors run before any thread: no lock needed.  Settings
	 * are read once, at the first recorded call: later ones (a library
	 * dlopen'ed afterwards) do not apply. */
	memcpy(config_defaults + used, settings, len);
	config_defaults[used + len] = '\n';
	config_defaults[used + len + 1] = 0;
}
