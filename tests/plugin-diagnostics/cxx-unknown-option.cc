// Options are checked in the [[gnu::bench("...")]] spelling too.
[[gnu::bench("iterations=3,warm=1")]] int f() { return 0; }
