/* -fplugin-arg-bench-verbose: one note per instrumented function, none
 * for the others; name= changes the recorded name, not the note. */
__attribute__((bench)) int parse(int x) { return x + 1; }
__attribute__((bench("name=renamed,iterations=2"))) int other(int x) { return x; }
int plain(int x) { return x; }
