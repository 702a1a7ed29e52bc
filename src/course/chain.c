/* chain.c — the reading order of a course without a navigation tree:
 * each lesson's `previous:` and `next:` front matter links the lessons
 * into chains, which are read head first, heads in file-name order. Self
 * links and loops are errors (a loop has no first lesson); a mostly linked
 * course with a gap is warned about where the second chain starts. With
 * no links at all, the order is the file names'. */
#include "course/course.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/nav.h"
#include "course/yamlx.h"

/* previous/next: "NN_x.html" → candidate index, or -1. */
static long chain_target(struct loader *L, const struct ynode *v)
{
	const char *s = yscalar(v);
	if (!s)
		return -1;
	char *file = nav_link_to_file(s, 1);
	if (!file)
		return -1;
	intptr_t ci;
	int ok = strmap_get(&L->cand_by_file, file, strlen(file), &ci);
	free(file);
	return ok ? (long)ci : -1;
}

/* The previous/next links of all candidates, as successors. */
struct chain {
	struct loader *L;
	size_t n;                     /* candidates */
	long *succ;                   /* the lesson after each, or -1 */
	size_t *indeg;                /* lessons leading to each */
	size_t *seen;                 /* chain number + 1 */
	const struct ynode **succ_at; /* where each one's `next` is written */
};

/* Successors from each candidate's `next`, and from `previous` where the
 * lesson before names no `next`. *any: some lesson has either. 0, or -1
 * when a lesson names itself. */
static int chain_links(struct chain *ch, int *any)
{
	struct loader *L = ch->L;
	int rc = 0;
	*any = 0;
	for (size_t i = 0; i < ch->n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		const struct ynode *nx = ymap_get(fm, "next"), *pv = ymap_get(fm, "previous");
		long t = chain_target(L, nx), p = chain_target(L, pv);
		if (nx || pv)
			*any = 1;
		if ((size_t)t == i || (size_t)p == i) {
			const struct ynode *at = (size_t)t == i ? nx : pv;
			diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at->line, at->col,
				 "`%s` names this lesson itself: a cycle in the reading order",
				 (size_t)t == i ? "next" : "previous");
			rc = -1;
			continue;
		}
		if (t >= 0) {
			ch->succ[i] = t;
			ch->succ_at[i] = nx;
		}
		for (int k = 0; k < 2; k++) {
			const struct ynode *v = k ? pv : nx;
			if (yscalar(v) && (k ? p : t) < 0)
				diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, v->line, v->col,
					 "`%s` names %s, but there is no such lesson; ignored",
					 k ? "previous" : "next", yscalar(v));
		}
	}
	/* `previous` fills in where the lesson before says no `next` */
	for (size_t i = 0; i < ch->n; i++) {
		long p = chain_target(L, ymap_get(L->cand[i].lp->fm.yaml.root, "previous"));
		if (p >= 0 && (size_t)p != i && ch->succ[p] < 0)
			ch->succ[p] = (long)i;
	}
	for (size_t i = 0; i < ch->n; i++)
		if (ch->succ[i] >= 0)
			ch->indeg[ch->succ[i]]++;
	return rc;
}

/* Every chain from its head, heads in file order, into *o; *chains is
 * how many there are and *second the head of the second. 0, or -1 when a
 * chain runs back into itself. */
static int chain_walk(struct chain *ch, struct order *o, size_t *chains, size_t *second)
{
	struct loader *L = ch->L;
	int rc = 0;
	*chains = *second = 0;
	for (size_t h = 0; h < ch->n; h++) {
		if (ch->indeg[h])
			continue;
		if (++*chains == 2)
			*second = h;
		long i = (long)h;
		for (;;) {
			ch->seen[i] = *chains;
			order_push(L, o, (size_t)i, NULL, NULL);
			long nx = ch->succ[i];
			if (nx < 0)
				break;
			const struct ynode *at = ch->succ_at[i];
			if (ch->seen[nx] == *chains) {
				diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "previous/next links go round in a cycle: %s leads back to %s",
					 L->cand[i].file, L->cand[nx].file);
				rc = -1;
				break;
			}
			if (ch->seen[nx]) {
				diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "%s already has its place in the reading order; this `next` is ignored",
					 L->cand[nx].file);
				break;
			}
			i = nx;
		}
	}
	return rc;
}

/* What no head reaches is a closed loop: an error each. 0, or -1. */
static int chain_loops(struct chain *ch)
{
	struct loader *L = ch->L;
	int rc = 0;
	for (size_t i = 0; i < ch->n; i++) {
		if (ch->seen[i])
			continue;
		struct buf b = BUF_INIT;
		long j = (long)i, last = (long)i;
		do {
			ch->seen[j] = (size_t)-1;
			buf_printf(&b, "%s → ", L->cand[j].file);
			last = j;
			j = ch->succ[j];
		} while (j >= 0 && !ch->seen[j]);
		buf_puts(&b, j >= 0 ? L->cand[j].file : "?");
		const struct ynode *at = ch->succ_at[last];
		diag_add(&L->order_d, DIAG_ERROR, L->cand[last].path, at ? at->line : 0,
			 at ? at->col : 0, "previous/next links go round in a cycle: %s",
			 buf_cstr(&b));
		buf_free(&b);
		rc = -1;
	}
	return rc;
}

/* A course where most lessons have no previous/next simply uses file
 * names; only a mostly linked course has a gap worth pointing at, and
 * the author fixes it where the second chain starts. */
static void chain_gap(struct chain *ch, size_t chains, size_t second)
{
	struct loader *L = ch->L;
	size_t linked = 0;
	for (size_t i = 0; i < ch->n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		if (ymap_get(fm, "next") || ymap_get(fm, "previous"))
			linked++;
	}
	if (chains > 1 && 2 * linked >= ch->n) {
		const struct ynode *fm = L->cand[second].lp->fm.yaml.root;
		const struct ynode *at = ymap_get(fm, "previous");
		if (!at)
			at = ymap_get(fm, "next");
		diag_add(&L->order_d, DIAG_WARNING, L->cand[second].path, at ? at->line : 0,
			 at ? at->col : 0,
			 "previous/next links form %zu separate chains and the second starts at this "
			 "lesson, which no lesson links to; they are joined in file-name order",
			 chains);
	}
}

int order_by_chain(struct loader *L, struct order *o, const struct ynode *title)
{
	size_t n = L->n_cand, m = n ? n : 1;
	struct chain ch = {L, n, NULL, NULL, NULL, NULL};
	ch.succ = xmalloc(m * sizeof *ch.succ);
	ch.indeg = xcalloc(m, sizeof *ch.indeg);
	ch.seen = xcalloc(m, sizeof *ch.seen);
	ch.succ_at = xcalloc(m, sizeof *ch.succ_at);
	for (size_t i = 0; i < n; i++)
		ch.succ[i] = -1;
	int any, rc = chain_links(&ch, &any);
	order_add_section(L->b, yscalar(title) ? yscalar(title) : "", L->config_yml_path,
			  title ? title->line : 0, title ? title->col : 0);
	if (!any || rc) {
		for (size_t i = 0; !rc && i < n; i++)
			order_push(L, o, i, NULL, NULL);
	} else {
		size_t chains, second;
		rc = chain_walk(&ch, o, &chains, &second);
		if (chain_loops(&ch))
			rc = -1;
		chain_gap(&ch, chains, second);
	}
	free(ch.succ);
	free(ch.indeg);
	free(ch.seen);
	free(ch.succ_at);
	return rc;
}
