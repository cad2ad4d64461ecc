/* A stand-in for the runtime's entry points that counts the calls reaching
 * it, so tests/run-guard can see which hook calls the plugin's inline
 * checks let through.  Linked instead of libbench. */
#include <stdint.h>
#include "guard_test.h"

volatile int __bench_active;
unsigned long guard_enters, guard_exits, guard_bad_tokens;
uint64_t guard_token;

uint64_t __bench_enter(const void *site)
{
	(void)site;
	guard_enters++;
	return guard_token;
}

void __bench_exit(const void *site, uint64_t token)
{
	(void)site;
	guard_exits++;
	if (token != guard_token)
		guard_bad_tokens++;
}
