// [[gnu::bench]] on a variable.
[[gnu::bench]] int v;
