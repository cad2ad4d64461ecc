/*
 * attribute.h - the `bench` function attribute: registration, and reading
 * back the options and location a function's attribute carries.
 */
#ifndef BENCH_PLUGIN_ATTRIBUTE_H
#define BENCH_PLUGIN_ATTRIBUTE_H

struct bench_options;

/* Register `bench` (and [[gnu::bench]]) with the front end. */
void bench_attribute_register(void);

/* True when FNDECL (or its function type) carries the attribute. */
bool bench_attribute_present(tree fndecl);

/* True when FNDECL carries the attribute; then fills OPTS with its options
 * (unset fields stay unset) and *LOC with where the attribute was written.
 * The options were validated when the attribute was applied. */
bool bench_attribute_get(tree fndecl, struct bench_options *opts, location_t *loc);

#endif
