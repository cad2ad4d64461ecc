/* cpu and nonblocking are flags: no value. */
__attribute__((bench("cpu=1"))) int f(void) { return 0; }
