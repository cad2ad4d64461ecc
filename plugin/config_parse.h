/*
 * config_parse.h - the configuration's core: YAML bytes in, instrument
 * rules, blocking list and runtime defaults (or diagnostics at the
 * config's own line and column) out.  Plain C++ over libyaml with no GCC
 * dependency (config_yaml.cc, config_parse.cc, config_match.cc, glob.cc),
 * so tests/fuzz/config_fuzz.cc builds it alone; config.cc is the GCC glue
 * around it.
 */
#ifndef BENCH_PLUGIN_CONFIG_PARSE_H
#define BENCH_PLUGIN_CONFIG_PARSE_H

#include <stddef.h>

#include "config.h" /* struct bench_blocking_fn */

/* Hard limits against hostile input; SCHEMA.md documents them. */
#define BENCH_CFG_MAX_FILE_BYTES (1 << 20)
#define BENCH_CFG_MAX_DEPTH 32
#define BENCH_CFG_MAX_NODES 65536
#define BENCH_CFG_MAX_SCALAR 4096
#define BENCH_CFG_MAX_DIAGS 50

enum bench_cfg_severity { BENCH_CFG_ERROR, BENCH_CFG_WARNING, BENCH_CFG_NOTE };

struct bench_cfg_diag {
	const char *file;    /* the config, or the preset file it names */
	int line;            /* 1-based; 0 when about the file as a whole */
	int column;          /* 1-based byte column; 0 with line 0 */
	enum bench_cfg_severity severity;
	const char *message; /* ASCII; quoted user text is escaped */
};

/* A rule's options: -1 (or NULL) leaves a field unset, as in options.h. */
struct bench_cfg_options {
	const char *name;
	int iterations;
	int warmup;
	int cpu;
	int nonblocking;
};

struct bench_cfg;

/* Read and parse the config at PATH.  PRESET_DIR is where `preset: NAME`
 * finds NAME.yaml (may be NULL: then only paths work).  Never NULL; check
 * bench_cfg_error_count(). */
struct bench_cfg *bench_cfg_load(const char *path, const char *preset_dir);

/* Same from bytes already in memory (LEN bytes, NULs allowed); PATH names
 * the config in diagnostics and anchors relative preset paths. */
struct bench_cfg *bench_cfg_parse(const char *path, const char *bytes, size_t len,
				  const char *preset_dir);

void bench_cfg_free(struct bench_cfg *cfg);

int bench_cfg_diag_count(const struct bench_cfg *cfg);
const struct bench_cfg_diag *bench_cfg_diag_get(const struct bench_cfg *cfg, int i);
int bench_cfg_error_count(const struct bench_cfg *cfg);

/* The first rule matching FUNCTION in source FILE (FILE may be NULL: then
 * rules with a file: glob do not match).  Returns the rule's index, or -1;
 * on a match sets *EXCLUDE, *OPTS and *LINE (the rule's config line). */
int bench_cfg_match(const struct bench_cfg *cfg, const char *function, const char *file,
		    bool *exclude, struct bench_cfg_options *opts, int *line);

/* Why no rule matches FUNCTION in FILE, or NULL when one does.  The text
 * lives in CFG until the next call. */
const char *bench_cfg_no_match_reason(struct bench_cfg *cfg, const char *function,
				      const char *file);

/* "key=value\n" lines of the runtime: section, or NULL without one. */
const char *bench_cfg_runtime_defaults(const struct bench_cfg *cfg);

/* preset + add - remove; NULL (and *COUNT 0) when empty. */
const struct bench_blocking_fn *bench_cfg_blocking(const struct bench_cfg *cfg, int *count);

/* Does FILE (as given to the compiler) match the file: glob PATTERN?  A
 * pattern without '/' matches the basename; one starting with '/' the
 * whole path; any other the whole path or a tail of it after a '/'. */
bool bench_cfg_file_match(const char *pattern, const char *file);

#endif
