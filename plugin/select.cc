/*
 * select.cc - decides, per function, whether it is instrumented: the
 * `bench` attribute always wins (its options laid over a matching rule's);
 * otherwise the first config rule that matches decides; no_instrument_function
 * and compiler-generated functions are never instrumented.
 *
 * To debug, -fplugin-arg-bench-verbose prints a note per decision, naming
 * the rule (config file and line) or why no rule matched.
 */
#include "compat.h"
#include "options.h"
#include "config.h"
#include "attribute.h"
#include "names.h"
#include "select.h"

bool bench_verbose;
const char *bench_config_path;

/* Options a rule contributes to FNDECL; false when no rule matches.
 * Sets *EXCLUDE and *LINE as bench_config_match does. */
static bool rule_for(tree fndecl, const char *function, struct bench_options *rule,
		     bool *exclude, int *line)
{
	bench_options_init(rule);
	*exclude = false;
	*line = 0;
	if (!bench_config_loaded())
		return false;
	return bench_config_match(function, bench_function_file(fndecl), exclude, rule, line);
}

static void note_instrumented(tree fndecl, const char *function, bool by_attribute,
			      bool by_rule, int line)
{
	location_t loc = DECL_SOURCE_LOCATION(fndecl);

	if (!bench_verbose)
		return;
	if (by_attribute && by_rule)
		inform(loc, "bench: instrumented %qs (attribute, with options of rule at %s:%d)",
		       function, bench_config_path, line);
	else if (by_rule)
		inform(loc, "bench: instrumented %qs (rule at %s:%d)", function,
		       bench_config_path, line);
	else
		inform(loc, "bench: instrumented %qs", function);
}

/* FNDECL is named by some declaration's ifunc attribute (by its
 * assembler name, which C++ requires, or its plain one): the loader runs
 * it while relocating the program, before the runtime (or the C library)
 * can be used. */
static bool ifunc_resolver_p(tree fndecl)
{
	/* Built at the first function: the pass runs once the whole unit is
	 * parsed, so every declaration is known by then.  Identifiers are
	 * unique and never collected: compared by pointer. */
	static vec<tree> resolvers;
	static bool built;

	if (!built) {
		symtab_node *node;

		built = true;
		FOR_EACH_SYMBOL(node) {
			tree attr = lookup_attribute("ifunc", DECL_ATTRIBUTES(node->decl));
			tree arg = attr && TREE_VALUE(attr) ? TREE_VALUE(TREE_VALUE(attr)) : NULL_TREE;

			if (arg && TREE_CODE(arg) == STRING_CST)
				resolvers.safe_push(get_identifier(TREE_STRING_POINTER(arg)));
		}
	}
	for (tree id : resolvers)
		if (id == DECL_ASSEMBLER_NAME(fndecl) || id == DECL_NAME(fndecl))
			return true;
	return false;
}

/* Why FNDECL must never be instrumented, or NULL.  A naked function has
 * no frame for our calls to use.  DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT is
 * set on every function unless -finstrument-functions is given, so look at
 * the attribute itself. */
static const char *never_reason(tree fndecl)
{
	if (lookup_attribute("no_instrument_function", DECL_ATTRIBUTES(fndecl)))
		return "no_instrument_function";
	if (lookup_attribute("naked", DECL_ATTRIBUTES(fndecl)))
		return "naked";
	if (ifunc_resolver_p(fndecl))
		return "an ifunc resolver";
	return NULL;
}

/* FNDECL has the attribute: it wins even over an exclude rule, being the
 * more specific request; only an including rule lends its options. */
static bool select_by_attribute(tree fndecl, const char *function,
				struct bench_options *opts)
{
	struct bench_options rule;
	bool exclude = false, lends;
	int line = 0;

	lends = !DECL_ARTIFICIAL(fndecl) && !DECL_IN_SYSTEM_HEADER(fndecl) &&
		rule_for(fndecl, function, &rule, &exclude, &line) && !exclude;
	if (lends)
		bench_options_merge(opts, &rule);
	note_instrumented(fndecl, function, true, lends, line);
	return true;
}

/* No attribute: the first matching rule decides.  Rules see only what the
 * project wrote: not system headers (a "*" rule would otherwise time every
 * libstdc++ template the unit instantiates), nor compiler-generated
 * functions (our constructors, thunks, implicit members, and lambdas,
 * whose operator() g++ marks artificial too). */
static bool select_by_rule(tree fndecl, const char *function, struct bench_options *opts)
{
	location_t loc = DECL_SOURCE_LOCATION(fndecl);
	bool exclude;
	int line;

	if (DECL_ARTIFICIAL(fndecl) || DECL_IN_SYSTEM_HEADER(fndecl))
		return false;
	if (!rule_for(fndecl, function, opts, &exclude, &line)) {
		if (bench_verbose && bench_config_loaded()) {
			const char *why = bench_config_no_match_reason(function,
								       bench_function_file(fndecl));

			inform(loc, "bench: not instrumented %qs (%s)", function,
			       why ? why : "no rule matches");
		}
		return false;
	}
	if (exclude) {
		if (bench_verbose)
			inform(loc, "bench: not instrumented %qs (excluded by rule at %s:%d)",
			       function, bench_config_path, line);
		return false;
	}
	note_instrumented(fndecl, function, false, true, line);
	return true;
}

static bool select_named(tree fndecl, const char *function, struct bench_options *opts)
{
	const char *never = never_reason(fndecl);
	location_t attr_loc;
	bool by_attribute;

	bench_options_init(opts);
	by_attribute = bench_attribute_get(fndecl, opts, &attr_loc);
	if (never) {
		if (by_attribute)
			warning_at(attr_loc, 0, "%<bench%> ignored on %qs: it is also %qs",
				   function, never);
		else if (bench_verbose && bench_config_loaded())
			inform(DECL_SOURCE_LOCATION(fndecl), "bench: not instrumented %qs "
			       "(%qs)", function, never);
		return false;
	}
	if (by_attribute)
		return select_by_attribute(fndecl, function, opts);
	return select_by_rule(fndecl, function, opts);
}

bool bench_select_function(tree fndecl, struct bench_options *opts)
{
	char *function;
	bool selected;

	/* Most functions have neither attribute nor config: decide without
	 * computing a (C++) name. */
	if (!DECL_NAME(fndecl) || (!bench_config_loaded() && !bench_attribute_present(fndecl)))
		return false;
	function = bench_function_name(fndecl);
	selected = select_named(fndecl, function, opts);
	free(function);
	return selected;
}
