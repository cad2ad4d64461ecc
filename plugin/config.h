/*
 * config.h - the YAML configuration (-fplugin-arg-bench-config=FILE):
 * instrumentation rules, blocking-function lists and runtime defaults,
 * parsed with libyaml and validated with diagnostics at the config's own
 * line and column.
 */
#ifndef BENCH_PLUGIN_CONFIG_H
#define BENCH_PLUGIN_CONFIG_H

struct bench_options;

/* Remember PATH and arrange for it to be loaded once per compilation, at a
 * point where diagnostics can be issued.  Called from plugin_init. */
void bench_config_register(const char *plugin_name, const char *path);

/* True once a config was loaded without errors. */
bool bench_config_loaded(void);

/* The first rule matching FUNCTION (C++: qualified, demangled) in source
 * FILE.  Returns false when no rule matches.  Otherwise sets *EXCLUDE,
 * fills OPTS with the rule's options (unset fields stay unset) and *LINE
 * with the rule's line in the config, for verbose notes. */
bool bench_config_match(const char *function, const char *file,
			bool *exclude, struct bench_options *opts, int *line);

/* Why no rule matched FUNCTION, for -fplugin-arg-bench-verbose (static
 * text), or NULL when one did. */
const char *bench_config_no_match_reason(const char *function, const char *file);

/* The runtime: section as "key=value\n" lines for __bench_set_defaults, or
 * NULL when the config has none. */
const char *bench_config_runtime_defaults(void);

/* The blocking functions to wrap (preset + add - remove), by assembler
 * name; COUNT receives their number.  NULL when there is none. */
struct bench_blocking_fn {
	const char *name;     /* glob allowed in add: ("legacy_*") */
	const char *category; /* e.g. "sleep", "file", ... or "user" */
	int weight;           /* for ranking reports */
	/* What makes a call return at once instead of waiting, so that in
	 * nonblocking code it is no violation: its file descriptor in
	 * non-blocking mode, a flags argument with one of nowait_mask's bits
	 * (MSG_DONTWAIT, WNOHANG, LOCK_NB), a timeout argument of 0.  Argument
	 * positions count from 1; 0 when there is none. */
	int descriptor_arg;
	int flags_arg;
	long nowait_mask;
	int timeout_arg;
};
const struct bench_blocking_fn *bench_config_blocking(int *count);

#endif
