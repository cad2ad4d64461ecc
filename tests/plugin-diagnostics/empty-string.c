/* An empty string: probably a mistake; omit the argument instead. */
__attribute__((bench(""))) int f(void) { return 0; }
