/*
 * names.cc - turns a FUNCTION_DECL into the names a bench site records.
 *
 * C++ names come from the front end's own printer (decl_printable_name at
 * verbosity 1: scope-qualified, template arguments, no parameter list), not
 * from demangling the assembler name: that would force mangling early and
 * print anonymous namespaces and lambdas less readably.  To see what a
 * function will be called, compile with -fplugin-arg-bench-verbose.
 */
#include "compat.h"
#include "names.h"

bool bench_lang_is_cxx(void)
{
	/* "GNU C++" (and "GNU Objective-C++"): the front end's own name. */
	return strstr(lang_hooks.name, "C++") != NULL;
}

char *bench_function_name(tree fndecl)
{
	if (!bench_lang_is_cxx())
		return xstrdup(IDENTIFIER_POINTER(DECL_NAME(fndecl)));
	/* The printer returns a buffer it reuses on the next call. */
	return xstrdup(lang_hooks.decl_printable_name(fndecl, 1));
}

const char *bench_function_file(tree fndecl)
{
	const char *file = DECL_SOURCE_FILE(fndecl);

	return file ? file : main_input_filename;
}
