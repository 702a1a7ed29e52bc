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

/* No navigation tree: follow previous/next, else file names. */
int order_by_chain(struct loader *L, struct order *o, const struct ynode *title)
{
	size_t n = L->n_cand, m = n ? n : 1;
	long *succ = xmalloc(m * sizeof *succ);
	size_t *indeg = xcalloc(m, sizeof *indeg);
	size_t *seen = xcalloc(m, sizeof *seen); /* chain number + 1 */
	const struct ynode **succ_at = xcalloc(m, sizeof *succ_at);
	int any = 0, rc = 0;
	for (size_t i = 0; i < n; i++)
		succ[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		const struct ynode *nx = ymap_get(fm, "next"), *pv = ymap_get(fm, "previous");
		long t = chain_target(L, nx), p = chain_target(L, pv);
		if (nx || pv)
			any = 1;
		if ((size_t)t == i || (size_t)p == i) {
			const struct ynode *at = (size_t)t == i ? nx : pv;
			diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at->line, at->col,
				 "`%s` names this lesson itself: a cycle in the reading order",
				 (size_t)t == i ? "next" : "previous");
			rc = -1;
			continue;
		}
		if (t >= 0) {
			succ[i] = t;
			succ_at[i] = nx;
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
	for (size_t i = 0; i < n; i++) {
		long p = chain_target(L, ymap_get(L->cand[i].lp->fm.yaml.root, "previous"));
		if (p >= 0 && (size_t)p != i && succ[p] < 0)
			succ[p] = (long)i;
	}
	for (size_t i = 0; i < n; i++)
		if (succ[i] >= 0)
			indeg[succ[i]]++;
	order_add_section(L->b, yscalar(title) ? yscalar(title) : "", L->config_yml_path,
			 title ? title->line : 0, title ? title->col : 0);
	if (!any || rc) {
		for (size_t i = 0; !rc && i < n; i++)
			order_push(L, o, i, NULL, NULL);
		goto out;
	}
	/* every chain from its head, heads in file order */
	size_t chains = 0, second = 0;
	for (size_t h = 0; h < n; h++) {
		if (indeg[h])
			continue;
		if (++chains == 2)
			second = h;
		long i = (long)h;
		for (;;) {
			seen[i] = chains;
			order_push(L, o, (size_t)i, NULL, NULL);
			long nx = succ[i];
			if (nx < 0)
				break;
			if (seen[nx] == chains) {
				const struct ynode *at = succ_at[i];
				diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "previous/next links go round in a cycle: %s leads back to %s",
					 L->cand[i].file, L->cand[nx].file);
				rc = -1;
				break;
			}
			if (seen[nx]) {
				const struct ynode *at = succ_at[i];
				diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "%s already has its place in the reading order; this `next` is ignored",
					 L->cand[nx].file);
				break;
			}
			i = nx;
		}
	}
	/* what no head reaches is a closed loop */
	for (size_t i = 0; i < n; i++) {
		if (seen[i])
			continue;
		struct buf b = BUF_INIT;
		long j = (long)i, last = (long)i;
		do {
			seen[j] = (size_t)-1;
			buf_printf(&b, "%s → ", L->cand[j].file);
			last = j;
			j = succ[j];
		} while (j >= 0 && !seen[j]);
		buf_puts(&b, j >= 0 ? L->cand[j].file : "?");
		const struct ynode *at = succ_at[last];
		diag_add(&L->order_d, DIAG_ERROR, L->cand[last].path, at ? at->line : 0,
			 at ? at->col : 0, "previous/next links go round in a cycle: %s",
			 buf_cstr(&b));
		buf_free(&b);
		rc = -1;
	}
	/* A course where most lessons have no previous/next simply uses file
	 * names; only a mostly linked course has a gap worth pointing at, and
	 * the author fixes it where the second chain starts. */
	size_t linked = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		if (ymap_get(fm, "next") || ymap_get(fm, "previous"))
			linked++;
	}
	if (chains > 1 && 2 * linked >= n) {
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
out:
	free(succ);
	free(indeg);
	free(seen);
	free(succ_at);
	return rc;
}
