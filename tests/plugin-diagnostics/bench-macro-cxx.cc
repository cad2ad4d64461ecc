// g++ sees __BENCH__ as well.
#if !defined(__BENCH__) || __BENCH__ != 1
#error "__BENCH__ is not 1"
#endif
int f() { return 0; }
