/*
 * interpose.h - calling the real definition of a C library function this
 * runtime defines over it.
 *
 * With libbench.so the runtime's definitions come before libc's in symbol
 * lookup; with libbench.a they are the executable's own.  Either way the
 * real function is the next definition, found with dlsym(RTLD_NEXT) once.
 */
#ifndef BENCH_INTERPOSE_H
#define BENCH_INTERPOSE_H

#include "internal.h"

#include <dlfcn.h>

#define BENCH_EXPORT __attribute__((visibility("default")))

static inline void *bench_real_function(void **cache, const char *name)
{
	void *fn = __atomic_load_n(cache, __ATOMIC_ACQUIRE);

	if (!fn) {
		fn = dlsym(RTLD_NEXT, name);
		__atomic_store_n(cache, fn, __ATOMIC_RELEASE);
	}
	return fn;
}

/* The next definition of name, as a pointer of type (NULL if none). */
#define BENCH_REAL(type, name)                                          \
	({                                                              \
		static void *cache_##name;                              \
		(type)bench_real_function(&cache_##name, #name);        \
	})

#endif /* BENCH_INTERPOSE_H */
