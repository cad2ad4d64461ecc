/*
 * instrument.cc - the `bench` GIMPLE pass.  It runs before `lower`, while a
 * function body is still one GIMPLE_BIND of structured GIMPLE, and
 *
 *  - wraps each selected function (select.cc) the way gimplify.cc does for
 *    -finstrument-functions, so every return and every exception leaving
 *    the function passes the exit hook, and inlined copies stay timed:
 *
 *      tok = __bench_enter (&site);
 *      try { BODY } finally { __bench_exit (&site, tok); }
 *
 *    with no branch, so the optimisers see no more than they do for
 *    -finstrument-functions; the late pass of guard.cc then adds the
 *    inline checks a disabled run relies on (`if (__bench_active)` around
 *    the enter hook, `if (tok)` around the exit hook).  Code streamed for
 *    LTO never meets that pass, so there the checks are emitted here:
 *
 *      tok = 0; if (__atomic_load_4 (&__bench_active, relaxed))
 *        tok = __bench_enter (&site);
 *      try { BODY } finally { if (tok) __bench_exit (&site, tok); }
 *
 *  - with iterations/warmup, runs BODY in the loop of runtime/bench.h,
 *    its returns turned into gotos out of the loop and its parameters
 *    restored at each pass;
 *
 *  - in every function, calls __bench_setjmp (env) before each setjmp and
 *    __bench_longjmp (env) before each longjmp, so the runtime can close
 *    the frames a longjmp skips, and __bench_vfork_return (pid) after each
 *    vfork, so a vfork child's calls stay off its parent's records.
 *
 * Limits that follow from the design: the exit hook runs after the body's
 * last call, so an instrumented function loses tail calls and tail
 * recursion (deep tail recursion that relied on them needs more stack);
 * a C++ constexpr call g++ folds at compile time runs no code and is not
 * recorded; an exception thrown by run K of an iterated call leaves K
 * durations (the runs it started).
 *
 * To debug: -fdump-tree-all writes FILE.NNNt.bench, each function right
 * after this pass (-fdump-tree-bench itself is refused: GCC checks dump
 * switches before it loads plugins); -fdump-tree-lower shows the same code
 * lowered; -fplugin-arg-bench-verbose notes each instrumented function.
 */
#include "compat.h"
#include "memmodel.h"
#include "options.h"
#include "attribute.h"
#include "site.h"
#include "select.h"
#include "instrument.h"
#include "guard.h"
#include "target.h"

/* Runtime entry points, declared once on first use.  GC roots: they are
 * kept across functions, and a collection in between would free them. */
enum {
	RT_ENTER, RT_EXIT, RT_ITER_BEGIN, RT_ITER_END, RT_ITER_MORE,
	RT_SETJMP, RT_LONGJMP, RT_VFORK, RT_COUNT
};
static GTY(()) tree bench_rt[RT_COUNT];

const struct ggc_root_tab bench_instrument_ggc_roots[] = {
	{ &bench_rt[0], RT_COUNT, sizeof(bench_rt[0]), &gt_ggc_mx_tree_node,
	  &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

/* An external runtime function: nothrow (no EH edges around the hooks) and
 * leaf (it never calls back into this unit, so the optimiser may keep the
 * unit's statics in registers across it, as it would without us).  That is
 * a contract on the runtime: these hooks never call user code (user
 * callbacks run from the blocking hooks only). */
static tree runtime_fn(const char *name, tree type)
{
	tree decl = build_fn_decl(name, type);

	TREE_NOTHROW(decl) = 1;
	DECL_ATTRIBUTES(decl) = tree_cons(get_identifier("leaf"), NULL_TREE, NULL_TREE);
	return decl;
}

static void declare_runtime(void)
{
	tree site = bench_site_pointer_type();
	tree u64 = uint64_type_node, u32 = uint32_type_node;

	if (bench_rt[RT_ENTER])
		return;
	bench_rt[RT_ENTER] = runtime_fn("__bench_enter",
		build_function_type_list(u64, site, NULL_TREE));
	bench_rt[RT_EXIT] = runtime_fn("__bench_exit",
		build_function_type_list(void_type_node, site, u64, NULL_TREE));
	bench_rt[RT_ITER_BEGIN] = runtime_fn("__bench_iter_begin",
		build_function_type_list(void_type_node, site, u64, u32, NULL_TREE));
	bench_rt[RT_ITER_END] = runtime_fn("__bench_iter_end",
		build_function_type_list(void_type_node, site, u64, u32, NULL_TREE));
	bench_rt[RT_ITER_MORE] = runtime_fn("__bench_iter_more",
		build_function_type_list(integer_type_node, site, u64, u32, NULL_TREE));
	bench_rt[RT_SETJMP] = runtime_fn("__bench_setjmp",
		build_function_type_list(void_type_node, const_ptr_type_node, NULL_TREE));
	bench_rt[RT_LONGJMP] = runtime_fn("__bench_longjmp",
		build_function_type_list(void_type_node, const_ptr_type_node, NULL_TREE));
	bench_rt[RT_VFORK] = runtime_fn("__bench_vfork_return",
		build_function_type_list(void_type_node, integer_type_node, NULL_TREE));
}

/* A statement at LOC, appended to SEQ. */
static void add(gimple_seq *seq, gimple *stmt, location_t loc)
{
	gimple_set_location(stmt, loc);
	gimple_seq_add_stmt(seq, stmt);
}

/* ------------------------------------------------------------ setjmp/longjmp */

static bool name_in(tree id, const char *const *names)
{
	for (; *names; names++)
		if (id_equal(id, *names))
			return true;
	return false;
}

/* glibc's setjmp() is a macro for _setjmp, sigsetjmp one for __sigsetjmp,
 * and _FORTIFY_SOURCE renames longjmp to __longjmp_chk by asm label. */
static const char *const setjmp_names[] = {
	"setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp", NULL
};
static const char *const longjmp_names[] = {
	"longjmp", "_longjmp", "siglongjmp", "__longjmp_chk", NULL
};

/* The runtime hook for a call to FNDECL, or NULL_TREE.  Only public
 * functions count: a user's own static `setjmp` is not libc's. */
static tree jump_hook(tree fndecl)
{
	tree id = DECL_NAME(fndecl);

	if (!id || !TREE_PUBLIC(fndecl))
		return NULL_TREE;
	if (name_in(id, setjmp_names))
		return bench_rt[RT_SETJMP];
	if (name_in(id, longjmp_names))
		return bench_rt[RT_LONGJMP];
	if (DECL_ASSEMBLER_NAME_SET_P(fndecl) &&
	    name_in(DECL_ASSEMBLER_NAME(fndecl), longjmp_names))
		return bench_rt[RT_LONGJMP];
	return NULL_TREE;
}

/* Insert the setjmp or longjmp hook before a call to either. */
static tree announce_jump(gimple_stmt_iterator *gsi, bool *handled, struct walk_stmt_info *wi)
{
	gimple *stmt = gsi_stmt(*gsi);
	tree callee, hook;
	gcall *call;

	*handled = false;
	if (!is_gimple_call(stmt) || !(callee = gimple_call_fndecl(stmt)) ||
	    gimple_call_num_args(stmt) < 1 || !(hook = jump_hook(callee)))
		return NULL_TREE;
	call = gimple_build_call(hook, 1, unshare_expr(gimple_call_arg(stmt, 0)));
	gimple_set_location(call, gimple_location(stmt));
	gsi_insert_before(gsi, call, GSI_SAME_STMT);
	*handled = true;
	return NULL_TREE;
}

/* ------------------------------------------------------------ vfork */

static const char *const vfork_names[] = { "vfork", "__vfork", NULL };

/* After `LHS = vfork ()`:
 *
 *   tmp = vfork (); LHS = tmp; __bench_vfork_return ((int) tmp);
 *
 * The hook must come before any call the child makes, so right after the
 * call; the parent runs it once the child has exec'd or exited.  vfork
 * returns twice, so the call stays where it is and only its result moves
 * to a temporary (a call without LHS gets one too). */
static void follow_vfork(gimple_stmt_iterator *gsi, gcall *call)
{
	tree type = gimple_call_return_type(call), lhs = gimple_call_lhs(call);
	location_t loc = gimple_location(call);
	gimple_seq after = NULL;
	tree ret, arg;

	if (!INTEGRAL_TYPE_P(type))
		return; /* not libc's vfork */
	ret = arg = create_tmp_var(type, "bench_vfork");
	gimple_call_set_lhs(call, ret);
	if (lhs)
		add(&after, gimple_build_assign(lhs, ret), loc);
	if (!useless_type_conversion_p(integer_type_node, type)) {
		arg = create_tmp_var(integer_type_node, "bench_vfork_int");
		add(&after, gimple_build_assign(arg, NOP_EXPR, ret), loc);
	}
	add(&after, gimple_build_call(bench_rt[RT_VFORK], 1, arg), loc);
	gsi_insert_seq_after(gsi, after, GSI_SAME_STMT);
}

/* walk_gimple_seq_mod callback: the hooks around setjmp, longjmp and vfork.
 * Statements inserted before the current one are behind the walker, those
 * inserted after it are visited next (and match nothing). */
static tree announce_call(gimple_stmt_iterator *gsi, bool *handled, struct walk_stmt_info *wi)
{
	gimple *stmt = gsi_stmt(*gsi);
	tree callee, id;

	*handled = false;
	if (!is_gimple_call(stmt) || !(callee = gimple_call_fndecl(stmt)))
		return NULL_TREE;
	id = DECL_NAME(callee);
	if (id && TREE_PUBLIC(callee) && name_in(id, vfork_names)) {
		follow_vfork(gsi, as_a<gcall *>(stmt));
		*handled = true;
		return NULL_TREE;
	}
	return announce_jump(gsi, handled, wi);
}

static void announce_calls(tree fndecl)
{
	struct walk_stmt_info wi;
	gimple_seq body = gimple_body(fndecl);

	memset(&wi, 0, sizeof(wi));
	walk_gimple_seq_mod(&body, announce_call, NULL, &wi);
	gimple_set_body(fndecl, body);
}

/* ------------------------------------------------------------ enter / exit */

struct frame {
	tree site;      /* &__bench_site.N */
	tree tok;       /* uint64_t token from __bench_enter */
	location_t loc; /* the function's, for the new statements */
};

/* if (A != 0) { THEN } -- structured GIMPLE has no if: a cond and labels. */
static void add_if_nonzero(gimple_seq *seq, tree a, gimple *then, location_t loc)
{
	tree yes = create_artificial_label(loc), no = create_artificial_label(loc);

	add(seq, gimple_build_cond(NE_EXPR, a, build_zero_cst(TREE_TYPE(a)), yes, no), loc);
	add(seq, gimple_build_label(yes), loc);
	add(seq, then, loc);
	add(seq, gimple_build_label(no), loc);
}

/* tok = __bench_enter (&site), unguarded when guard.cc's pass adds the
 * check; otherwise
 *   tok = 0; if (__atomic_load_4 (&__bench_active, relaxed)) tok = __bench_enter (&site);
 * The global is read inline so a disabled run costs a load and a branch,
 * not a call.  The load is atomic because bench_activate() may store from
 * another thread; relaxed, it expands to the same plain load, and
 * ThreadSanitizer sees an atomic access instead of a race. */
static void add_enter(gimple_seq *seq, const struct frame *f)
{
	gcall *enter = gimple_build_call(bench_rt[RT_ENTER], 1, f->site);
	tree load_fn, active;
	gcall *load;

	gimple_call_set_lhs(enter, f->tok);
	if (bench_guard_late()) {
		add(seq, enter, f->loc);
		return;
	}
	load_fn = builtin_decl_explicit(BUILT_IN_ATOMIC_LOAD_4);
	active = create_tmp_var(TREE_TYPE(TREE_TYPE(load_fn)), "bench_active");
	load = gimple_build_call(load_fn, 2, build_fold_addr_expr(bench_active_decl()),
				 build_int_cst(integer_type_node, MEMMODEL_RELAXED));
	gimple_call_set_lhs(load, active);
	add(seq, gimple_build_assign(f->tok, build_zero_cst(uint64_type_node)), f->loc);
	add(seq, load, f->loc);
	add_if_nonzero(seq, active, enter, f->loc);
}

/* The finally part: __bench_exit (&site, tok), guarded by `if (tok)` here
 * or by guard.cc's pass. */
static gimple_seq exit_cleanup(const struct frame *f)
{
	gimple_seq seq = NULL;
	gcall *exit = gimple_build_call(bench_rt[RT_EXIT], 2, f->site, f->tok);

	if (bench_guard_late())
		add(&seq, exit, f->loc);
	else
		add_if_nonzero(&seq, f->tok, exit, f->loc);
	return seq;
}

/* Replace the body by a single new GIMPLE_BIND holding SEQ: `lower` wants
 * exactly one outermost bind.  It has no BLOCK of its own, as with
 * -finstrument-functions, so debug scopes stay those of the old body. */
static void set_body(tree fndecl, gimple_seq seq)
{
	gimple_seq top = NULL;

	gimple_seq_add_stmt(&top, gimple_build_bind(NULL_TREE, seq, NULL_TREE));
	gimple_set_body(fndecl, top);
}

static void wrap_once(tree fndecl, const struct frame *f)
{
	gimple_seq seq = NULL;

	add_enter(&seq, f);
	add(&seq, gimple_build_try(gimple_body(fndecl), exit_cleanup(f), GIMPLE_TRY_FINALLY),
	    f->loc);
	set_body(fndecl, seq);
}

/* ------------------------------------------------------------ iterations */

/* Where each `return` of the body goes instead, and what it returns. */
struct rerun {
	tree done;   /* label after the body, inside the loop */
	tree result; /* variable holding the value to return, or NULL_TREE */
};

/* walk_gimple_seq_mod callback: `return X;` becomes `result = X; goto done;`
 * (the goto leaves the inner try, so its finally still runs).  The return
 * is replaced in place, which the walker tolerates, unlike removal. */
static tree redirect_return(gimple_stmt_iterator *gsi, bool *handled, struct walk_stmt_info *wi)
{
	struct rerun *r = (struct rerun *)wi->info;
	gimple *stmt = gsi_stmt(*gsi);
	location_t loc = gimple_location(stmt);
	tree val;

	*handled = false;
	if (gimple_code(stmt) != GIMPLE_RETURN)
		return NULL_TREE;
	val = gimple_return_retval(as_a<greturn *>(stmt));
	if (val && r->result && val != r->result) {
		gimple *set = gimple_build_assign(r->result, val);

		gimple_set_location(set, loc);
		gsi_insert_before(gsi, set, GSI_SAME_STMT);
	}
	gimple *jump = gimple_build_goto(r->done);
	gimple_set_location(jump, loc);
	gsi_replace(gsi, jump, false);
	*handled = true;
	return NULL_TREE;
}

/* Reports, at LOC, why FNDECL's body cannot run twice with the same
 * inputs; false if it can.  A function returning (or taking) a
 * non-trivially-copyable object does so through an invisible reference:
 * re-running would construct the result twice in the same storage, or see
 * an argument object the first run changed. */
static bool cannot_rerun(tree fndecl, location_t loc)
{
	tree res = DECL_RESULT(fndecl), parm;

	if (stdarg_p(TREE_TYPE(fndecl))) {
		error_at(loc, "%<bench%> cannot re-run variadic function %qD "
			 "(iterations/warmup): its %<va_list%> is consumed by the first run",
			 fndecl);
		return true;
	}
	if (TREE_THIS_VOLATILE(fndecl)) {
		error_at(loc, "%<bench%> cannot re-run %<noreturn%> function %qD "
			 "(iterations/warmup)", fndecl);
		return true;
	}
	if (res && (DECL_BY_REFERENCE(res) || TREE_ADDRESSABLE(TREE_TYPE(res)))) {
		error_at(loc, "%<bench%> cannot re-run %qD (iterations/warmup): it "
			 "returns a non-trivially-copyable %qT", fndecl,
			 TREE_TYPE(TREE_TYPE(fndecl)));
		return true;
	}
	for (parm = DECL_ARGUMENTS(fndecl); parm; parm = DECL_CHAIN(parm)) {
		tree type = TREE_TYPE(parm);

		/* A va_list argument is a pointer to the caller's state, which
		 * the first run's va_arg calls consume (the target hook also
		 * knows the decayed, pointer form of the type). */
		if (targetm.canonical_va_list_type(type)) {
			error_at(loc, "%<bench%> cannot re-run %qD (iterations/warmup): "
				 "parameter %qD is a %<va_list%> the first run consumes",
				 fndecl, parm);
			return true;
		}
		if (DECL_BY_REFERENCE(parm) || TREE_ADDRESSABLE(type)) {
			error_at(loc, "%<bench%> cannot re-run %qD (iterations/warmup): "
				 "parameter %qD is a non-trivially-copyable object passed by value",
				 fndecl, parm);
			return true;
		}
		if (!COMPLETE_TYPE_P(type) || TREE_CODE(TYPE_SIZE_UNIT(type)) != INTEGER_CST) {
			error_at(loc, "%<bench%> cannot re-run %qD (iterations/warmup): "
				 "parameter %qD has a variable size", fndecl, parm);
			return true;
		}
	}
	return false;
}

/* Copies of the parameters taken at entry (SAVE) and put back before each
 * execution (RESTORE), so every run sees the caller's arguments. */
static void save_parameters(tree fndecl, gimple_seq *save, gimple_seq *restore,
			    location_t loc)
{
	tree parm;

	for (parm = DECL_ARGUMENTS(fndecl); parm; parm = DECL_CHAIN(parm)) {
		tree copy = create_tmp_var(TREE_TYPE(parm), "bench_arg");

		add(save, gimple_build_assign(copy, parm), loc);
		add(restore, gimple_build_assign(parm, copy), loc);
	}
}

/* The value `return` statements hand back, or NULL_TREE (void).  A result
 * returned in memory is written straight into the RESULT_DECL by the body,
 * and the last execution's write is the one the caller sees. */
static tree result_holder(tree fndecl)
{
	tree res = DECL_RESULT(fndecl);

	if (!res || VOID_TYPE_P(TREE_TYPE(res)))
		return NULL_TREE;
	if (aggregate_value_p(res, TREE_TYPE(fndecl)))
		return res;
	return create_tmp_var(TREE_TYPE(res), "bench_ret");
}

/* The loop itself, BODY already redirected to DONE:
 *   again: RESTORE; __bench_iter_begin (&site, tok, n);
 *          try { BODY } finally { __bench_iter_end (&site, tok, n); }
 *   done:  n = n + 1;
 *          if (__bench_iter_more (&site, tok, n)) goto again;
 *   out:
 * N counts executions, warm-up included, as the runtime expects. */
static gimple_seq build_loop(gimple_seq body, gimple_seq restore, tree n, tree done,
			     const struct frame *f)
{
	gimple_seq loop = NULL, iter_end = NULL;
	tree more = create_tmp_var(integer_type_node, "bench_more");
	tree again = create_artificial_label(f->loc), out = create_artificial_label(f->loc);
	gcall *more_call = gimple_build_call(bench_rt[RT_ITER_MORE], 3, f->site, f->tok, n);

	add(&iter_end, gimple_build_call(bench_rt[RT_ITER_END], 3, f->site, f->tok, n), f->loc);
	gimple_call_set_lhs(more_call, more);

	add(&loop, gimple_build_label(again), f->loc);
	gimple_seq_add_seq(&loop, restore);
	add(&loop, gimple_build_call(bench_rt[RT_ITER_BEGIN], 3, f->site, f->tok, n), f->loc);
	add(&loop, gimple_build_try(body, iter_end, GIMPLE_TRY_FINALLY), f->loc);
	add(&loop, gimple_build_label(done), f->loc);
	add(&loop, gimple_build_assign(n, PLUS_EXPR, n, build_one_cst(uint32_type_node)), f->loc);
	add(&loop, more_call, f->loc);
	add(&loop, gimple_build_cond(NE_EXPR, more, integer_zero_node, again, out), f->loc);
	add(&loop, gimple_build_label(out), f->loc);
	return loop;
}

/* The whole iterated function (see runtime/bench.h), with add_enter's
 * enter and exit_cleanup's exit:
 *   tok = __bench_enter (&site);
 *   n = 0; saved = parms;
 *   try { LOOP } finally { __bench_exit (&site, tok); }
 *   return ret;
 */
static void wrap_loop(tree fndecl, const struct frame *f)
{
	struct rerun r;
	struct walk_stmt_info wi;
	gimple_seq body = gimple_body(fndecl), seq = NULL, restore = NULL;
	tree n = create_tmp_var(uint32_type_node, "bench_n");

	r.done = create_artificial_label(f->loc);
	r.result = result_holder(fndecl);
	memset(&wi, 0, sizeof(wi));
	wi.info = &r;
	walk_gimple_seq_mod(&body, redirect_return, NULL, &wi);

	add_enter(&seq, f);
	add(&seq, gimple_build_assign(n, build_zero_cst(uint32_type_node)), f->loc);
	save_parameters(fndecl, &seq, &restore, f->loc);
	add(&seq, gimple_build_try(build_loop(body, restore, n, r.done, f), exit_cleanup(f),
				   GIMPLE_TRY_FINALLY), f->loc);
	add(&seq, gimple_build_return(r.result), f->loc);
	set_body(fndecl, seq);
}

/* ------------------------------------------------------------ the pass */

static void instrument(tree fndecl, const struct bench_options *opts)
{
	struct frame f;
	bool loop = opts->iterations > 1 || opts->warmup > 0;

	if (loop) {
		struct bench_options ignored;
		location_t loc;

		/* Point at the attribute that asked for the loop, if any. */
		if (!bench_attribute_get(fndecl, &ignored, &loc))
			loc = DECL_SOURCE_LOCATION(fndecl);
		if (cannot_rerun(fndecl, loc))
			return;
	}
	f.loc = DECL_SOURCE_LOCATION(fndecl);
	f.site = bench_site_build(fndecl, opts);
	f.tok = create_tmp_var(uint64_type_node, "bench_tok");
	if (loop)
		wrap_loop(fndecl, &f);
	else
		wrap_once(fndecl, &f);
}

static const pass_data bench_pass_data = {
	GIMPLE_PASS,      /* type */
	"bench",          /* name: FILE.NNNt.bench with -fdump-tree-all */
	OPTGROUP_NONE,    /* optinfo_flags */
	TV_NONE,          /* tv_id */
	PROP_gimple_any,  /* properties_required */
	0,                /* properties_provided */
	0,                /* properties_destroyed */
	0,                /* todo_flags_start */
	0,                /* todo_flags_finish */
};

class bench_pass : public gimple_opt_pass {
public:
	bench_pass(gcc::context *ctx) : gimple_opt_pass(bench_pass_data, ctx) {}

	unsigned int execute(function *fun) final override
	{
		struct bench_options opts;
		tree fndecl = fun->decl;

		if (!gimple_body(fndecl) || seen_error())
			return 0;
		declare_runtime();
		announce_calls(fndecl);
		if (bench_select_function(fndecl, &opts))
			instrument(fndecl, &opts);
		return 0;
	}
};

void bench_instrument_register(const char *plugin_name)
{
	bench_register_pass(plugin_name, new bench_pass(g), "lower", PASS_POS_INSERT_BEFORE);
}
