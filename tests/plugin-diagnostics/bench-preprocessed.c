# 1 "bench-preprocessed.c"
/* Already preprocessed input (-fpreprocessed, as in -save-temps): no
 * __BENCH__ to define, and the attribute still works. */
__attribute__((bench("cpu"))) int f(void) { return 0; }
