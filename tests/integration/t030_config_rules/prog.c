/* Selection by config rules (config.yaml): excluded, selected with the
 * rule's options, the attribute winning over an exclude rule, the attribute's
 * options laid over a rule's, and functions no rule matches. */
#include <stdio.h>

static int hot_loop(int x) /* excluded by "hot_*" */
{
	return x + 1;
}

__attribute__((bench)) static int hot_forced(int x) /* attribute beats exclude */
{
	return x + 2;
}

static int warm(int x) /* "warm*": iterations 2, cpu */
{
	return x * 2;
}

__attribute__((bench("name=tepid,iterations=3"))) static int warm_named(int x)
{
	return x * 3; /* name and iterations from the attribute, cpu from the rule */
}

static int parse_digit(char c) /* "parse_*" with no options */
{
	return c - '0';
}

static int helper(int x) /* no rule */
{
	return x - 1;
}

int main(void)
{
	printf("%d\n", hot_loop(1));
	printf("%d\n", hot_forced(1));
	printf("%d\n", warm(2));
	printf("%d\n", warm_named(2));
	printf("%d\n", parse_digit('7'));
	printf("%d\n", helper(9));
	return 0;
}
