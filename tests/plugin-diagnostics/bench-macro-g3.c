/* -g3 records macros in the debug info: defining __BENCH__ must not crash it. */
#if !defined(__BENCH__) || __BENCH__ != 1
#error "__BENCH__ is not 1"
#endif
int f(void) { return 0; }
