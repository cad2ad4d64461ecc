/* C2x spelling of the attribute, with and without options. */
[[gnu::bench]] int parse(int x) { return x; }
[[gnu::bench("iterations=2")]] int again(int x) { return x; }
