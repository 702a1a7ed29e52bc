/* xhtml.c — a lesson's cmark-gfm tree written as EPUB 3 XHTML (see
 * xhtml.h).
 *
 * One pass of cmark_iter over the tree; each node type has a small
 * function called on ENTER and EXIT, found by handler() here and written
 * in the file for its kind of node (xhtml_node.h lists them). This file
 * holds the walk, what the node writers share, and the page frame around
 * a content document. Raw HTML goes through html_clean. */
#include "epub/xhtml.h"

#include <stdlib.h>
#include <string.h>

#include "epub/xhtml_node.h"

typedef void (*node_fn)(struct render *r, cmark_node *n, int entering,
			cmark_iter *it);

/* The file line of n, through the loader's map, so Liquid and includes
 * above it (which add lines) do not move the place. */
int xh_file_line(const struct render *r, cmark_node *n)
{
	int line = 0, col = 0;
	if (r->l)
		lesson_node_pos(r->l, n, &line, &col);
	return line;
}

void xh_warn_dropped(struct render *r, cmark_node *n, const struct html_report *rep)
{
	if (!rep->dropped || !r->d)
		return;
	/* through the loader's map, so Liquid and includes above it (which
	 * add lines) do not move the place */
	int line = 0, col = 0;
	lesson_node_pos(r->l, n, &line, &col);
	diag_add(r->d, DIAG_WARNING, r->l ? r->l->path : NULL, line, col,
		 "raw HTML <%s> left out of the EPUB (it could run script or "
		 "needs a browser)", rep->dropped);
}

int xhtml_heading_in_toc(const struct heading *h)
{
	cmark_node *p = h->node ? cmark_node_parent(h->node) : NULL;
	return !p || cmark_node_get_type(p) == CMARK_NODE_DOCUMENT;
}

static void node_document(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)r; (void)n; (void)entering; (void)it;
}

static void node_other(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)r; (void)n; (void)entering; (void)it; /* custom nodes: children only */
}

static node_fn handler(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: return node_document;
	case CMARK_NODE_BLOCK_QUOTE: return xh_block_quote;
	case CMARK_NODE_LIST: return xh_list;
	case CMARK_NODE_ITEM: return xh_item;
	case CMARK_NODE_CODE_BLOCK: return xh_code_block;
	case CMARK_NODE_HTML_BLOCK: return xh_html_block;
	case CMARK_NODE_PARAGRAPH: return xh_paragraph;
	case CMARK_NODE_HEADING: return xh_heading;
	case CMARK_NODE_THEMATIC_BREAK: return xh_thematic_break;
	case CMARK_NODE_FOOTNOTE_DEFINITION: return xh_footnote_def;
	case CMARK_NODE_TEXT: return xh_text;
	case CMARK_NODE_SOFTBREAK: return xh_softbreak;
	case CMARK_NODE_LINEBREAK: return xh_linebreak;
	case CMARK_NODE_CODE: return xh_code;
	case CMARK_NODE_HTML_INLINE: return xh_html_inline;
	case CMARK_NODE_EMPH: return xh_emph;
	case CMARK_NODE_STRONG: return xh_strong;
	case CMARK_NODE_LINK: return xh_link;
	case CMARK_NODE_IMAGE: return xh_image;
	case CMARK_NODE_FOOTNOTE_REFERENCE: return xh_footnote_ref;
	default: break;
	}
	/* extension nodes have run-time types; their names are stable */
	const char *t = cmark_node_get_type_string(n);
	if (!strcmp(t, "table"))
		return xh_table;
	if (!strcmp(t, "table_header") || !strcmp(t, "table_row"))
		return xh_table_row;
	if (!strcmp(t, "table_cell"))
		return xh_table_cell;
	if (!strcmp(t, "strikethrough"))
		return xh_strikethrough;
	return node_other;
}

/* Walk root (or only its descendants when skip_root). */
void xh_render_tree(struct render *r, cmark_node *root, int skip_root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (skip_root && n == root)
			continue;
		handler(n)(r, n, ev == CMARK_EVENT_ENTER, it);
	}
	cmark_iter_free(it);
}

/* Lessons rarely repeat their title as an h1; the chapter needs one. */
static int has_h1(cmark_node *doc)
{
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING && cmark_node_get_heading_level(c) == 1)
			return 1;
	return 0;
}

/* Images written in raw HTML: found among the book's assets by path. */
static const char *image_href(void *arg, const char *src)
{
	struct render *r = arg;
	if (!r->pkg || !src)
		return NULL;
	while (src[0] == '.' && src[1] == '/')
		src += 2;
	const char *assets = strstr(src, "assets/");
	for (size_t i = 0; i < r->b->n_assets; i++) {
		const char *a = r->b->assets[i].src;
		if (!a || !r->pkg->asset_href[i])
			continue;
		if (!strcmp(a, src) || (assets && src[0] == '/' && !strcmp(a, assets)))
			return r->pkg->asset_href[i];
	}
	return NULL;
}

int xhtml_render(struct buf *out, const struct book *b, size_t lesson,
		  cmark_node *doc, const struct xhtml_pkg *pkg, struct diags *d)
{
	struct render r;
	memset(&r, 0, sizeof r);
	r.out = out;
	r.b = b;
	r.l = lesson < b->n_lessons ? &b->lessons[lesson] : NULL;
	r.pkg = pkg;
	r.d = d;
	r.env.image_href = image_href;
	r.env.arg = &r;
	r.last_level = 1; /* the lesson's title, written or its own h1 */
	if (!has_h1(doc)) {
		buf_puts(out, "<h1 class=\"lesson-title\">");
		put_text(&r, r.l && r.l->title ? r.l->title : "");
		buf_puts(out, "</h1>\n");
	}
	xh_render_tree(&r, doc, 0);
	close_html(&r, -1);
	free(r.fn_refs);
	return r.no_alt;
}

void xhtml_page_begin(struct buf *out, const char *lang, const char *title,
		      const char *css_href, const char *body_type)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		      "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
		      "xmlns:epub=\"http://www.idpf.org/2007/ops\"");
	if (lang && *lang) {
		buf_puts(out, " xml:lang=\"");
		xml_escape(out, lang, strlen(lang));
		buf_puts(out, "\" lang=\"");
		xml_escape(out, lang, strlen(lang));
		buf_putc(out, '"');
	}
	buf_puts(out, ">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
	xml_escape(out, title ? title : "", title ? strlen(title) : 0);
	buf_puts(out, "</title>\n");
	if (css_href)
		buf_printf(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"%s\"/>\n", css_href);
	buf_puts(out, "</head>\n<body");
	if (body_type)
		buf_printf(out, " epub:type=\"%s\"", body_type);
	buf_puts(out, ">\n");
}

void xhtml_page_end(struct buf *out)
{
	buf_puts(out, "</body>\n</html>\n");
}
