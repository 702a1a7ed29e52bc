/* levels.c — heading levels that never skip.
 *
 * A lesson that goes from `#` straight to `###` reads fine on screen, but
 * a screen reader user who lists the headings finds a level missing and
 * wonders what was lost (WCAG 1.3.1; Ace by DAISY's heading-order). The
 * loader keeps the heading's text, warns at the heading, and gives it the
 * level one below the heading before it; both back ends and `octavo toc`
 * ask for that level (book_node_heading_level), so the PDF outline, the
 * EPUB and the toc agree. A lesson without skips keeps its levels as
 * written.
 *
 * The lesson's title is level 1 (both back ends print it when the lesson
 * has no `#` heading), so a lesson may open with `##` but not with `###`.
 * A callout's title (`> ## Note`, a heading that opens a block quote) is
 * not a heading in either book and is left alone. */
#include "course/course.h"

/* A heading that opens a block quote titles a callout in both back ends
 * (src/pdf/blocks.c block_quote, src/epub/xhtml_block.c callout_kind). */
static int callout_title(cmark_node *n)
{
	cmark_node *p = cmark_node_parent(n);
	return p && cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE &&
	       cmark_node_first_child(p) == n;
}

static int source_level(cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	return level < 1 || level > 6 ? 6 : level;
}

/* from is the level jumped from, 0 for the lesson's title. */
static void warn_jump(struct lesson *l, cmark_node *n, int from, int src,
                      int level)
{
	if (from)
		node_diag(l, n, DIAG_WARNING,
		          "heading jumps from level %d to level %d; "
		          "the book shows it at level %d",
		          from, src, level);
	else
		node_diag(l, n, DIAG_WARNING,
		          "heading jumps from the lesson title (level 1) to "
		          "level %d; the book shows it at level %d",
		          src, level);
}

void fix_heading_levels(struct lesson *l)
{
	struct lesson_priv *lp = l->front;
	int prev_src = 1, prev = 1, any = 0;
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_HEADING ||
		    callout_title(n))
			continue;
		int src = source_level(n);
		int level = src > prev + 1 ? prev + 1 : src;
		/* one warning per jump the author wrote: the headings under a
		 * moved one follow it without a warning of their own */
		if (src > prev_src + 1)
			warn_jump(l, n, any ? prev_src : 0, src, level);
		info_of(lp, n)->level = level;
		prev_src = src;
		prev = level;
		any = 1;
	}
	cmark_iter_free(it);
	for (size_t k = 0; k < l->n_headings; k++)
		l->headings[k].level =
		    book_node_heading_level(l->headings[k].node);
}

int book_node_heading_level(cmark_node *node)
{
	const struct node_info *in =
	    node ? cmark_node_get_user_data(node) : NULL;
	if (in && in->level > 0)
		return in->level;
	return node && cmark_node_get_type(node) == CMARK_NODE_HEADING
	           ? source_level(node)
	           : 0;
}
