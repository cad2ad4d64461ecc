/*
 * blocking.cc - wraps every call to a listed blocking function in
 * __bench_blocking_begin/end, in any function of the translation unit, and
 * warns about direct blocking calls from nonblocking functions.
 *
 * Where the pass sits: before `lower`, like the instrumentation pass, so it
 * sees each call exactly as written, before inlining and before GCC folds or
 * duplicates anything.  That decides the _FORTIFY_SOURCE question:
 *   - the user's `read (...)` is a call to glibc's always_inline wrapper
 *     `read`, whose assembler name is "read": it is wrapped here, once;
 *   - the wrapper's own body (an `extern inline` gnu_inline function in a
 *     system header, never emitted on its own) calls `__read_chk` or the
 *     alias `__read_alias` (assembler name "read" again); we skip such
 *     bodies, so when the body is later inlined into the bracket the call
 *     is not counted a second time;
 *   - a direct call to `__read_chk` in user code counts as `read`.
 * (-fdump-tree-all writes FILE.NNNt.bench_blocking after the pass; GCC
 * checks dump switches before it loads plugins, so the pass's own switch is
 * refused.)  Checked with -fdump-tree-optimized at -O0..-O3, with and without
 * -D_FORTIFY_SOURCE=2: one begin/end pair per source call (see
 * tests/integration/t101_fortify).  A pass after inlining would instead see
 * calls duplicated or removed by the optimisers and could no longer tell
 * which function made the call in the source.
 *
 * Calls through pointers: every `&usleep` operand outside a direct call (in
 * function bodies and in static initialisers) is replaced by the address of
 * a static forwarding function `usleep.bench_ptr` generated in this unit,
 * whose own direct call is then wrapped by this pass.  Variadic and
 * unprototyped functions cannot be forwarded portably and keep their
 * address (not wrapped through pointers).  One consequence: within a unit compiled with the config,
 * `fp == usleep` still holds (both sides are rewritten); a pointer taken in
 * a unit without the config compares unequal.
 *
 * Builtins: GCC expands many of them inline (memcpy, strlen, ...) at some
 * optimisation levels and not at others, so a bracket would time nothing
 * or count inconsistently.  Only builtins that are always library calls
 * (process creation and stdio output) are wrapped.
 *
 * Not wrapped either: calls that return twice (vfork: the bracket's end
 * would run in both), and calls in functions marked no_instrument_function
 * (the one way to opt a function out).
 */
#include <fnmatch.h>

#include "compat.h"
#include "builtins.h"

#include "bench.h"
#include "blocking.h"
#include "config.h"
#include "options.h"
#include "attribute.h"
#include "names.h"

/* Built once per compilation; GC roots (see blocking_roots). */
static GTY(()) tree call_site_type;
static GTY(()) tree blocking_begin_decl;
static GTY(()) tree blocking_end_decl;
static GTY(()) tree blocking_end_args_decl;
/* TREE_LIST: purpose = listed function, value = its pointer wrapper
 * (error_mark_node when it cannot have one). */
static GTY(()) tree pointer_wrappers;

static const struct ggc_root_tab blocking_roots[] = {
	{ &call_site_type, 1, sizeof(tree), &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	{ &blocking_begin_decl, 1, sizeof(tree), &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	{ &blocking_end_decl, 1, sizeof(tree), &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	{ &blocking_end_args_decl, 1, sizeof(tree), &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	{ &pointer_wrappers, 1, sizeof(tree), &gt_ggc_mx_tree_node, &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* Suffix of the generated pointer wrappers: a '.' keeps them out of the
 * C identifier space, so no user symbol can collide. */
#define WRAPPER_SUFFIX ".bench_ptr"

static const struct bench_blocking_fn *blocking_list(int *count)
{
	if (!bench_config_loaded()) {
		*count = 0;
		return NULL;
	}
	const struct bench_blocking_fn *list = bench_config_blocking(count);
	if (!list)
		*count = 0;
	return list;
}

/* NAME (LEN bytes) is a fortify variant: "__read_chk" is `read` checked. */
static bool checked_variant_p(const char *name, size_t len)
{
	return len > 6 && strncmp(name, "__", 2) == 0 && strcmp(name + len - 4, "_chk") == 0;
}

/* The assembler name without an asm label's '*' and without the fortify
 * decoration. */
static void canonical_name(tree fndecl, char *buf, size_t size)
{
	const char *name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fndecl));
	if (name[0] == '*')
		name++;
	size_t len = strlen(name);
	if (checked_variant_p(name, len)) {
		name += 2;
		len -= 6;
	}
	if (len >= size)
		len = size - 1;
	memcpy(buf, name, len);
	buf[len] = '\0';
}

static const char *function_name(tree fndecl);

static const struct bench_blocking_fn *match_list(const struct bench_blocking_fn *list, int count,
						  const char *name)
{
	for (int i = 0; i < count; i++) {
		const char *pat = list[i].name;
		if (strpbrk(pat, "*?[") ? fnmatch(pat, name, 0) == 0 : strcmp(pat, name) == 0)
			return &list[i];
	}
	return NULL;
}

/* The list entry for FNDECL, or NULL when it is not a blocking function. */
static const struct bench_blocking_fn *listed_function(tree fndecl)
{
	int count;
	const struct bench_blocking_fn *list = blocking_list(&count);
	if (!count || TREE_CODE(fndecl) != FUNCTION_DECL || !DECL_NAME(fndecl))
		return NULL;
	char name[256];
	canonical_name(fndecl, name, sizeof(name));
	const struct bench_blocking_fn *fn = match_list(list, count, name);
	/* A C++ function is listed by its readable name ("db::query"). */
	if (!fn && strcmp(name, IDENTIFIER_POINTER(DECL_NAME(fndecl))) != 0 &&
	    name[0] == '_' && name[1] == 'Z')
		fn = match_list(list, count, function_name(fndecl));
	return fn;
}

/* Builtins GCC never expands inline: they stay library calls at every
 * optimisation level, so a bracket around them times the real call. */
static bool builtin_always_library_call(tree fndecl)
{
	switch (DECL_FUNCTION_CODE(fndecl)) {
	case BUILT_IN_FORK:
	case BUILT_IN_EXECL:
	case BUILT_IN_EXECLE:
	case BUILT_IN_EXECLP:
	case BUILT_IN_EXECV:
	case BUILT_IN_EXECVE:
	case BUILT_IN_EXECVP:
	case BUILT_IN_FPRINTF:
	case BUILT_IN_FPRINTF_UNLOCKED:
	case BUILT_IN_FPUTC:
	case BUILT_IN_FPUTC_UNLOCKED:
	case BUILT_IN_FPUTS:
	case BUILT_IN_FPUTS_UNLOCKED:
	case BUILT_IN_FSCANF:
	case BUILT_IN_FWRITE:
	case BUILT_IN_FWRITE_UNLOCKED:
	case BUILT_IN_PRINTF:
	case BUILT_IN_PRINTF_UNLOCKED:
	case BUILT_IN_PUTCHAR:
	case BUILT_IN_PUTCHAR_UNLOCKED:
	case BUILT_IN_PUTS:
	case BUILT_IN_PUTS_UNLOCKED:
	case BUILT_IN_SCANF:
	case BUILT_IN_VFPRINTF:
	case BUILT_IN_VFSCANF:
	case BUILT_IN_VPRINTF:
	case BUILT_IN_VSCANF:
		return true;
	default:
		return false;
	}
}

/* A listed function we can bracket: not an inline-expanded builtin. */
static const struct bench_blocking_fn *wrappable_function(tree fndecl)
{
	const struct bench_blocking_fn *fn = listed_function(fndecl);
	if (fn && fndecl_built_in_p(fndecl, BUILT_IN_NORMAL) && !builtin_always_library_call(fndecl))
		return NULL;
	return fn;
}

/* A name for records and messages: C++ qualified and demangled.  Kept for
 * the whole compilation (names are few, and the strings end up as
 * literals anyway). */
static const char *function_name(tree fndecl)
{
	char *name = bench_function_name(fndecl);
	tree id = get_identifier(name);
	free(name);
	return IDENTIFIER_POINTER(id);
}

static tree const_char_ptr_type(void)
{
	return build_pointer_type(build_qualified_type(char_type_node, TYPE_QUAL_CONST));
}

/* struct bench_call_site of bench.h, field for field. */
static tree build_call_site_type(void)
{
	static const struct {
		const char *name;
		bool string;
	} layout[] = {
		{ "abi", false }, { "flags", false }, { "callee", true }, { "caller", true },
		{ "file", true }, { "line", false }, { "column", false }, { "weight", false },
		{ "category", true },
	};
	tree type = make_node(RECORD_TYPE);
	tree chain = NULL_TREE;
	/* finish_builtin_struct reverses the chain it is given. */
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		tree ftype = layout[i].string ? const_char_ptr_type() : uint32_type_node;
		tree field = build_decl(BUILTINS_LOCATION, FIELD_DECL,
					get_identifier(layout[i].name), ftype);
		DECL_CHAIN(field) = chain;
		chain = field;
	}
	finish_builtin_struct(type, "bench_call_site", chain, NULL_TREE);
	return type;
}

static tree build_hook_decl(const char *name, tree type)
{
	tree decl = build_fn_decl(name, type);
	DECL_EXTERNAL(decl) = 1;
	TREE_PUBLIC(decl) = 1;
	DECL_ARTIFICIAL(decl) = 1;
	/* The hooks never unwind (a bench_on_blocking callback must not
	 * throw either), so the bracket adds no EH edges. */
	TREE_NOTHROW(decl) = 1;
	return decl;
}

static void build_runtime_decls(void)
{
	if (call_site_type)
		return;
	call_site_type = build_call_site_type();
	tree site_ptr = build_pointer_type(build_qualified_type(call_site_type, TYPE_QUAL_CONST));
	blocking_begin_decl = build_hook_decl(
		"__bench_blocking_begin",
		build_function_type_list(long_long_unsigned_type_node, site_ptr, NULL_TREE));
	blocking_end_decl = build_hook_decl(
		"__bench_blocking_end",
		build_function_type_list(void_type_node, site_ptr, long_long_unsigned_type_node,
					 NULL_TREE));
	blocking_end_args_decl = build_hook_decl(
		"__bench_blocking_end_args",
		build_function_type_list(void_type_node, site_ptr, long_long_unsigned_type_node,
					 long_integer_type_node, long_integer_type_node,
					 long_integer_type_node, NULL_TREE));
}

static tree string_cst(const char *s)
{
	if (!s)
		return build_int_cst(const_char_ptr_type(), 0);
	return fold_convert(const_char_ptr_type(), build_string_literal(strlen(s) + 1, s));
}

/* The static read-only descriptor of one call site; returns its address. */
static tree build_call_site(tree callee, const struct bench_blocking_fn *fn, tree caller,
			    location_t loc, uint32_t flags)
{
	expanded_location xloc = expand_location(loc);
	tree values[9];
	values[0] = build_int_cst(uint32_type_node, BENCH_ABI_VERSION);
	values[1] = build_int_cst(uint32_type_node, flags);
	values[2] = string_cst(function_name(callee));
	values[3] = string_cst(flags & BENCH_CALL_POINTER ? "(via pointer)" : function_name(caller));
	values[4] = string_cst(xloc.file ? xloc.file : "");
	values[5] = build_int_cst(uint32_type_node, xloc.line);
	values[6] = build_int_cst(uint32_type_node, xloc.column);
	values[7] = build_int_cst(uint32_type_node, fn->weight > 0 ? fn->weight : 0);
	values[8] = string_cst(fn->category);

	vec<constructor_elt, va_gc> *elts = NULL;
	int i = 0;
	for (tree field = TYPE_FIELDS(call_site_type); field; field = DECL_CHAIN(field), i++)
		CONSTRUCTOR_APPEND_ELT(elts, field, values[i]);
	gcc_assert(i == 9);

	tree type = build_qualified_type(call_site_type, TYPE_QUAL_CONST);
	tree var = build_decl(loc, VAR_DECL, create_tmp_var_name("__bench_call_site"), type);
	TREE_STATIC(var) = 1;
	TREE_READONLY(var) = 1;
	TREE_PUBLIC(var) = 0;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	TREE_USED(var) = 1;
	TREE_ADDRESSABLE(var) = 1;
	DECL_INITIAL(var) = build_constructor(type, elts);
	TREE_CONSTANT(DECL_INITIAL(var)) = 1;
	TREE_STATIC(DECL_INITIAL(var)) = 1;
	varpool_node::finalize_decl(var);
	return build_fold_addr_expr(var);
}

/* ---------------------------------------------------------------- pointers */

static bool pointer_wrapper_p(tree fndecl)
{
	if (!DECL_NAME(fndecl))
		return false;
	const char *name = IDENTIFIER_POINTER(DECL_NAME(fndecl));
	size_t len = strlen(name), slen = strlen(WRAPPER_SUFFIX);
	return DECL_ARTIFICIAL(fndecl) && len > slen && strcmp(name + len - slen, WRAPPER_SUFFIX) == 0;
}

/* `static RET f.bench_ptr (ARGS) { return f (ARGS); }`, as GENERIC; its
 * direct call is bracketed when the pass runs over it. */
static tree build_pointer_wrapper(tree fn, location_t loc)
{
	tree type = TREE_TYPE(fn);
	if (!prototype_p(type) || stdarg_p(type))
		return error_mark_node;

	char name[300];
	canonical_name(fn, name, sizeof(name) - sizeof(WRAPPER_SUFFIX));
	strcat(name, WRAPPER_SUFFIX);
	tree decl = build_decl(loc, FUNCTION_DECL, get_identifier(name), type);
	SET_DECL_ASSEMBLER_NAME(decl, get_identifier(name));
	TREE_STATIC(decl) = 1;
	TREE_PUBLIC(decl) = 0;
	DECL_EXTERNAL(decl) = 0;
	DECL_ARTIFICIAL(decl) = 1;
	DECL_IGNORED_P(decl) = 1;
	TREE_USED(decl) = 1;
	TREE_NOTHROW(decl) = TREE_NOTHROW(fn);
	DECL_CONTEXT(decl) = NULL_TREE;

	tree rtype = TREE_TYPE(type);
	tree result = build_decl(loc, RESULT_DECL, NULL_TREE, rtype);
	DECL_ARTIFICIAL(result) = 1;
	DECL_IGNORED_P(result) = 1;
	DECL_CONTEXT(result) = decl;
	DECL_RESULT(decl) = result;

	tree params = NULL_TREE, *tail = &params;
	auto_vec<tree> args;
	int n = 0;
	for (tree t = TYPE_ARG_TYPES(type); t && t != void_list_node; t = TREE_CHAIN(t)) {
		char pname[16];
		snprintf(pname, sizeof(pname), "a%d", n++);
		tree parm = build_decl(loc, PARM_DECL, get_identifier(pname), TREE_VALUE(t));
		DECL_ARG_TYPE(parm) = TREE_VALUE(t);
		DECL_CONTEXT(parm) = decl;
		DECL_ARTIFICIAL(parm) = 1;
		TREE_USED(parm) = 1;
		*tail = parm;
		tail = &DECL_CHAIN(parm);
		args.safe_push(parm);
	}
	DECL_ARGUMENTS(decl) = params;

	tree call = build_call_expr_loc_array(loc, fn, args.length(), args.address());
	tree body;
	if (VOID_TYPE_P(rtype))
		body = build2(COMPOUND_EXPR, void_type_node, call,
			      build1(RETURN_EXPR, void_type_node, NULL_TREE));
	else
		body = build1(RETURN_EXPR, void_type_node,
			      build2(MODIFY_EXPR, rtype, result, call));
	tree block = make_node(BLOCK);
	BLOCK_SUPERCONTEXT(block) = decl;
	TREE_USED(block) = 1;
	DECL_INITIAL(decl) = block;
	DECL_SAVED_TREE(decl) = build3(BIND_EXPR, void_type_node, NULL_TREE, body, block);
	TREE_SIDE_EFFECTS(DECL_SAVED_TREE(decl)) = 1;

	push_struct_function(decl);
	cfun->function_end_locus = loc;
	pop_cfun();
	/* During parsing (static initialisers) the unit is still being built;
	 * later (from the pass) cgraph queues new functions for analysis. */
	if (symtab->state == PARSING)
		cgraph_node::finalize_function(decl, true);
	else
		cgraph_node::add_new_function(decl, false);
	return decl;
}

/* The wrapper of listed function FN, built on first use; NULL if none. */
static tree pointer_wrapper(tree fn, location_t loc)
{
	for (tree t = pointer_wrappers; t; t = TREE_CHAIN(t))
		if (TREE_PURPOSE(t) == fn)
			return TREE_VALUE(t) == error_mark_node ? NULL_TREE : TREE_VALUE(t);
	build_runtime_decls();
	tree wrapper = build_pointer_wrapper(fn, loc);
	pointer_wrappers = tree_cons(fn, wrapper, pointer_wrappers);
	return wrapper == error_mark_node ? NULL_TREE : wrapper;
}

/* walk_tree callback: `&listed` becomes `&listed.bench_ptr`. */
static tree rewrite_address(tree *tp, int *walk_subtrees, void *data)
{
	tree t = *tp;
	if (TYPE_P(t) || DECL_P(t)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	if (TREE_CODE(t) != ADDR_EXPR)
		return NULL_TREE;
	*walk_subtrees = 0;
	tree fn = TREE_OPERAND(t, 0);
	if (TREE_CODE(fn) != FUNCTION_DECL || !wrappable_function(fn))
		return NULL_TREE;
	location_t loc = EXPR_HAS_LOCATION(t) ? EXPR_LOCATION(t) : *(location_t *)data;
	tree wrapper = pointer_wrapper(fn, loc);
	if (wrapper)
		*tp = build1(ADDR_EXPR, TREE_TYPE(t), wrapper);
	return NULL_TREE;
}

/* Static initialisers are not GIMPLE: rewrite them as they are declared,
 * before cgraph records what they reference. */
static void finish_decl_callback(void *gcc_data, void *user_data)
{
	tree decl = (tree)gcc_data;
	if (!decl || TREE_CODE(decl) != VAR_DECL || !TREE_STATIC(decl) || !DECL_INITIAL(decl) ||
	    DECL_INITIAL(decl) == error_mark_node || seen_error())
		return;
	int count;
	if (!blocking_list(&count) || !count)
		return;
	location_t loc = DECL_SOURCE_LOCATION(decl);
	walk_tree_without_duplicates(&DECL_INITIAL(decl), rewrite_address, &loc);
}

/* ---------------------------------------------------------------- the pass */

/* True when the function was marked nonblocking by its attribute or by a
 * config rule (the attribute wins, as for every option). */
static bool nonblocking_function_p(tree fndecl)
{
	struct bench_options opts;
	bench_options_init(&opts);
	location_t attr_loc;
	bench_attribute_get(fndecl, &opts, &attr_loc);
	if (opts.nonblocking < 0 && bench_config_loaded()) {
		struct bench_options rule;
		bool exclude = false;
		int line = 0;
		bench_options_init(&rule);
		if (bench_config_match(function_name(fndecl), bench_function_file(fndecl), &exclude,
				       &rule, &line) && !exclude)
			opts.nonblocking = rule.nonblocking;
	}
	return opts.nonblocking == 1;
}

bool bench_warn_nonblocking = true;

struct wrap_state {
	tree fndecl;
	bool nonblocking;
	bool pointer_wrapper;
	location_t loc; /* fallback for statements without one */
};

/* The call's argument at 1-based POSITION as a long, copied into a
 * temporary before the call (at -O0 the argument may be a variable the
 * call's result overwrites: `fd = accept (fd, ...)`), and with MASK
 * (unless 0) applied; NULL_TREE when the call has no such integer argument
 * (a declaration unlike libc's). */
static tree copy_int_argument(gimple_stmt_iterator *gsi, gcall *call, int position, long mask,
			      location_t loc)
{
	if (position < 1 || (unsigned)position > gimple_call_num_args(call))
		return NULL_TREE;
	tree arg = gimple_call_arg(call, position - 1);
	if (!INTEGRAL_TYPE_P(TREE_TYPE(arg)))
		return NULL_TREE;
	tree copy = create_tmp_var(long_integer_type_node, "bench_arg");
	gassign *set = gimple_build_assign(copy, fold_convert(long_integer_type_node, arg));
	gimple_set_location(set, loc);
	gsi_insert_before(gsi, set, GSI_SAME_STMT);
	if (!mask)
		return copy;
	tree bits = create_tmp_var(long_integer_type_node, "bench_arg");
	set = gimple_build_assign(bits, BIT_AND_EXPR, copy,
				  build_int_cst(long_integer_type_node, mask));
	gimple_set_location(set, loc);
	gsi_insert_before(gsi, set, GSI_SAME_STMT);
	return bits;
}

/* glibc's checked variants insert the buffer's size after the length, so
 * __recv_chk and __recvfrom_chk have their flags one argument later. */
static int checked_variant_shift(tree callee, int position)
{
	const char *name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(callee));
	return checked_variant_p(name, strlen(name)) && position >= 4 ? position + 1 : position;
}

/* A call that may return at once rather than wait (a descriptor in
 * non-blocking mode, MSG_DONTWAIT, WNOHANG, a zero timeout): the end hook
 * gets the descriptor, the flags' nowait bits and the timeout, to tell at
 * run time whether a call in nonblocking code could wait.  Returns the
 * end call, or NULL when the entry names no such argument. */
static gcall *build_end_with_arguments(gimple_stmt_iterator *gsi, gcall *call, tree callee,
				       const struct bench_blocking_fn *fn, tree site, tree token,
				       location_t loc)
{
	tree fd = copy_int_argument(gsi, call, fn->descriptor_arg, 0, loc);
	tree nowait = copy_int_argument(gsi, call, checked_variant_shift(callee, fn->flags_arg),
					fn->nowait_mask, loc);
	tree timeout = copy_int_argument(gsi, call, fn->timeout_arg, 0, loc);
	if (!fd && !nowait && !timeout)
		return NULL;
	tree none = build_int_cst(long_integer_type_node, -1);
	return gimple_build_call(blocking_end_args_decl, 5, site, token, fd ? fd : none,
				 nowait ? nowait : build_int_cst(long_integer_type_node, 0),
				 timeout ? timeout : none);
}

/* Whether the call's arguments may make it return at once (known at run
 * time only, unless they are constants): no compile-time warning then. */
static bool may_return_at_once(gcall *call, tree callee, const struct bench_blocking_fn *fn)
{
	if (fn->descriptor_arg)
		return true;
	int flags = checked_variant_shift(callee, fn->flags_arg);
	if (flags && (unsigned)flags <= gimple_call_num_args(call)) {
		tree arg = gimple_call_arg(call, flags - 1);
		if (TREE_CODE(arg) != INTEGER_CST || (TREE_INT_CST_LOW(arg) & (unsigned HOST_WIDE_INT)fn->nowait_mask))
			return true;
	}
	if (fn->timeout_arg && (unsigned)fn->timeout_arg <= gimple_call_num_args(call)) {
		tree arg = gimple_call_arg(call, fn->timeout_arg - 1);
		if (TREE_CODE(arg) != INTEGER_CST || integer_zerop(arg))
			return true;
	}
	return false;
}

/* Replace the call at GSI by begin; call; end. */
static void wrap_call(gimple_stmt_iterator *gsi, gcall *call, tree callee,
		      const struct bench_blocking_fn *fn, struct wrap_state *st)
{
	location_t loc = gimple_location(call);
	if (loc == UNKNOWN_LOCATION)
		loc = st->loc;
	if (st->nonblocking && bench_warn_nonblocking && !may_return_at_once(call, callee, fn))
		warning_at(loc, 0, "blocking call to %qs in nonblocking function %qs",
			   function_name(callee), function_name(st->fndecl));

	uint32_t flags = st->pointer_wrapper ? BENCH_CALL_POINTER : 0;
	if (st->nonblocking)
		flags |= BENCH_CALL_IN_NONBLOCKING;
	tree site = build_call_site(callee, fn, st->fndecl, loc, flags);
	tree token = create_tmp_var(long_long_unsigned_type_node, "bench_blocking");
	gcall *end = build_end_with_arguments(gsi, call, callee, fn, unshare_expr(site), token, loc);
	if (!end)
		end = gimple_build_call(blocking_end_decl, 2, unshare_expr(site), token);
	gcall *begin = gimple_build_call(blocking_begin_decl, 1, site);
	gimple_call_set_lhs(begin, token);
	gimple_set_location(begin, loc);
	gimple_set_location(end, loc);
	gsi_insert_before(gsi, begin, GSI_SAME_STMT);
	gsi_insert_after(gsi, end, GSI_SAME_STMT);
}

static tree wrap_stmt(gimple_stmt_iterator *gsi, bool *handled_ops, struct walk_stmt_info *wi)
{
	struct wrap_state *st = (struct wrap_state *)wi->info;
	gimple *stmt = gsi_stmt(*gsi);
	*handled_ops = false;

	/* Function addresses anywhere but in a direct call's callee slot. */
	for (unsigned i = 0; i < gimple_num_ops(stmt); i++) {
		if (is_gimple_call(stmt) && i == 1)
			continue;
		tree *op = gimple_op_ptr(stmt, i);
		if (*op) {
			location_t loc = gimple_has_location(stmt) ? gimple_location(stmt) : st->loc;
			walk_tree(op, rewrite_address, &loc, NULL);
		}
	}

	gcall *call = dyn_cast<gcall *>(stmt);
	if (!call)
		return NULL_TREE;
	tree callee = gimple_call_fndecl(call);
	if (!callee || gimple_call_internal_p(call))
		return NULL_TREE;
	/* vfork/setjmp-like: the bracket's end would run twice. */
	if (gimple_call_flags(call) & ECF_RETURNS_TWICE)
		return NULL_TREE;
	const struct bench_blocking_fn *fn = wrappable_function(callee);
	if (!fn)
		return NULL_TREE;
	wrap_call(gsi, call, callee, fn, st);
	*handled_ops = true;
	return NULL_TREE;
}

/* glibc's fortify wrappers (`extern inline` bodies in system headers) are
 * never emitted: their calls run inlined into a caller whose own call to
 * the wrapper was bracketed already.  A user's C99 `inline` definition is
 * not skipped: its calls are the user's. */
static bool fortify_wrapper_body_p(tree fndecl)
{
	return DECL_EXTERNAL(fndecl) && DECL_DECLARED_INLINE_P(fndecl) &&
	       in_system_header_at(DECL_SOURCE_LOCATION(fndecl));
}

static unsigned int blocking_execute(function *fun)
{
	int count;
	tree fndecl = fun->decl;
	if (!blocking_list(&count) || !count || seen_error() || fortify_wrapper_body_p(fndecl))
		return 0;
	/* The runtime itself is not built with the plugin; a function opting
	 * out of instrumentation opts out of wrapping too. */
	if (lookup_attribute("no_instrument_function", DECL_ATTRIBUTES(fndecl)))
		return 0;
	build_runtime_decls();

	struct wrap_state st;
	st.fndecl = fndecl;
	st.pointer_wrapper = pointer_wrapper_p(fndecl);
	st.nonblocking = !st.pointer_wrapper && nonblocking_function_p(fndecl);
	st.loc = DECL_SOURCE_LOCATION(fndecl);

	struct walk_stmt_info wi;
	memset(&wi, 0, sizeof(wi));
	wi.info = &st;
	gimple_seq body = gimple_body(fndecl);
	walk_gimple_seq_mod(&body, wrap_stmt, NULL, &wi);
	gimple_set_body(fndecl, body);
	return 0;
}

namespace {

const pass_data blocking_pass_data = {
	GIMPLE_PASS,
	"bench_blocking",
	OPTGROUP_NONE,
	TV_NONE,
	PROP_gimple_any,
	0,
	0,
	0,
	0,
};

class blocking_pass : public gimple_opt_pass {
public:
	blocking_pass(gcc::context *ctx) : gimple_opt_pass(blocking_pass_data, ctx) {}
	unsigned int execute(function *fun) final override { return blocking_execute(fun); }
};

} // namespace

void bench_blocking_register(struct plugin_name_args *info)
{
	bench_register_pass(info->base_name, new blocking_pass(g), "lower", PASS_POS_INSERT_BEFORE);
	register_callback(info->base_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)blocking_roots);
	register_callback(info->base_name, PLUGIN_FINISH_DECL, finish_decl_callback, NULL);
}
