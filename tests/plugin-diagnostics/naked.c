/* A naked function has no frame for the hooks: bench is ignored, with a warning. */
__attribute__((bench, naked)) void f(void) { __asm__("ret"); }
