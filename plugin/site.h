/*
 * site.h - the static, read-only struct bench_site the plugin emits for
 * each instrumented function (layout: runtime/bench.h).
 */
#ifndef BENCH_PLUGIN_SITE_H
#define BENCH_PLUGIN_SITE_H

struct bench_options;

/* Emit FNDECL's descriptor with OPTS (unset fields take the defaults:
 * iterations 1, warmup 0) and return its address, `&__bench_site.N`. */
tree bench_site_build(tree fndecl, const struct bench_options *opts);

/* const struct bench_site *, the type of the runtime's site parameters. */
tree bench_site_pointer_type(void);

/* GC roots of this file, for PLUGIN_REGISTER_GGC_ROOTS. */
extern const struct ggc_root_tab bench_site_ggc_roots[];

#endif
