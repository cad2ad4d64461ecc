/* -fplugin-arg-bench-verbose with a config: each note names the rule that
 * decided (config file and line), or says why none matched. */
int pick_one(int x) { return x; }
int skip_this(int x) { return x; }
__attribute__((bench)) int skip_forced(int x) { return x; }
__attribute__((bench("name=p"))) int pick_named(int x) { return x; }
int other(int x) { return x; }
