/* linebreak.h — Knuth–Plass total-fit line breaking.
 *
 * A paragraph is a list of boxes (fixed width), glue (width that can
 * stretch and shrink) and penalties (possible breaks with a cost; flagged
 * ones are hyphens). linebreak() chooses the breaks that minimise the sum
 * of demerits over the whole paragraph, as TeX does, rather than filling
 * each line greedily. Widths are in points. The list must end with a
 * forced break (penalty LB_FORCE), normally after infinite-stretch glue. */
#ifndef OCTAVO_LINEBREAK_H
#define OCTAVO_LINEBREAK_H

#include <stddef.h>

#define LB_INF 10000    /* penalty >= this: never break here */
#define LB_FORCE -10000 /* penalty <= this: must break here */
#define LB_FIL 1e6      /* stretch that behaves as infinite */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	double width;   /* pt; for a penalty, the width added if we break there (a hyphen) */
	double stretch; /* pt, glue only */
	double shrink;  /* pt, glue only */
	int penalty;    /* penalty only */
	int flagged;    /* penalty only: a hyphen break */
};

struct lb_line {
	size_t start, end; /* items [start, end) are on the line; end is the break item */
	double ratio;      /* adjustment ratio: glue grows by ratio*stretch (or shrinks) */
};

/* Break items[0..n) into lines of `width` pt. Returns the number of lines
 * and sets *lines (malloc'd; caller frees). Never fails: if no set of breaks
 * keeps every line within `tolerance` (max adjustment ratio, e.g. 2), it
 * retries looser, and as a last resort fills greedily, letting lines run
 * overfull only where a single box is wider than the line. */
size_t linebreak(const struct lb_item *items, size_t n, double width, double tolerance,
		 struct lb_line **lines);

/* One try at breaking items[0..n) with every line within `tolerance`:
 * the number of lines and *lines as linebreak() gives them, or 0 (and
 * *lines NULL) when there is no such set of breaks. */
size_t linebreak_try(const struct lb_item *items, size_t n, double width, double tolerance,
		     struct lb_line **lines);

#endif
