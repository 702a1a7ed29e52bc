/* xhtml_node.h — private to the XHTML writer (src/epub/xhtml*.c): the
 * state one lesson's rendering carries from node to node, and the node
 * writers that xhtml.c dispatches to, one file per kind of node: blocks
 * (xhtml_block.c), inlines (xhtml_inline.c), tables (xhtml_table.c) and
 * footnotes (xhtml_note.c). Each writer is called on ENTER and on EXIT of
 * its node; nothing outside these files includes this header. */
#ifndef OCTAVO_EPUB_XHTML_NODE_H
#define OCTAVO_EPUB_XHTML_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmark-gfm.h>

#include "epub/xhtml.h"
#include "text/html_clean.h"

#define MAX_OPEN_HTML 32
/* Nesting written as elements, for block containers and for Markdown
 * inlines each. XML parsers (libxml2, so epubcheck's and many readers')
 * refuse documents deeper than 256 elements; past these depths the
 * content is still written, only without the extra wrappers. */
#define MAX_BLOCK_DEPTH 48
#define MAX_INLINE_DEPTH 48

struct open_html {
	const char *name; /* element written ("kbd") */
	int md_depth;     /* Markdown inline depth when it was opened */
};

struct render {
	struct buf *out;
	const struct book *b;
	const struct lesson *l; /* NULL when the book has no such lesson */
	const struct xhtml_pkg *pkg;
	struct diags *d;
	struct html_env env;

	struct open_html open[MAX_OPEN_HTML];
	size_t n_open;
	int md_depth;           /* Markdown inline elements open */
	int block_depth;        /* block quotes and lists open */
	int in_link;            /* an <a> is open (Markdown or HTML) */
	int md_link_written;    /* the open Markdown link wrote <a> */
	const char *skip_until; /* inline <script>: drop up to </script> */

	uint8_t *align;         /* column alignments of the open table */
	int in_header_row, tbody_open;

	unsigned *fn_refs;      /* references seen per footnote number */
	size_t fn_refs_cap;
	int fn_defs;            /* footnote definitions written */
	int fn_backlink;        /* footnote number waiting for its backlink */
	int task_pending;       /* 0, or 1/2 for an open/done task glyph */
	size_t para_start;      /* where the open <p> starts in out */
	size_t para_body;       /* where its content starts */
	int last_level;         /* level of the last heading written; the
				   lesson's title is 1 */
	int no_alt;             /* images written without alt text */
};

/* --- shared by the node writers ---------------------------------------- */

/* Walk root (or only its descendants when skip_root), calling the node
 * writers: a caption's paragraph is written inside its table or figure. */
void xh_render_tree(struct render *r, cmark_node *root, int skip_root);

/* The line of node n in the lesson's file, for a diagnostic. */
int xh_file_line(const struct render *r, cmark_node *n);

/* Give the raw HTML headings written to r->out from offset `from` on (by
 * the HTML block n) levels that do not skip, from r->last_level on, and
 * warn at n when one changes (xhtml_a11y.c). */
void xh_fit_raw_headings(struct render *r, cmark_node *n, size_t from);

/* Count the <img> tags written to r->out from offset `from` on (by the raw
 * HTML node n) that have no alt text into r->no_alt, and warn at n when
 * there is one (xhtml_a11y.c). */
void xh_check_raw_alt(struct render *r, cmark_node *n, size_t from);

/* Warn that raw HTML at node n lost an element (rep->dropped), if it did. */
void xh_warn_dropped(struct render *r, cmark_node *n, const struct html_report *rep);

/* An <img> for a Markdown image node, or its alt text when the package
 * does not hold the image (xhtml_inline.c). */
void xh_render_image(struct render *r, cmark_node *img);

static inline void put_text(struct render *r, const char *s)
{
	if (s)
		xml_escape(r->out, s, strlen(s));
}

/* ` class="..."` from fixed classes and the node's IAL classes. */
static inline void put_classes(struct render *r, const char *fixed, cmark_node *n)
{
	const char *ial = n ? book_node_classes(n) : NULL;
	if (!fixed && !ial)
		return;
	struct buf all = BUF_INIT;
	if (fixed)
		buf_puts(&all, fixed);
	if (fixed && ial)
		buf_putc(&all, ' ');
	if (ial)
		buf_puts(&all, ial);
	html_class_attr(r->out, buf_cstr(&all));
	buf_free(&all);
}

/* Close inline HTML elements opened deeper than Markdown depth `depth`
 * (-1: all of them), innermost first. */
static inline void close_html(struct render *r, int depth)
{
	while (r->n_open && r->open[r->n_open - 1].md_depth > depth) {
		const char *name = r->open[--r->n_open].name;
		if (!strcmp(name, "a"))
			r->in_link--;
		buf_printf(r->out, "</%s>", name);
	}
}

static inline int is_paragraph_with(cmark_node *n, const char *cls)
{
	return n && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
	       book_node_has_class(n, cls);
}

/* --- the node writers ------------------------------------------------- */

/* Each is called with entering 1 on ENTER and 0 on EXIT of its node, and
 * may reset the iterator to the node's EXIT when it has written the
 * children itself (images, figures) or leaves them to another node
 * (captions). */

/* xhtml_block.c */
void xh_block_quote(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_list(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_item(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_paragraph(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_heading(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_code_block(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_html_block(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_thematic_break(struct render *r, cmark_node *n, int entering, cmark_iter *it);

/* xhtml_inline.c */
void xh_text(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_softbreak(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_linebreak(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_code(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_html_inline(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_emph(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_strong(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_strikethrough(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_link(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_image(struct render *r, cmark_node *n, int entering, cmark_iter *it);

/* xhtml_table.c */
void xh_table(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_table_row(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_table_cell(struct render *r, cmark_node *n, int entering, cmark_iter *it);

/* xhtml_note.c */
void xh_footnote_def(struct render *r, cmark_node *n, int entering, cmark_iter *it);
void xh_footnote_ref(struct render *r, cmark_node *n, int entering, cmark_iter *it);

#endif
