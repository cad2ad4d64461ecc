/* name= needs a name. */
__attribute__((bench("name="))) int f(void) { return 0; }
