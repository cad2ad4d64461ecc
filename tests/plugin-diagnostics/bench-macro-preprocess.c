/* __BENCH__ is defined when only preprocessing (-E) too. */
#if !defined(__BENCH__) || __BENCH__ != 1
#error "__BENCH__ is not 1"
#endif
int f(void) { return 0; }
