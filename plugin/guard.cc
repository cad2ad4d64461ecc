/*
 * guard.cc - the `bench_guard` GIMPLE pass, run after `optimized` (the last
 * GIMPLE pass, at every -O level): it puts the inline checks around the
 * hooks that instrument.cc emitted unguarded,
 *
 *      tok = __bench_enter (&site);     ->  tok = 0; if (__bench_active) tok = __bench_enter (&site);
 *      __bench_exit (&site, tok);       ->  if (tok) __bench_exit (&site, tok);
 *
 * so a disabled program pays a load and two branches per call, not a call.
 *
 * Why so late: the checks are branches, and every GIMPLE optimiser (the
 * inliner, jump threading, which duplicated bodies along the "tok == 0"
 * path, DOM, VRP, ...) then works on blocks split around each hook and on
 * every inlined copy of them.  Unguarded, the hooks are straight-line calls
 * like -finstrument-functions' and cost the optimisers about as much; only
 * the RTL passes see the branches.  Semantics are unchanged: both hooks are
 * nothrow and leaf, so running them conditionally changes nothing else.
 *
 * On x86-64 (SysV ABI, small code model) even that RTL cost is avoided:
 * this pass then does not run, and guard_rtl.cc adds the same checks
 * after the last pass that looks at the CFG (a file where every function
 * is instrumented: 1.14x the compiler instructions of
 * -finstrument-functions with the checks added here, 0.97x with them
 * added there).
 *
 * Only code compiled to an object here is guarded.  Bodies streamed for
 * LTO (or offloading) are optimised in lto1, without this plugin's passes,
 * so instrument.cc emits them guarded from the start (bench_guard_late).
 *
 * To debug: -fdump-tree-all writes FILE.NNNt.bench_guard after this pass.
 */
#include "compat.h"
#include "cfghooks.h"
#include "ssa.h"
#include "tree-into-ssa.h"
#include "guard.h"

/* The runtime's declarations, shared with instrument.cc. */
static GTY(()) tree guard_active;

const struct ggc_root_tab bench_guard_ggc_roots[] = {
	{ &guard_active, 1, sizeof(guard_active), &gt_ggc_mx_tree_node,
	  &gt_pch_nx_tree_node },
	LAST_GGC_ROOT_TAB
};

bool bench_guard_late(void)
{
	return !flag_generate_lto && !flag_generate_offload;
}

/* extern volatile int __bench_active;  See runtime/bench.h. */
tree bench_active_decl(void)
{
	tree active;

	if (guard_active)
		return guard_active;
	active = build_decl(BUILTINS_LOCATION, VAR_DECL, get_identifier("__bench_active"),
			    build_qualified_type(integer_type_node, TYPE_QUAL_VOLATILE));
	TREE_PUBLIC(active) = 1;
	DECL_EXTERNAL(active) = 1;
	TREE_THIS_VOLATILE(active) = 1;
	TREE_SIDE_EFFECTS(active) = 1;
	DECL_ARTIFICIAL(active) = 1;
	TREE_ADDRESSABLE(active) = 1;
	guard_active = active;
	return active;
}

enum bench_hook bench_hook_of_decl(tree fn)
{
	const char *name;

	if (!TREE_PUBLIC(fn) || !DECL_NAME(fn))
		return BENCH_HOOK_NONE;
	name = IDENTIFIER_POINTER(DECL_NAME(fn));
	if (!strcmp(name, "__bench_enter"))
		return BENCH_HOOK_ENTER;
	if (!strcmp(name, "__bench_exit"))
		return BENCH_HOOK_EXIT;
	return BENCH_HOOK_NONE;
}

static enum bench_hook hook_of(gimple *stmt)
{
	tree fn;
	enum bench_hook hook;

	if (!is_gimple_call(stmt) || !(fn = gimple_call_fndecl(stmt)))
		return BENCH_HOOK_NONE;
	hook = bench_hook_of_decl(fn);
	if ((hook == BENCH_HOOK_ENTER && gimple_call_num_args(stmt) != 1) ||
	    (hook == BENCH_HOOK_EXIT && gimple_call_num_args(stmt) != 2))
		return BENCH_HOOK_NONE;
	return hook;
}

/*
 * Makes CALL run only when COND (inserted just before it) is true:
 *
 *   BB: ...; COND              BB: ...; if (COND) goto THEN; else goto JOIN;
 *       CALL; REST       ->    THEN: CALL;
 *                              JOIN: REST
 *
 * TAKEN is the probability that the call runs.  Returns the edge from BB
 * to JOIN (the call skipped); THEN's single successor edge is the other.
 */
static edge make_conditional(gcall *call, gcond *cond, profile_probability taken)
{
	gimple_stmt_iterator gsi = gsi_for_stmt(call);
	basic_block bb, then_bb, join_bb;
	edge to_then, skip;

	gsi_insert_before(&gsi, cond, GSI_SAME_STMT);
	bb = gimple_bb(call);
	to_then = split_block(bb, cond);
	then_bb = to_then->dest;
	join_bb = split_block(then_bb, call)->dest;

	to_then->flags = (to_then->flags & ~EDGE_FALLTHRU) | EDGE_TRUE_VALUE;
	to_then->probability = taken;
	skip = make_edge(bb, join_bb, EDGE_FALSE_VALUE);
	skip->probability = taken.invert();
	then_bb->count = bb->count.apply_probability(taken);
	return skip;
}

/*
 * tok = __bench_enter (&site)  ->  active = __bench_active;
 *                                  if (active) tok' = __bench_enter (&site);
 *                                  tok = PHI <tok' (called), (uint64_t) active (skipped)>
 *
 * On the skipped path `active` is 0, so the token is 0 there as the exit
 * guard needs; taking it from `active` rather than a constant 0 lets
 * out-of-SSA give all three one register, where a constant would need a
 * copy on the (critical) skip edge, a block of its own in every RTL pass.
 * An enter whose token went unused (its exit was dead code: a noreturn
 * body) is still guarded.
 */
static void guard_enter(gcall *call)
{
	location_t loc = gimple_location(call);
	tree lhs = gimple_call_lhs(call), active = make_ssa_name(integer_type_node);
	gassign *load = gimple_build_assign(active, bench_active_decl());
	gimple_stmt_iterator gsi = gsi_for_stmt(call);
	tree skipped_tok = NULL_TREE;
	edge skip;

	/* The volatile load's vuse comes with the renaming of virtual
	 * operands at the end of the pass. */
	gimple_set_location(load, loc);
	gsi_insert_before(&gsi, load, GSI_SAME_STMT);
	if (lhs && TREE_CODE(lhs) == SSA_NAME) {
		gassign *widen;

		skipped_tok = make_ssa_name(TREE_TYPE(lhs));
		widen = gimple_build_assign(skipped_tok, NOP_EXPR, active);
		gimple_set_location(widen, loc);
		gsi_insert_before(&gsi, widen, GSI_SAME_STMT);
	} else if (lhs) {
		/* A token in memory (not seen at any -O level, but cheap to
		 * get right): clear it before the test. */
		gassign *clear = gimple_build_assign(unshare_expr(lhs),
						     build_zero_cst(TREE_TYPE(lhs)));

		gimple_set_location(clear, loc);
		gsi_insert_before(&gsi, clear, GSI_SAME_STMT);
	}
	skip = make_conditional(call, gimple_build_cond(NE_EXPR, active, integer_zero_node,
							NULL_TREE, NULL_TREE),
				profile_probability::guessed_always().apply_scale(1, 3));
	if (skipped_tok) {
		tree from_call = make_ssa_name(TREE_TYPE(lhs), call);
		gphi *phi;

		gimple_call_set_lhs(call, from_call);
		phi = create_phi_node(lhs, skip->dest);
		add_phi_arg(phi, from_call, single_succ_edge(gimple_bb(call)), loc);
		add_phi_arg(phi, skipped_tok, skip, loc);
	}
}

/* __bench_exit (&site, tok)  ->  if (tok) __bench_exit (&site, tok). */
static void guard_exit(gcall *call)
{
	tree tok = gimple_call_arg(call, 1);

	make_conditional(call, gimple_build_cond(NE_EXPR, tok, build_zero_cst(TREE_TYPE(tok)),
						 NULL_TREE, NULL_TREE),
			 profile_probability::guessed_always().apply_scale(2, 3));
}

static const pass_data guard_pass_data = {
	GIMPLE_PASS,                   /* type */
	"bench_guard",                 /* name */
	OPTGROUP_NONE,                 /* optinfo_flags */
	TV_NONE,                       /* tv_id */
	PROP_cfg | PROP_ssa,           /* properties_required */
	0,                             /* properties_provided */
	0,                             /* properties_destroyed */
	0,                             /* todo_flags_start */
	0,                             /* todo_flags_finish */
};

class guard_pass : public gimple_opt_pass {
public:
	guard_pass(gcc::context *ctx) : gimple_opt_pass(guard_pass_data, ctx) {}

	bool gate(function *) final override
	{
		return bench_guard_late() && !bench_guard_rtl_usable();
	}

	unsigned int execute(function *fun) final override
	{
		auto_vec<gcall *> enters, exits;
		basic_block bb;
		unsigned i;
		gcall *call;

		FOR_EACH_BB_FN(bb, fun) {
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
			     gsi_next(&gsi)) {
				switch (hook_of(gsi_stmt(gsi))) {
				case BENCH_HOOK_ENTER:
					enters.safe_push(as_a<gcall *>(gsi_stmt(gsi)));
					break;
				case BENCH_HOOK_EXIT:
					exits.safe_push(as_a<gcall *>(gsi_stmt(gsi)));
					break;
				case BENCH_HOOK_NONE:
					break;
				}
			}
		}
		if (enters.is_empty() && exits.is_empty())
			return 0;
		FOR_EACH_VEC_ELT(enters, i, call)
			guard_enter(call);
		FOR_EACH_VEC_ELT(exits, i, call)
			guard_exit(call);
		free_dominance_info(CDI_DOMINATORS);
		free_dominance_info(CDI_POST_DOMINATORS);
		mark_virtual_operands_for_renaming(fun);
		return TODO_update_ssa_only_virtuals;
	}
};

void bench_guard_register(const char *plugin_name)
{
	bench_register_pass(plugin_name, new guard_pass(g), "optimized", PASS_POS_INSERT_AFTER);
	bench_guard_rtl_register(plugin_name);
}
