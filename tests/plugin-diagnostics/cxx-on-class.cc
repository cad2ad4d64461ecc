// [[gnu::bench]] on a class.
struct [[gnu::bench]] S { int a; };
