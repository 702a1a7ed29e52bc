/* test_linebreak.c — Knuth–Plass line breaking on paragraphs whose best
 * breaks can be worked out by hand, and hyphenation points. */
#include <stdlib.h>

#include "typeset/hyph.h"
#include "typeset/linebreak.h"
#include "unit.h"

static struct lb_item box(double w)
{
	struct lb_item x = {LB_BOX, w, 0, 0, 0, 0};
	return x;
}

static struct lb_item glue(double w, double st, double sh)
{
	struct lb_item x = {LB_GLUE, w, st, sh, 0, 0};
	return x;
}

static struct lb_item penalty(double w, int p, int flagged)
{
	struct lb_item x = {LB_PENALTY, w, 0, 0, p, flagged};
	return x;
}

/* words separated by glue, ending with fill and a forced break */
static size_t para(struct lb_item *v, const double *words, size_t n, double gw, double st,
		   double sh)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			v[k++] = glue(gw, st, sh);
		v[k++] = box(words[i]);
	}
	v[k++] = glue(0, LB_FIL, 0);
	v[k++] = penalty(0, LB_FORCE, 0);
	return k;
}

int main(void)
{
	struct lb_item v[64];
	struct lb_line *L;

	/* nine words of 10 with spaces of 2 on a 34-wide line: exactly 3 a line */
	double nine[9] = {10, 10, 10, 10, 10, 10, 10, 10, 10};
	size_t n = para(v, nine, 9, 2, 1, 1);
	size_t nl = linebreak(v, n, 34, 2, &L);
	CHECK("kp: exact fit gives 3 lines", nl == 3);
	CHECK("kp: exact fit breaks after word 3 and 6", nl == 3 && L[0].end == 5 && L[1].end == 11);
	CHECK("kp: exact fit lines are not stretched", nl == 3 && L[0].ratio == 0 && L[1].ratio == 0);
	CHECK("kp: second line starts at a box", nl == 3 && v[L[1].start].type == LB_BOX);
	free(L);

	/* Filling line 1 (A B C = 100 exactly) leaves D alone on line 2 with no
	 * space to stretch; total fit instead sets A B | C D | E F. */
	double six[6] = {30, 30, 20, 45, 60, 30};
	n = para(v, six, 6, 10, 20, 0);
	nl = linebreak(v, n, 100, 2, &L);
	CHECK("kp: total fit takes 3 lines", nl == 3);
	CHECK("kp: total fit breaks after B and after D",
	      nl == 3 && L[0].end == 3 && L[1].end == 7);
	CHECK("kp: total fit line 1 ratio 1.5", nl == 3 && L[0].ratio > 1.49 && L[0].ratio < 1.51);
	free(L);

	/* a hyphenation point is used when it avoids a loose line */
	struct lb_item h[16];
	size_t k = 0;
	h[k++] = box(40);
	h[k++] = glue(10, 5, 3);
	h[k++] = box(35); /* "hyph" */
	h[k++] = penalty(5, 50, 1);
	h[k++] = box(40); /* "enation" */
	h[k++] = glue(10, 5, 3);
	h[k++] = box(30);
	h[k++] = glue(0, LB_FIL, 0);
	h[k++] = penalty(0, LB_FORCE, 0);
	nl = linebreak(h, k, 90, 2, &L);
	CHECK("kp: breaks at the hyphen", nl == 2 && L[0].end == 3);
	free(L);

	/* a box wider than the line: no feasible breaks, still a result */
	double wide[3] = {10, 500, 10};
	n = para(v, wide, 3, 2, 1, 1);
	nl = linebreak(v, n, 100, 2, &L);
	CHECK("kp: overfull box gets a line, nothing lost", nl >= 2 && L[nl - 1].end == n - 1);
	free(L);

	/* a forced break in the middle ends a line there */
	k = 0;
	h[k++] = box(10);
	h[k++] = glue(2, 1, 1);
	h[k++] = box(10);
	h[k++] = glue(0, LB_FIL, 0);
	h[k++] = penalty(0, LB_FORCE, 0);
	h[k++] = box(10);
	h[k++] = glue(0, LB_FIL, 0);
	h[k++] = penalty(0, LB_FORCE, 0);
	nl = linebreak(h, k, 100, 2, &L);
	CHECK("kp: hard break makes two lines", nl == 2 && L[0].end == 4);
	free(L);

	struct hyph *hy = hyph_open(HYPH_EN_US);
	CHECK("hyph: patterns load", hy != NULL);
	char ok[32];
	hyph_points(hy, "hyphenation", 11, ok);
	CHECK("hyph: hy-phen-ation", ok[1] && ok[5] && !ok[0] && !ok[2]);
	hyph_points(hy, "Paragraph", 9, ok);
	CHECK("hyph: capitalised words too", ok[1] || ok[2] || ok[3] || ok[4] || ok[5]);
	hyph_points(hy, "cat", 3, ok);
	CHECK("hyph: short words never break", !ok[0] && !ok[1] && !ok[2]);
	hyph_close(hy);
	return unit_done();
}
