/* Declared with the attribute in a header, defined in another unit. */
__attribute__((bench("iterations=2"))) int scale(int x);
__attribute__((bench)) int offset(int x);
