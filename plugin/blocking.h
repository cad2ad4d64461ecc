/*
 * blocking.h - the call-wrapping pass: brackets every call to a listed
 * blocking function (config `blocking:`) with __bench_blocking_begin/end,
 * and warns at compile time about direct blocking calls made by nonblocking
 * functions.
 */
#ifndef BENCH_PLUGIN_BLOCKING_H
#define BENCH_PLUGIN_BLOCKING_H

struct plugin_name_args;

/* -fplugin-arg-bench-warn-nonblocking=no turns the compile-time warnings
 * off (a GCC option cannot name a plugin's warning, so -Wno-error= cannot
 * keep a -Werror build going); the run time still reports each call. */
extern bool bench_warn_nonblocking;

/* Register the pass and its callbacks.  Called once from plugin_init. */
void bench_blocking_register(struct plugin_name_args *info);

#endif
