/* What tests/guard/hooks.c counts, shared with the instrumented program. */
#include <stdint.h>

extern unsigned long guard_enters, guard_exits, guard_bad_tokens;
extern uint64_t guard_token;
