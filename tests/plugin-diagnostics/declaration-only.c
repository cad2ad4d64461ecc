/* The error is reported at the declaration that carries the attribute. */
__attribute__((bench("bogus"))) int f(void);
int f(void) { return 1; }
