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

/* One Knuth–Plass pass over a paragraph: the items, the pool of
 * breakpoints found so far, the active list threaded through the pool,
 * and the totals from the paragraph's start to the item at hand. */
struct kp {
	const struct lb_item *it;
	size_t n;
	double width, tol;
	struct node *pool;
	size_t npool, cap;
	long active; /* first node of the active list, -1 when empty */
	struct sums tot;
};

/* The best way found to break at the item at hand, per fitness class. */
struct best {
	double d[4];  /* total demerits */
	long from[4]; /* the node the line starts after, -1 none */
	double r[4];  /* the line's adjustment ratio */
};

/* Adjustment ratio of a line from just after node A to a break at x. */
static inline double line_ratio(const struct kp *K, const struct node *A,
				 const struct lb_item *x)
{
	double L = K->tot.w - A->w + (x->type == LB_PENALTY ? x->width : 0);
	double r;
	if (L < K->width) {
		double Y = K->tot.y - A->y;
		r = Y > 0 ? (K->width - L) / Y : INFINITY;
	} else if (L > K->width) {
		double Z = K->tot.z - A->z;
		r = Z > 0 ? (K->width - L) / Z : -INFINITY;
	} else {
		r = 0;
	}
	return r;
}

/* Total demerits of a line from after node A to a break at x, set at
 * ratio r in fitness class f. */
static inline double line_demerits(const struct kp *K, const struct node *A,
				   const struct lb_item *x, double r, int f)
{
	double bad = 100 * pow(fabs(r), 3);
	double d = (10 + bad) * (10 + bad);
	int p = x->type == LB_PENALTY ? x->penalty : 0;
	if (p >= 0)
		d += (double)p * p;
	else if (p > LB_FORCE)
		d -= (double)p * p;
	/* two hyphens in a row */
	if (x->type == LB_PENALTY && x->flagged && A->pos < K->n &&
	    K->it[A->pos].type == LB_PENALTY && K->it[A->pos].flagged && A->line > 0)
		d += 3000;
	/* a tight line next to a loose one */
	if (A->line > 0 && abs(f - A->fitness) > 1)
		d += 3000;
	return d + A->demerits;
}

/* Try a break at item i from every active node, keeping the best per
 * fitness class in b; a node the line from it overflows leaves the
 * active list (so does every node at a forced break). */
static inline void try_break(struct kp *K, size_t i, struct best *b)
{
	const struct lb_item *x = &K->it[i];
	long prev_a = -1;
	for (long a = K->active; a >= 0;) {
		struct node *A = &K->pool[a];
		long next = A->next_active;
		double r = line_ratio(K, A, x);
		if (r < -1 || (x->type == LB_PENALTY && x->penalty <= LB_FORCE)) {
			if (prev_a < 0)
				K->active = next;
			else
				K->pool[prev_a].next_active = next;
		} else {
			prev_a = a;
		}
		if (r >= -1 && r <= K->tol) {
			int f = fitness_of(r);
			double d = line_demerits(K, A, x, r, f);
			if (d < b->d[f]) {
				b->d[f] = d;
				b->from[f] = a;
				b->r[f] = r;
			}
		}
		a = next;
	}
}

/* A new active node for each fitness class b found a break at item i in. */
static inline void add_nodes(struct kp *K, size_t i, const struct best *b)
{
	struct sums s = after_break(K->it, K->n, i, K->tot);
	for (int f = 0; f < 4; f++) {
		if (b->from[f] < 0)
			continue;
		K->pool = xgrow(K->pool, &K->cap, K->npool + 1, sizeof *K->pool);
		struct node *B = &K->pool[K->npool];
		B->pos = i;
		B->line = K->pool[b->from[f]].line + 1;
		B->fitness = f;
		B->w = s.w;
		B->y = s.y;
		B->z = s.z;
		B->demerits = b->d[f];
		B->ratio = b->r[f];
		B->prev = b->from[f];
		B->next_active = K->active;
		K->active = (long)K->npool;
		K->npool++;
	}
}

/* The lines of the best node that ends at the last item: their number,
 * and *out (malloc'd) when there is one; 0 when no node got there. */
static size_t best_lines(const struct kp *K, struct lb_line **out)
{
	const struct node *pool = K->pool;
	long best = -1;
	for (size_t k = 1; k < K->npool; k++)
		if (pool[k].pos == K->n - 1 && (best < 0 || pool[k].demerits < pool[best].demerits))
			best = (long)k;
	if (best < 0)
		return 0;
	size_t result = pool[best].line;
	struct lb_line *L = xcalloc(result, sizeof *L);
	for (long k = best; k > 0; k = pool[k].prev) {
		const struct node *B = &pool[k];
		size_t li = B->line - 1;
		L[li].end = B->pos;
		L[li].ratio = B->ratio;
		size_t start = pool[B->prev].pos;
		if (B->prev > 0) {
			/* skip discardable items after the previous break */
			start++;
			while (start < B->pos && K->it[start].type != LB_BOX)
				start++;
		}
		L[li].start = start;
	}
	*out = L;
	return result;
}

/* One Knuth–Plass pass; returns the number of lines, 0 if none fits. */
static size_t kp_pass(const struct lb_item *it, size_t n, double width, double tol,
		      struct lb_line **out)
{
	struct kp K = {it, n, width, tol, NULL, 0, 0, 0, {0, 0, 0}};
	K.pool = xgrow(K.pool, &K.cap, 1, sizeof *K.pool);
	K.pool[0] = (struct node){0, 0, 1, 0, 0, 0, 0, 0, -1, -1};
	K.npool = 1;
	for (size_t i = 0; i < n && K.active >= 0; i++) {
		const struct lb_item *x = &it[i];
		if (x->type == LB_BOX) {
			K.tot.w += x->width;
			continue;
		}
		int legal = x->type == LB_GLUE ? i > 0 && it[i - 1].type == LB_BOX
					       : x->penalty < LB_INF;
		if (legal) {
			struct best b = {{INFINITY, INFINITY, INFINITY, INFINITY},
					 {-1, -1, -1, -1},
					 {0}};
			try_break(&K, i, &b);
			add_nodes(&K, i, &b);
		}
		if (x->type == LB_GLUE) {
			K.tot.w += x->width;
			K.tot.y += x->stretch;
			K.tot.z += x->shrink;
		}
	}
	size_t result = best_lines(&K, out);
	free(K.pool);
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

size_t linebreak_try(const struct lb_item *items, size_t n, double width, double tolerance,
		     struct lb_line **lines)
{
	*lines = NULL;
	size_t k = n ? kp_pass(items, n, width, tolerance, lines) : 0;
	if (!k) {
		free(*lines);
		*lines = NULL;
	}
	return k;
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
