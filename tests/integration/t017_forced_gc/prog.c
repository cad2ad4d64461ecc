/* A garbage collection between functions (forced by the params in
 * `flags`) must not free the trees the plugin keeps: the site type and
 * runtime declarations.  Many functions make many collections. */
#include <stdio.h>

#define F(n) __attribute__((bench)) static int f##n(int x) { return x + n; }
F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9)

__attribute__((bench("iterations=2,cpu"))) static int all(int x)
{
	return f0(x) + f1(x) + f2(x) + f3(x) + f4(x) + f5(x) + f6(x) + f7(x) + f8(x) + f9(x);
}

int main(void)
{
	printf("%d\n", all(1));
	return 0;
}
