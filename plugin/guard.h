/*
 * guard.h - the late pass that wraps the enter/exit hooks in their inline
 * checks (__bench_active, the token), after the GIMPLE optimisers.
 */
#ifndef BENCH_PLUGIN_GUARD_H
#define BENCH_PLUGIN_GUARD_H

/* Register the passes (after "optimized", and guard_rtl.cc's late RTL
 * pass) with the pass manager. */
void bench_guard_register(const char *plugin_name);

/* Which runtime hook a function declaration is. */
enum bench_hook { BENCH_HOOK_NONE, BENCH_HOOK_ENTER, BENCH_HOOK_EXIT };
enum bench_hook bench_hook_of_decl(tree fn);

/* True when guard_rtl.cc adds the checks at the end of RTL compilation
 * (x86-64, SysV ABI, small code model): the GIMPLE pass then does not run. */
bool bench_guard_rtl_usable(void);
void bench_guard_rtl_register(const char *plugin_name);

/* True when this compilation's code goes through the guard pass: the
 * instrumentation pass then emits the hooks unguarded.  False when bodies
 * are streamed for LTO or offloading, which later passes of lto1 optimise
 * without this plugin. */
bool bench_guard_late(void);

/* extern volatile int __bench_active (runtime/bench.h). */
tree bench_active_decl(void);

/* GC roots of this file, for PLUGIN_REGISTER_GGC_ROOTS. */
extern const struct ggc_root_tab bench_guard_ggc_roots[];

#endif
