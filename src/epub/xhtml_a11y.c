/* xhtml_a11y.c — what the XHTML writer checks and fixes in raw HTML for
 * readers who use a screen reader: heading levels and alt text.
 *
 * Headings. The loader gives every Markdown heading a level that never skips
 * (src/course/levels.c), but it does not read raw HTML, and lessons paste
 * HTML that holds headings of its own (`<h1>` in a template shown without
 * a fence, say). A reader that lists headings would then find levels
 * jumping again (WCAG 1.3.1). Each raw heading is therefore given a level
 * from the one of the heading before it (r->last_level) to one below it:
 * it never skips, and the Markdown heading after it, which is at most one
 * below the heading before the raw one, never skips from it either. The
 * text stays as it is; the change is reported at the HTML block.
 *
 * Alt text. An <img> without alt text is written with alt="" (the
 * cleaner's choice, so the XHTML stays valid), which tells a screen reader
 * to skip it: the book then does not meet WCAG 1.1.1, and the EPUB makes
 * no conformance claim (epub_opf.c). Markdown images are checked where
 * they are written (xhtml_inline.c). */
#include <string.h>

#include "epub/xhtml_node.h"

#define MAX_OPEN_HEADINGS 16

static int fit(int level, int last)
{
	if (level > last + 1)
		return last + 1;
	return level < last ? last : level;
}

/* The level digit of a heading tag at p ("<h2 " or "<h2>"; closing
 * when p[1] is '/'), or 0. The cleaner's output is well-formed XHTML with
 * every '<' in text and attributes escaped, so a tag is a tag. */
static int tag_level(const char *p, const char *end, int closing)
{
	p += closing ? 2 : 1;
	if (end - p < 3 || p[0] != 'h' || p[1] < '1' || p[1] > '6')
		return 0;
	if (p[2] != '>' && p[2] != ' ' && p[2] != '/')
		return 0;
	return p[1] - '0';
}

void xh_fit_raw_headings(struct render *r, cmark_node *n, size_t from)
{
	char *s = r->out->ptr;
	char *end = s ? s + r->out->len : NULL;
	char stack[MAX_OPEN_HEADINGS];
	int depth = 0, was = 0, now = 0;
	for (char *p = s ? s + from : NULL;
	     p && (p = memchr(p, '<', (size_t)(end - p))); p++) {
		int closing = p + 1 < end && p[1] == '/';
		int level = tag_level(p, end, closing);
		if (!level)
			continue;
		char *digit = p + (closing ? 3 : 2);
		if (closing) {
			if (depth)
				*digit = stack[--depth];
			continue;
		}
		int fitted = fit(level, r->last_level);
		if (fitted != level && !was)
			was = level, now = fitted;
		*digit = (char)('0' + fitted);
		if (depth < MAX_OPEN_HEADINGS)
			stack[depth++] = *digit;
		r->last_level = fitted;
	}
	if (was && r->d)
		diag_add(
		    r->d, DIAG_WARNING, r->l ? r->l->path : NULL,
		    xh_file_line(r, n), cmark_node_get_start_column(n),
		    "raw HTML <h%d> is written as <h%d> so that heading levels "
		    "do not skip",
		    was, now);
}

/* Whether the <img ...> tag at p (up to end) has alt="". */
static int img_without_alt(const char *p, const char *end)
{
	const char *close = memchr(p, '>', (size_t)(end - p));
	if (!close)
		return 0;
	for (const char *q = p; q + 7 <= close; q++)
		if (!memcmp(q, " alt=\"\"", 7))
			return 1;
	return 0;
}

void xh_check_raw_alt(struct render *r, cmark_node *n, size_t from)
{
	const char *s = r->out->ptr;
	const char *end = s ? s + r->out->len : NULL;
	int missing = 0;
	for (const char *p = s ? s + from : NULL;
	     p && end - p > 5 && (p = memmem(p, (size_t)(end - p), "<img ", 5)); p++)
		if (img_without_alt(p, end))
			missing++;
	if (!missing)
		return;
	r->no_alt += missing;
	if (r->d)
		diag_add(r->d, DIAG_WARNING, r->l ? r->l->path : NULL,
			 xh_file_line(r, n), cmark_node_get_start_column(n),
			 "raw HTML <img> has no alt text; the EPUB makes no "
			 "accessibility conformance claim");
}
