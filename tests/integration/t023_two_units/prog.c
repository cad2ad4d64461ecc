/* Two translation units (lib.c through `flags`): each unit's descriptors
 * are its own (same private names in both), calls across units nest, and
 * with -flto the cross-unit inlining keeps every record. */
#include <stdio.h>
#include "lib.h"

__attribute__((bench)) static int local(int x)
{
	return offset(x) - 1;
}

int main(int argc, char **argv)
{
	(void)argv;
	printf("%d %d\n", local(argc), scale(argc + 1));
	return 0;
}
