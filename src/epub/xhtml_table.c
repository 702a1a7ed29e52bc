/* xhtml_table.c — GFM tables in the XHTML writer (see xhtml_node.h): a
 * table-wrap <div> around each table, its caption taken from a
 * `{:.caption}` paragraph just before it, a <thead> for the header row
 * and a <tbody> for the rest, and each cell's column alignment as a
 * class. An empty header cell is written as <td>. */
#include <stdint.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "epub/xhtml_node.h"

void xh_table(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (!entering) {
		if (r->tbody_open)
			buf_puts(r->out, "</tbody>\n");
		buf_puts(r->out, "</table></div>\n");
		r->tbody_open = 0;
		r->align = NULL;
		return;
	}
	r->align = cmark_gfm_extensions_get_table_alignments(n);
	r->tbody_open = 0;
	buf_puts(r->out, "<div class=\"table-wrap\"><table");
	put_classes(r, NULL, n);
	buf_puts(r->out, ">\n");
	cmark_node *prev = cmark_node_previous(n);
	if (is_paragraph_with(prev, "caption")) {
		buf_puts(r->out, "<caption>");
		xh_render_tree(r, prev, 1);
		close_html(r, -1);
		buf_puts(r->out, "</caption>\n");
	}
}

void xh_table_row(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (entering) {
		r->in_header_row = cmark_gfm_extensions_get_table_row_is_header(n);
		if (r->in_header_row) {
			buf_puts(r->out, "<thead>");
		} else if (!r->tbody_open) {
			buf_puts(r->out, "<tbody>\n");
			r->tbody_open = 1;
		}
		buf_puts(r->out, "<tr>");
	} else {
		buf_puts(r->out, "</tr>");
		if (r->in_header_row)
			buf_puts(r->out, "</thead>");
		buf_putc(r->out, '\n');
		r->in_header_row = 0;
	}
}

/* A header cell with nothing in it is a plain cell: an empty <th> names
 * no column, and a screen reader would announce a header with no text. */
static int has_content(cmark_node *cell)
{
	for (cmark_node *c = cmark_node_first_child(cell); c; c = cmark_node_next(c)) {
		const char *s = cmark_node_get_type(c) == CMARK_NODE_TEXT
					? cmark_node_get_literal(c) : NULL;
		if (!s || s[strspn(s, " \t")])
			return 1;
	}
	return 0;
}

void xh_table_cell(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *tag = r->in_header_row && has_content(n) ? "th" : "td";
	(void)it;
	if (!entering) {
		close_html(r, -1);
		r->skip_until = NULL;
		buf_printf(r->out, "</%s>", tag);
		return;
	}
	size_t col = 0;
	for (cmark_node *p = cmark_node_previous(n); p; p = cmark_node_previous(p))
		col++;
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(cmark_node_parent(cmark_node_parent(n)));
	const char *cls = NULL;
	if (r->align && col < ncols) {
		switch (r->align[col]) {
		case 'l': cls = "left"; break;
		case 'c': cls = "center"; break;
		case 'r': cls = "right"; break;
		}
	}
	buf_printf(r->out, "<%s", tag);
	if (cls)
		buf_printf(r->out, " class=\"%s\"", cls);
	buf_putc(r->out, '>');
}
