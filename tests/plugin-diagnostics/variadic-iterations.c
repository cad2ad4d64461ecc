/* A variadic function cannot be re-run: its va_list is gone. */
__attribute__((bench("iterations=2"))) int f(int n, ...) { return n; }
