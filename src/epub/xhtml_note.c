/* xhtml_note.c — footnotes in the XHTML writer (see xhtml_node.h):
 * references as EPUB noterefs, each with an id of its own so the note can
 * link back to the first, and definitions as footnote <aside>s after a
 * rule, numbered the way cmark-gfm numbers the references. */
#include <stdlib.h>
#include <string.h>

#include "epub/xhtml_node.h"
#include "base/util.h"

void xh_footnote_def(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	(void)n;
	if (!entering) {
		r->fn_backlink = 0;
		buf_puts(r->out, "</aside>\n");
		return;
	}
	/* cmark-gfm moves definitions to the end, in reference order, and
	 * numbers references the same way: the k-th definition is note k */
	int num = ++r->fn_defs;
	if (num == 1)
		buf_puts(r->out, "<hr class=\"footnotes\"/>\n");
	buf_printf(r->out, "<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" id=\"FN%d\">\n",
		   num);
	r->fn_backlink = num;
}

void xh_footnote_ref(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (!entering || r->skip_until)
		return;
	const char *lit = cmark_node_get_literal(n);
	int num = lit ? atoi(lit) : 0;
	if (num <= 0 || num > 100000) {
		put_text(r, lit);
		return;
	}
	if ((size_t)num >= r->fn_refs_cap) {
		size_t old = r->fn_refs_cap;
		r->fn_refs = xgrow(r->fn_refs, &r->fn_refs_cap, (size_t)num + 1, sizeof *r->fn_refs);
		memset(r->fn_refs + old, 0, (r->fn_refs_cap - old) * sizeof *r->fn_refs);
	}
	unsigned seen = r->fn_refs[num]++;
	if (r->in_link) {
		buf_printf(r->out, "<sup>%d</sup>", num);
		return;
	}
	buf_puts(r->out, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" class=\"noteref\"");
	if (seen == 0)
		buf_printf(r->out, " id=\"FNREF%d\"", num);
	else
		buf_printf(r->out, " id=\"FNREF%d-%u\"", num, seen + 1);
	buf_printf(r->out, " href=\"#FN%d\">%d</a></sup>", num, num);
}
