/*
 * symbols.h - names code addresses for traces (function, file, line, and
 * the functions inlined at that address), away from the hot path.
 */
#ifndef BENCH_SYMBOLS_H
#define BENCH_SYMBOLS_H

#include "internal.h"

#include <stddef.h>

/* Most inlined functions reported at one address. */
#define BENCH_SYMBOLS_MAX_INLINE 16u

/* One source-level function active at an address. */
struct bench_symbol {
	const char *function;  /* C++ names demangled, without parameters; NULL if unknown */
	const char *file;      /* where this function is executing; NULL without DWARF */
	uint32_t line;         /* 0 when unknown */
	uint32_t decl_line;    /* the function's own line, 0 when unknown */
	const char *decl_file; /* the function's own file, NULL when unknown */
};

/*
 * Names the code at pc, a return address (the call before it is named).
 * Fills out[] innermost first: the functions inlined at pc, then the one
 * the code belongs to; returns how many (at most max, 0 when nothing is
 * known).  Strings live until exit.  Thread-safe and cached per address;
 * the first call loads libdw (dladdr names exported functions only when
 * libdw cannot be loaded).  Returns 0 without blocking when another
 * thread holds the symboliser and try_only is set (signal handlers).
 */
unsigned bench_symbols_lookup(const void *pc, struct bench_symbol *out, unsigned max,
			      int try_only);

/* Does the first lookup's work (~0.5 ms for a small program, more for a
 * large one) now: for a thread that will otherwise do it in the middle of
 * the program's timed calls (warnings name frames in the calling thread). */
void bench_symbols_warm_up(void);

/* A demangled C++ name ("ns::f(int) const") as the plugin names functions
 * ("ns::f"): no parameters, qualifiers or return type; lambdas and
 * anonymous namespaces spelt as GCC prints them.  out gets at most cap - 1
 * characters and a NUL. */
void bench_symbols_plugin_style(const char *in, char *out, size_t cap);

/* Frees libdw's state after the last flush: kept, its internal trees
 * show as "possibly lost" blocks to valgrind's leak check (json-c's test
 * suite runs under it).  Names already given stay valid (interned); a
 * later lookup reads the mappings again. */
/* Some library was unloaded: answers cached for any address, and the
 * list of loaded modules, are looked up again. */
void bench_symbols_forget(void);
void bench_symbols_release(void);

/* In the child of a fork: drop what another thread may have held. */
void bench_symbols_after_fork_child(void);

#endif /* BENCH_SYMBOLS_H */
