/* The attribute on a type. */
struct __attribute__((bench)) point { int x, y; };
