/* linebreak.c — the Knuth–Plass algorithm (Breaking Paragraphs into Lines,
 * 1981) with fitness classes and flagged-penalty demerits.
 *
 * Active breakpoints are kept in one array used as a list; a breakpoint
 * leaves the active list as soon as the text after it no longer fits on a
 * line (ratio < -1), so with ordinary text the list stays a handful of
 * nodes and the whole run is linear in the paragraph's length. */
#include <math.h>
#include <stdlib.h>

#include "typeset/linebreak.h"
#include "base/util.h"

struct node {
	size_t pos;       /* index of the break item (or 0 for the start) */
	size_t line;      /* number of lines ending here */
	int fitness;      /* 0 tight, 1 decent, 2 loose, 3 very loose */
	double w, y, z;   /* totals of width, stretch, shrink after the break */
	double demerits;  /* total from the paragraph start */
	double ratio;     /* of the line ending here */
	long prev;        /* index of the previous node in the pool, -1 for none */
	long next_active; /* next node on the active list, -1 at the end */
};

struct sums {
	double w, y, z;
};

static int fitness_of(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

/* Totals from the start to just after a break at b: glue and penalties
 * that follow a break vanish, up to the next box or forced break. */
static struct sums after_break(const struct lb_item *it, size_t n, size_t b, struct sums s)
{
	for (size_t i = b; i < n; i++) {
		if (it[i].type == LB_BOX)
			break;
		if (it[i].type == LB_GLUE) {
			s.w += it[i].width;
			s.y += it[i].stretch;
			s.z += it[i].shrink;
		} else if (it[i].penalty <= LB_FORCE && i > b) {
			break;
		}
	}
	return s;
}

/* One Knuth–Plass pass; returns the number of lines, 0 if none fits. */
static size_t kp_pass(const struct lb_item *it, size_t n, double width, double tol,
		      struct lb_line **out)
{
	struct node *pool = NULL;
	size_t npool = 0, cap = 0;
	pool = xgrow(pool, &cap, 1, sizeof *pool);
	pool[0] = (struct node){0, 0, 1, 0, 0, 0, 0, 0, -1, -1};
	npool = 1;
	long active = 0;
	struct sums tot = {0, 0, 0};
	size_t result = 0;

	for (size_t i = 0; i < n && active >= 0; i++) {
		const struct lb_item *x = &it[i];
		int legal = 0;
		if (x->type == LB_BOX) {
			tot.w += x->width;
			continue;
		}
		if (x->type == LB_GLUE) {
			legal = i > 0 && it[i - 1].type == LB_BOX;
		} else {
			legal = x->penalty < LB_INF;
		}
		if (legal) {
			/* best new node per fitness class */
			double best_d[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
			long best_from[4] = {-1, -1, -1, -1};
			double best_r[4] = {0};
			long prev_a = -1;
			for (long a = active; a >= 0;) {
				struct node *A = &pool[a];
				long next = A->next_active;
				double L = tot.w - A->w + (x->type == LB_PENALTY ? x->width : 0);
				double r;
				if (L < width) {
					double Y = tot.y - A->y;
					r = Y > 0 ? (width - L) / Y : INFINITY;
				} else if (L > width) {
					double Z = tot.z - A->z;
					r = Z > 0 ? (width - L) / Z : -INFINITY;
				} else {
					r = 0;
				}
				if (r < -1 || (x->type == LB_PENALTY && x->penalty <= LB_FORCE)) {
					/* deactivate a */
					if (prev_a < 0)
						active = next;
					else
						pool[prev_a].next_active = next;
				} else {
					prev_a = a;
				}
				if (r >= -1 && r <= tol) {
					double bad = 100 * pow(fabs(r), 3);
					double d = (10 + bad) * (10 + bad);
					int p = x->type == LB_PENALTY ? x->penalty : 0;
					if (p >= 0)
						d += (double)p * p;
					else if (p > LB_FORCE)
						d -= (double)p * p;
					if (x->type == LB_PENALTY && x->flagged && A->pos < n &&
					    it[A->pos].type == LB_PENALTY && it[A->pos].flagged && A->line > 0)
						d += 3000;
					int f = fitness_of(r);
					if (A->line > 0 && abs(f - A->fitness) > 1)
						d += 3000;
					d += A->demerits;
					if (d < best_d[f]) {
						best_d[f] = d;
						best_from[f] = a;
						best_r[f] = r;
					}
				}
				a = next;
			}
			struct sums s = after_break(it, n, i, tot);
			for (int f = 0; f < 4; f++) {
				if (best_from[f] < 0)
					continue;
				pool = xgrow(pool, &cap, npool + 1, sizeof *pool);
				struct node *B = &pool[npool];
				B->pos = i;
				B->line = pool[best_from[f]].line + 1;
				B->fitness = f;
				B->w = s.w;
				B->y = s.y;
				B->z = s.z;
				B->demerits = best_d[f];
				B->ratio = best_r[f];
				B->prev = best_from[f];
				B->next_active = active;
				active = (long)npool;
				npool++;
			}
		}
		if (x->type == LB_GLUE) {
			tot.w += x->width;
			tot.y += x->stretch;
			tot.z += x->shrink;
		}
	}
	/* the best node that ends at the last item */
	long best = -1;
	for (size_t k = 1; k < npool; k++)
		if (pool[k].pos == n - 1 && (best < 0 || pool[k].demerits < pool[best].demerits))
			best = (long)k;
	if (best >= 0) {
		result = pool[best].line;
		struct lb_line *L = xcalloc(result, sizeof *L);
		for (long k = best; k > 0; k = pool[k].prev) {
			struct node *B = &pool[k];
			size_t li = B->line - 1;
			L[li].end = B->pos;
			L[li].ratio = B->ratio;
			size_t start = pool[B->prev].pos;
			if (B->prev > 0) {
				/* skip discardable items after the previous break */
				start++;
				while (start < B->pos && it[start].type != LB_BOX)
					start++;
			}
			L[li].start = start;
		}
		*out = L;
	}
	free(pool);
	return result;
}

/* Last resort: first fit; a box wider than the line gets a line of its own. */
static size_t greedy(const struct lb_item *it, size_t n, double width, struct lb_line **out)
{
	struct lb_line *L = NULL;
	size_t nl = 0, cap = 0;
	size_t s = 0;
	while (s < n && it[s].type != LB_BOX && !(it[s].type == LB_PENALTY && it[s].penalty <= LB_FORCE))
		s++;
	while (s < n) {
		double w = 0;
		size_t lb = (size_t)-1, i;
		for (i = s; i < n; i++) {
			const struct lb_item *x = &it[i];
			if (x->type == LB_PENALTY && x->penalty <= LB_FORCE)
				break;
			if (x->type == LB_BOX) {
				if (w + x->width > width && lb != (size_t)-1) {
					i = lb;
					break;
				}
				w += x->width;
			} else if (x->type == LB_GLUE) {
				if (it[i - 1].type == LB_BOX)
					lb = i;
				w += x->width;
			} else if (x->penalty < LB_INF && w + x->width <= width) {
				lb = i;
			}
		}
		if (i >= n)
			i = n - 1;
		L = xgrow(L, &cap, nl + 1, sizeof *L);
		L[nl++] = (struct lb_line){s, i, 0};
		s = i + 1;
		while (s < n && it[s].type != LB_BOX &&
		       !(it[s].type == LB_PENALTY && it[s].penalty <= LB_FORCE))
			s++;
		if (s < n && it[s].type == LB_PENALTY && s == n - 1)
			break;
	}
	*out = L;
	return nl;
}

size_t linebreak(const struct lb_item *items, size_t n, double width, double tolerance,
		 struct lb_line **lines)
{
	*lines = NULL;
	if (n == 0)
		return 0;
	size_t k = kp_pass(items, n, width, tolerance, lines);
	if (!k)
		k = kp_pass(items, n, width, tolerance * 5 + 10, lines);
	if (!k)
		k = greedy(items, n, width, lines);
	return k;
}
