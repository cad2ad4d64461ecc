/* Out of the range the descriptor holds. */
__attribute__((bench("iterations=99999999999"))) int f(void) { return 0; }
