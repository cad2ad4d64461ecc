/* Every return statement of a function with several is a way out that
 * closes the record: each path is taken once, from a loop. */
#include <stdio.h>

__attribute__((bench)) int classify(int x)
{
	if (x < 0)
		return -1;
	switch (x) {
	case 0:
		return 0;
	case 1:
		return 10;
	}
	for (int i = 2; i < x; i++)
		if (x % i == 0)
			return 100 + i; /* composite: its smallest divisor */
	return 1000;                     /* prime */
}

int main(void)
{
	static const int inputs[] = { -5, 0, 1, 9, 7 };

	for (unsigned i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		printf("%d -> %d\n", inputs[i], classify(inputs[i]));
	return 0;
}
