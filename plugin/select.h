/*
 * select.h - decides whether a function is instrumented and with which
 * options: the `bench` attribute, else the first matching config rule.
 */
#ifndef BENCH_PLUGIN_SELECT_H
#define BENCH_PLUGIN_SELECT_H

struct bench_options;

/* -fplugin-arg-bench-verbose: a note per decision. */
extern bool bench_verbose;

/* The config file as given (-fplugin-arg-bench-config=FILE), for notes;
 * NULL without one. */
extern const char *bench_config_path;

/* True when FNDECL (a function with a body) is to be instrumented; then
 * OPTS holds its options (unset fields: defaults).  Issues the verbose
 * notes, and a warning when `bench` meets `no_instrument_function`. */
bool bench_select_function(tree fndecl, struct bench_options *opts);

#endif
