/* A definition spread over lines: the error names a line of the
 * declaration, not the body. */
__attribute__((bench("iterations=0")))
int
parse(void)
{
	return 0;
}
