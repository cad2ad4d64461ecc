/*
 * settings.h - the runtime's settings: built-in defaults, then a config's
 * defaults (__bench_set_defaults), then the environment.
 */
#ifndef BENCH_SETTINGS_H
#define BENCH_SETTINGS_H

#include "internal.h"
#include "blocking.h"

enum bench_format {
	BENCH_FORMAT_JSONL,
	BENCH_FORMAT_SUMMARY,
};

enum bench_buffer_policy {
	BENCH_POLICY_BLOCK, /* a full ring is drained by its own thread */
	BENCH_POLICY_DROP,  /* a full ring drops (and counts) new records */
};

#define BENCH_DEFAULT_FLUSH_MS 100u
#define BENCH_DEFAULT_BUFFER   16384u
#define BENCH_MIN_BUFFER       16u
#define BENCH_MAX_BUFFER       (1u << 24)
#define BENCH_MAX_FLUSH_MS     3600000u
#define BENCH_MAX_PATH         4096
#define BENCH_DEFAULT_SPOOL_MAX_MB 1024u
#define BENCH_MAX_SPOOL_MAX_MB (1u << 20)
#define BENCH_DEFAULT_MAX_DEPTH 1024u  /* instrumented frames per thread */
#define BENCH_DEPTH_LIMIT      65535u

struct bench_settings {
	char output[BENCH_MAX_PATH]; /* "" = none: stderr; "-" = stdout */
	enum bench_format format;
	int format_given;            /* else derived from output */
	int enable;
	unsigned int flush_ms;
	uint32_t buffer;             /* records per thread ring */
	enum bench_buffer_policy buffer_policy;
	uint32_t max_depth;          /* open instrumented frames recorded per thread */
	int want_tsc;                /* BENCH_CLOCK=monotonic clears it */
	int spool;                   /* enum bench_spool_mode (spool.h) */
	char spool_dir[BENCH_MAX_PATH]; /* "" = $TMPDIR, else /tmp */
	uint32_t spool_max_mb;       /* the spool file's size at most */
	struct bench_blocking_settings blocking; /* trace_depth, blocking_min_us, ... */
};

/* The settings in force, fixed at initialisation. */
extern struct bench_settings bench_settings;

/* Variable lookup; secure_getenv in production (the environment is ignored
 * in set-uid/set-gid programs), a table in tests. */
/* A decimal setting from min to max, digits only (no sign, no space);
 * 0 when value is not one. */
int bench_parse_uint(const char *value, unsigned long min, unsigned long max,
		     unsigned long *out);

typedef char *(*bench_getenv_fn)(const char *name);

/* What the runtime reads its environment with: secure_getenv. */
extern const bench_getenv_fn bench_settings_getenv;

/* Fills settings from built-in defaults, the lines given to
 * __bench_set_defaults so far, then getenv_fn.  Invalid values are
 * reported on stderr (one line each) and ignored. */
void bench_settings_load(struct bench_settings *settings, bench_getenv_fn getenv_fn);

/* Applies one "key=value" setting of a config (unknown keys ignored);
 * returns 0 for an invalid value. */
int bench_settings_apply(struct bench_settings *settings, const char *key,
			 const char *value);

/* Where the config defaults are collected, for tests to reset. */
void bench_settings_clear_defaults(void);

#endif /* BENCH_SETTINGS_H */
