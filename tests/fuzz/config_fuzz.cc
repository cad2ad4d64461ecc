/*
 * config_fuzz.cc - libFuzzer target over the config loader's core
 * (plugin/config_parse.cc): any bytes must give rules or diagnostics,
 * never a crash, a hang or a leak, and the result must be usable.
 *
 * Built and run by tests/fuzz/run; PRESET_DIR (a -D) is where `preset:`
 * names resolve, normally the source tree's config/presets.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config_parse.h"

#ifndef PRESET_DIR
#define PRESET_DIR "config/presets"
#endif

/* Names shaped like what the plugin passes: C, C++ (qualified, template,
 * operator), with files relative, absolute and in headers. */
static const char *const functions[] = {
	"main", "json_parse", "a_hot_loop", "ns::Parser::parse",
	"std::vector<int>::push_back", "S::operator[]", "", "\xff\xfe*",
};
static const char *const files[] = {
	"src/parser/json.c", "/abs/src/x.c", "./a.c", "include/x.h", "", NULL,
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_cfg *cfg = bench_cfg_parse("fuzz.yaml", (const char *)data, size, PRESET_DIR);
	int errors = bench_cfg_error_count(cfg);
	int n = bench_cfg_diag_count(cfg);

	for (int i = 0; i < n; i++) {
		const struct bench_cfg_diag *d = bench_cfg_diag_get(cfg, i);
		/* Diagnostics must be printable ASCII lines GCC can show as is. */
		for (const char *p = d->message; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				abort();
		if (d->line < 0 || d->column < 0 || (d->line == 0 && d->column != 0))
			abort();
	}
	if (errors == 0) {
		for (const char *f : functions)
			for (const char *file : files) {
				bool exclude;
				struct bench_cfg_options opts;
				int line;
				int r = bench_cfg_match(cfg, f, file, &exclude, &opts, &line);
				const char *why = bench_cfg_no_match_reason(cfg, f, file);
				/* A reason exactly when nothing matched. */
				if ((r < 0) != (why != NULL))
					abort();
				if (r >= 0 && (line < 1 || (opts.iterations != -1 && opts.iterations < 1)))
					abort();
			}
		const char *rt = bench_cfg_runtime_defaults(cfg);
		if (rt && rt[strlen(rt) - 1] != '\n')
			abort();
		int count;
		const struct bench_blocking_fn *b = bench_cfg_blocking(cfg, &count);
		for (int i = 0; i < count; i++)
			if (!b[i].name[0] || !b[i].category[0] || b[i].weight < 0)
				abort();
	}
	bench_cfg_free(cfg);
	return 0;
}
