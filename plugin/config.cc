/*
 * config.cc - the GCC side of the YAML configuration: loads the config
 * named by -fplugin-arg-bench-config once per compilation, turns the
 * core's diagnostics (config_parse.cc) into GCC errors at the config's own
 * line and column, and lists the config as a dependency for -MD/-MMD.
 */
#include <dlfcn.h>
#include <limits.h>

#include "compat.h"
#include "cpplib.h"
#include "config.h"
#include "config_parse.h"
#include "options.h"

/* The preprocessor's dependency list.  parse_in exists only in the C
 * family's compilers (cc1, cc1plus) and deps_add_dep's header is not
 * installed: weak references keep the plugin loadable in lto1, where the
 * config is not a dependency of anything. */
class mkdeps;
extern cpp_reader *parse_in __attribute__((weak));
extern class mkdeps *cpp_get_deps(cpp_reader *) __attribute__((weak));
extern void deps_add_dep(class mkdeps *, const char *) __attribute__((weak));

static struct bench_cfg *config;
static const char *config_path;

/* PREFIX/share/bench/presets for a plugin at PREFIX/lib/bench/bench.so
 * (the build tree has the same layout).  dladdr gives the path the
 * compiler really loaded, whichever way -fplugin= spelled it. */
static char *preset_dir(void)
{
	Dl_info info;
	char real[PATH_MAX];
	char *dir;

	if (!dladdr((void *)&preset_dir, &info) || !info.dli_fname ||
	    !realpath(info.dli_fname, real))
		return NULL;
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(real, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
	dir = XNEWVEC(char, strlen(real) + sizeof "/share/bench/presets");
	sprintf(dir, "%s/share/bench/presets", real);
	return dir;
}

/*
 * A location in the config file for error_at.  The line map is built
 * before the preprocessor has entered the main file (plugin_init runs
 * before the front end reads it), as a main file of its own that is left
 * again at once: the next file the preprocessor enters starts a fresh
 * main-file chain, so there is no "In file included from" and the source's
 * own locations are untouched.  Line 0 gives "FILE: error:" for problems
 * with the file as a whole.
 */
static location_t config_location(const char *file, int line, int column)
{
	location_t loc;

	linemap_add(line_table, LC_ENTER, false, file, line);
	loc = linemap_line_start(line_table, line, column + 1);
	if (line > 0)
		loc = linemap_position_for_column(line_table, column);
	linemap_add(line_table, LC_LEAVE, false, NULL, 0);
	return loc;
}

static void report_diagnostics(void)
{
	int n = bench_cfg_diag_count(config);
	bool main_file_entered = LINEMAPS_ORDINARY_USED(line_table) > 0 &&
				 line_table->depth > 0;

	for (int i = 0; i < n; i++) {
		const struct bench_cfg_diag *d = bench_cfg_diag_get(config, i);
		/* Should a front end ever have entered its file already, a map
		 * added now would disturb it; fall back to a plain message. */
		location_t loc = UNKNOWN_LOCATION;
		char where[PATH_MAX + 32] = "";

		if (main_file_entered)
			snprintf(where, sizeof where, "%s:%d:%d: ", d->file, d->line, d->column);
		else
			loc = config_location(d->file, d->line, d->column);
		switch (d->severity) {
		case BENCH_CFG_ERROR:
			error_at(loc, "%s%s", where, d->message);
			break;
		case BENCH_CFG_WARNING:
			warning_at(loc, 0, "%s%s", where, d->message);
			break;
		case BENCH_CFG_NOTE:
			inform(loc, "%s%s", where, d->message);
			break;
		}
	}
}

/* make must rebuild the object when the rules change.  When the
 * preprocessor enters its first file (the main one; also under -M/-MM,
 * which never reach PLUGIN_START_UNIT) its dependency list exists and has
 * not been written yet; START_UNIT is the fallback for a front end that
 * does not report files. */
static void add_dependency(void *gcc_data, void *user_data)
{
	static bool added;
	class mkdeps *deps;

	if (added || !config_path || !&parse_in || !parse_in || !cpp_get_deps || !deps_add_dep)
		return;
	deps = cpp_get_deps(parse_in);
	if (deps) {
		deps_add_dep(deps, config_path);
		added = true;
	}
}

/* Reading the config from plugin_init means an error in it stops cc1
 * before it reads the source, as a bad command-line option does: the
 * config's errors are the only ones printed. */
void bench_config_register(const char *plugin_name, const char *path)
{
	char *presets = preset_dir();

	config_path = xstrdup(path);
	config = bench_cfg_load(config_path, presets);
	free(presets);
	report_diagnostics();
	register_callback(plugin_name, PLUGIN_INCLUDE_FILE, add_dependency, NULL);
	register_callback(plugin_name, PLUGIN_START_UNIT, add_dependency, NULL);
}

bool bench_config_loaded(void)
{
	return config && bench_cfg_error_count(config) == 0;
}

bool bench_config_match(const char *function, const char *file, bool *exclude,
			struct bench_options *opts, int *line)
{
	struct bench_cfg_options o;

	if (!bench_config_loaded() ||
	    bench_cfg_match(config, function, file, exclude, &o, line) < 0)
		return false;
	opts->name = o.name;
	opts->iterations = o.iterations;
	opts->warmup = o.warmup;
	opts->cpu = o.cpu;
	opts->nonblocking = o.nonblocking;
	return true;
}

const char *bench_config_no_match_reason(const char *function, const char *file)
{
	if (!config)
		return "no config given (-fplugin-arg-bench-config=FILE)";
	if (bench_cfg_error_count(config))
		return "the config has errors";
	return bench_cfg_no_match_reason(config, function, file);
}

const char *bench_config_runtime_defaults(void)
{
	return bench_config_loaded() ? bench_cfg_runtime_defaults(config) : NULL;
}

const struct bench_blocking_fn *bench_config_blocking(int *count)
{
	if (!bench_config_loaded()) {
		*count = 0;
		return NULL;
	}
	return bench_cfg_blocking(config, count);
}
