/*
 * instrument.h - the GIMPLE pass, run before `lower`, that wraps selected
 * functions' bodies in the bench enter/exit protocol and announces every
 * setjmp/longjmp to the runtime.
 */
#ifndef BENCH_PLUGIN_INSTRUMENT_H
#define BENCH_PLUGIN_INSTRUMENT_H

/* Register the pass (before "lower") with the pass manager. */
void bench_instrument_register(const char *plugin_name);

/* GC roots of this file, for PLUGIN_REGISTER_GGC_ROOTS. */
extern const struct ggc_root_tab bench_instrument_ggc_roots[];

#endif
