/* With the plugin loaded, __BENCH__ is 1 (bench.h turns its macros on). */
#if !defined(__BENCH__) || __BENCH__ != 1
#error "__BENCH__ is not 1"
#endif
int f(void) { return 0; }
