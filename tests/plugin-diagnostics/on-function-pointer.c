/* A pointer to a function is not a function. */
int (*handler)(int) __attribute__((bench));
