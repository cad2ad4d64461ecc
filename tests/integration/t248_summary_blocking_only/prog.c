/* Summary mode with blocking calls and no instrumented function: the
 * blocking table alone still says which run and process printed it. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	FILE *f = fopen("pid.txt", "w");

	usleep(1000);
	if (!f)
		return 1;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	puts("done");
	return 0;
}
