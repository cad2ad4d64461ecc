// [[gnu::bench]] with a non-string argument.
[[gnu::bench(1)]] int f() { return 0; }
