/*
 * attribute.cc - registers the `bench` attribute, validates where it is
 * written and what it says, and keeps the attribute's location with it so
 * that later checks (instrument.cc) can point at the attribute itself.
 *
 *   __attribute__((bench))  __attribute__((bench("iterations=5,cpu")))
 *   [[gnu::bench]]          [[gnu::bench("name=parse")]]
 *
 * The handler replaces the attribute's arguments by (LOCATION [, STRING]):
 * the location as an INTEGER_CST survives declaration merging and template
 * instantiation, which copy DECL_ATTRIBUTES, where a side table keyed by
 * decl would not.  To debug, -fdump-tree-original-all shows the attributes
 * of each function; -fplugin-arg-bench-verbose notes each instrumented one.
 */
#include "compat.h"
#include "options.h"
#include "attribute.h"

/* The option string of an attribute argument, looking through the
 * location wrapper g++ puts around literals; NULL if not a string. */
static tree attribute_string(tree arg, location_t *loc)
{
	if (EXPR_HAS_LOCATION(arg))
		*loc = EXPR_LOCATION(arg);
	STRIP_ANY_LOCATION_WRAPPER(arg);
	return TREE_CODE(arg) == STRING_CST ? arg : NULL_TREE;
}

/* GCC keeps no location for an attribute; the parser's position when it
 * applies one is the attribute itself, or the start of the declaration,
 * or, for a definition, often the body's `{`.  In that last case the
 * function's name is nearer to what the user wrote. */
static location_t nearer_location(location_t parser, location_t name)
{
	expanded_location p = expand_location(parser), n = expand_location(name);

	if (p.file && n.file && !strcmp(p.file, n.file) &&
	    (p.line > n.line || (p.line == n.line && p.column > n.column)))
		return name;
	return parser;
}

/* Re-running a body (iterations/warmup) needs to come back from it, with
 * the same arguments: rule out what can be seen at the attribute. */
static bool check_rerunnable(tree fndecl, const struct bench_options *opts,
			     location_t loc)
{
	if (opts->iterations <= 1 && opts->warmup <= 0)
		return true;
	if (stdarg_p(TREE_TYPE(fndecl))) {
		error_at(loc, "%<bench%> cannot re-run variadic function %qD "
			 "(iterations/warmup): its %<va_list%> is consumed by the first run",
			 fndecl);
		return false;
	}
	if (TREE_THIS_VOLATILE(fndecl)) {
		error_at(loc, "%<bench%> cannot re-run %<noreturn%> function %qD "
			 "(iterations/warmup)", fndecl);
		return false;
	}
	return true;
}

static tree handle_bench_attribute(tree *node, tree name, tree args, int flags,
				   bool *no_add_attrs)
{
	location_t loc = input_location;
	struct bench_options opts;
	tree str = NULL_TREE;

	if (TREE_CODE(*node) == FUNCTION_DECL)
		loc = nearer_location(loc, DECL_SOURCE_LOCATION(*node));
	*no_add_attrs = true;
	if (TREE_CODE(*node) != FUNCTION_DECL && !FUNC_OR_METHOD_TYPE_P(*node)) {
		error_at(loc, "%<bench%> attribute applies only to functions");
		return NULL_TREE;
	}
	bench_options_init(&opts);
	if (args) {
		str = attribute_string(TREE_VALUE(args), &loc);
		if (!str) {
			error_at(loc, "%<bench%> attribute argument must be a string of "
				 "options, such as %<\"iterations=10,cpu\"%>");
			return NULL_TREE;
		}
		/* TREE_STRING_POINTER is NUL-terminated, but an embedded NUL
		 * would hide the rest: treat it as a bad option string. */
		if ((size_t)TREE_STRING_LENGTH(str) != strlen(TREE_STRING_POINTER(str)) + 1) {
			error_at(loc, "%<bench%> option string contains a NUL character");
			return NULL_TREE;
		}
		if (!bench_options_parse(TREE_STRING_POINTER(str), loc, &opts))
			return NULL_TREE;
	}
	if (FUNC_OR_METHOD_TYPE_P(*node)) {
		/* [[gnu::bench]] after a lambda's (or any function
		 * declarator's) parameter list appertains to the function
		 * type: keep it there, bench_attribute_get looks at the type
		 * too.  The re-run checks wait for the declaration. */
		*no_add_attrs = false;
		return NULL_TREE;
	}
	if (!check_rerunnable(*node, &opts, loc))
		return NULL_TREE;

	tree kept = str ? tree_cons(NULL_TREE, str, NULL_TREE) : NULL_TREE;
	kept = tree_cons(NULL_TREE, build_int_cst(unsigned_type_node, loc), kept);
	DECL_ATTRIBUTES(*node) = tree_cons(name, kept, DECL_ATTRIBUTES(*node));
	return NULL_TREE;
}

/* decl_required is false on purpose: with it GCC only warns (-Wattributes)
 * about the attribute on a type, and a misplaced `bench` must be an error. */
static struct attribute_spec bench_attribute_spec = {
	"bench", 0, 1, false, false, false, false, handle_bench_attribute, NULL
};

void bench_attribute_register(void)
{
	/* Also makes [[gnu::bench]] work in C++ and C2x: register_attribute
	 * files plain GNU attributes under the "gnu" scope. */
	register_attribute(&bench_attribute_spec);
}

static tree find_attribute(tree fndecl)
{
	tree attr = lookup_attribute("bench", DECL_ATTRIBUTES(fndecl));

	return attr ? attr : lookup_attribute("bench", TYPE_ATTRIBUTES(TREE_TYPE(fndecl)));
}

bool bench_attribute_present(tree fndecl)
{
	return find_attribute(fndecl) != NULL_TREE;
}

bool bench_attribute_get(tree fndecl, struct bench_options *opts, location_t *loc)
{
	tree attr = find_attribute(fndecl);
	tree args, str;

	if (!attr)
		return false;
	bench_options_init(opts);
	*loc = DECL_SOURCE_LOCATION(fndecl);
	args = TREE_VALUE(attr);
	/* On a declaration: (LOCATION [, STRING]) as the handler rewrote it;
	 * on a function type: the arguments as written. */
	if (args && TREE_CODE(TREE_VALUE(args)) == INTEGER_CST) {
		*loc = (location_t)TREE_INT_CST_LOW(TREE_VALUE(args));
		args = TREE_CHAIN(args);
	}
	if (args && (str = attribute_string(TREE_VALUE(args), loc)) &&
	    !bench_options_parse(TREE_STRING_POINTER(str), *loc, opts))
		return false;
	return true;
}
