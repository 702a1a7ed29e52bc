/* xhtml.c — a lesson's cmark-gfm tree written as EPUB 3 XHTML (see
 * xhtml.h).
 *
 * One pass of cmark_iter over the tree; each node type has a small
 * function called on ENTER and EXIT. A few constructs look at neighbours:
 * an image alone in a paragraph becomes a <figure> (with the following
 * `{:.caption}` paragraph as its <figcaption>), a caption paragraph just
 * before a table becomes the table's <caption>, and a block quote that
 * opens with a heading or a bold "Tip:" becomes a callout <aside>.
 * Raw HTML goes through html_clean; inline HTML tags that cmark hands over
 * one by one are kept on a small stack and always closed before the
 * Markdown element or block around them closes, so output stays
 * well-formed whatever the input. */
#include "epub/xhtml.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>

#include "text/highlight.h"
#include "text/html_clean.h"
#include "base/util.h"

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
};

typedef void (*node_fn)(struct render *r, cmark_node *n, int entering,
			cmark_iter *it);

static void render_tree(struct render *r, cmark_node *root, int skip_root);

/* --- helpers ---------------------------------------------------------- */

static void put_text(struct render *r, const char *s)
{
	if (s)
		xml_escape(r->out, s, strlen(s));
}

/* ` class="..."` from fixed classes and the node's IAL classes. */
static void put_classes(struct render *r, const char *fixed, cmark_node *n)
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

static int file_line(const struct render *r, cmark_node *n)
{
	int line = cmark_node_get_start_line(n);
	if (r->l && r->l->body_line > 0 && line > 0)
		line += r->l->body_line - 1;
	return line;
}

static void warn_dropped(struct render *r, cmark_node *n, const struct html_report *rep)
{
	if (!rep->dropped || !r->d)
		return;
	diag_add(r->d, DIAG_WARNING, r->l ? r->l->path : NULL, file_line(r, n),
		 cmark_node_get_start_column(n),
		 "raw HTML <%s> left out of the EPUB (it could run script or "
		 "needs a browser)", rep->dropped);
}

/* Close inline HTML elements opened deeper than Markdown depth `depth`
 * (-1: all of them), innermost first. */
static void close_html(struct render *r, int depth)
{
	while (r->n_open && r->open[r->n_open - 1].md_depth > depth) {
		const char *name = r->open[--r->n_open].name;
		if (!strcmp(name, "a"))
			r->in_link--;
		buf_printf(r->out, "</%s>", name);
	}
}

/* Whether n's children are one image and nothing but blank text. */
static cmark_node *lone_image(cmark_node *para)
{
	cmark_node *img = NULL;
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_IMAGE && !img) {
			img = c;
		} else if (t == CMARK_NODE_SOFTBREAK) {
			continue;
		} else if (t == CMARK_NODE_TEXT) {
			const char *s = cmark_node_get_literal(c);
			if (s && s[strspn(s, " \t")])
				return NULL;
		} else {
			return NULL;
		}
	}
	return img;
}

static int is_paragraph_with(cmark_node *n, const char *cls)
{
	return n && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
	       book_node_has_class(n, cls);
}

static int is_table(cmark_node *n)
{
	return n && !strcmp(cmark_node_get_type_string(n), "table");
}

/* The word a callout is named by: "Note" in `> ## Note`, "Tip" in
 * `> **Tip**: ...`; NULL when the block quote is not a callout. The word is
 * written to kind (lower case, letters only, may be empty). */
static int callout_kind(cmark_node *bq, char *kind, size_t cap)
{
	cmark_node *first = cmark_node_first_child(bq);
	char *text = NULL;
	int is = 0;
	kind[0] = '\0';
	const char *cls = book_node_classes(bq);
	if (cls && (strstr(cls, "bg-") || strstr(cls, "callout") || strstr(cls, "alert")))
		is = 1;
	if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING) {
		is = 1;
		text = book_node_text(first);
	} else if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
		cmark_node *s = cmark_node_first_child(first);
		if (s && cmark_node_get_type(s) == CMARK_NODE_STRONG) {
			char *t = book_node_text(s);
			cmark_node *after = cmark_node_next(s);
			const char *lit = after && cmark_node_get_type(after) == CMARK_NODE_TEXT
					      ? cmark_node_get_literal(after) : NULL;
			size_t tl = t ? strlen(t) : 0;
			if ((tl && t[tl - 1] == ':') || (lit && lit[0] == ':')) {
				is = 1;
				text = t;
				t = NULL;
			}
			free(t);
		}
	}
	if (text) {
		/* the first word names the kind when it is one we style */
		static const char *const kinds[] = {
			"note", "tip", "tips", "hint", "info", "warning", "caution",
			"danger", "important", "example", "exercise", "summary"};
		size_t k = 0;
		for (const char *p = text; *p && k + 1 < cap; p++) {
			if (isalpha((unsigned char)*p))
				kind[k++] = (char)tolower((unsigned char)*p);
			else if (k)
				break;
		}
		kind[k] = '\0';
		size_t i;
		for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
			if (!strcmp(kind, kinds[i]))
				break;
		if (i == sizeof kinds / sizeof kinds[0])
			kind[0] = '\0';
		free(text);
	}
	return is;
}

static int in_callout_title(cmark_node *heading)
{
	cmark_node *p = cmark_node_parent(heading);
	char kind[24];
	return p && cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE &&
	       cmark_node_first_child(p) == heading && callout_kind(p, kind, sizeof kind);
}

int xhtml_heading_in_toc(const struct heading *h)
{
	cmark_node *p = h->node ? cmark_node_parent(h->node) : NULL;
	return !p || cmark_node_get_type(p) == CMARK_NODE_DOCUMENT;
}

/* --- blocks ----------------------------------------------------------- */

static void node_document(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)r; (void)n; (void)entering; (void)it;
}

static void node_block_quote(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	char kind[24];
	(void)it;
	if (entering)
		r->block_depth++;
	int flat = r->block_depth > MAX_BLOCK_DEPTH;
	if (!entering)
		r->block_depth--;
	if (flat)
		return;
	if (!callout_kind(n, kind, sizeof kind)) {
		if (entering) {
			buf_puts(r->out, "<blockquote");
			put_classes(r, NULL, n);
			buf_puts(r->out, ">\n");
		} else {
			buf_puts(r->out, "</blockquote>\n");
		}
		return;
	}
	if (entering) {
		struct buf cls = BUF_INIT;
		buf_puts(&cls, "callout");
		if (kind[0])
			buf_printf(&cls, " callout-%s", kind);
		buf_puts(r->out, "<aside");
		put_classes(r, buf_cstr(&cls), n);
		buf_puts(r->out, ">\n");
		buf_free(&cls);
	} else {
		buf_puts(r->out, "</aside>\n");
	}
}

static void node_list(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	(void)it;
	if (entering)
		r->block_depth++;
	int flat = r->block_depth > MAX_BLOCK_DEPTH;
	if (!entering)
		r->block_depth--;
	if (flat)
		return;
	if (!entering) {
		buf_puts(r->out, ordered ? "</ol>\n" : "</ul>\n");
		return;
	}
	int tasks = 0;
	for (cmark_node *c = cmark_node_first_child(n); c && !tasks; c = cmark_node_next(c))
		tasks = !strcmp(cmark_node_get_type_string(c), "tasklist");
	buf_puts(r->out, ordered ? "<ol" : "<ul");
	int start = cmark_node_get_list_start(n);
	if (ordered && start != 1)
		buf_printf(r->out, " start=\"%d\"", start);
	put_classes(r, tasks ? "tasks" : NULL, n);
	buf_puts(r->out, ">\n");
}

/* Task items get a ballot-box glyph rather than a form control: readers
 * draw text everywhere, and nothing on the page pretends to be clickable. */
static void put_task_glyph(struct render *r)
{
	if (r->task_pending == 2)
		buf_puts(r->out, "<span class=\"task done\">\xE2\x98\x91</span> ");
	else if (r->task_pending == 1)
		buf_puts(r->out, "<span class=\"task\">\xE2\x98\x90</span> ");
	r->task_pending = 0;
}

static void node_item(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (r->block_depth > MAX_BLOCK_DEPTH)
		return; /* its list is written flat */
	if (!entering) {
		r->task_pending = 0;
		buf_puts(r->out, "</li>\n");
		return;
	}
	buf_puts(r->out, "<li>");
	if (!strcmp(cmark_node_get_type_string(n), "tasklist")) {
		r->task_pending = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 2 : 1;
		cmark_node *first = cmark_node_first_child(n);
		if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH)
			put_task_glyph(r);
	}
}

static int tight_paragraph(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;
	return item && list && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
	       cmark_node_get_type(list) == CMARK_NODE_LIST && cmark_node_get_list_tight(list);
}

static void render_image(struct render *r, cmark_node *img);

static void put_figure(struct render *r, cmark_node *para, cmark_node *img,
		       cmark_node *caption, cmark_iter *it)
{
	buf_puts(r->out, "<figure");
	put_classes(r, NULL, para);
	buf_puts(r->out, ">");
	render_image(r, img);
	if (caption) {
		buf_puts(r->out, "<figcaption>");
		render_tree(r, caption, 1);
		close_html(r, -1);
		buf_puts(r->out, "</figcaption>");
	}
	buf_puts(r->out, "</figure>\n");
	cmark_iter_reset(it, caption ? caption : para, CMARK_EVENT_EXIT);
}

static void node_paragraph(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	int tight = tight_paragraph(n);
	if (entering) {
		cmark_node *img = lone_image(n);
		cmark_node *next = cmark_node_next(n);
		if (img && !tight) {
			put_figure(r, n, img, is_paragraph_with(next, "caption") ? next : NULL, it);
			return;
		}
		if (book_node_has_class(n, "caption")) {
			cmark_node *prev = cmark_node_previous(n);
			if (is_table(next) ||
			    (prev && cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH && lone_image(prev))) {
				/* written with its table or figure */
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
				return;
			}
		}
		r->para_start = r->out->len;
		if (!tight) {
			buf_puts(r->out, "<p");
			put_classes(r, NULL, n);
			buf_puts(r->out, ">");
		}
		r->para_body = r->out->len;
		if (r->fn_backlink) {
			buf_printf(r->out, "<a class=\"fn-back\" href=\"#FNREF%d\" role=\"doc-backlink\">%d.</a> ",
				   r->fn_backlink, r->fn_backlink);
			r->fn_backlink = 0;
		}
		put_task_glyph(r);
	} else {
		close_html(r, -1);
		r->skip_until = NULL;
		if (r->out->len == r->para_body) {
			/* everything in it was removed (a lone <svg>, say) */
			r->out->len = r->para_start;
			if (r->out->ptr)
				r->out->ptr[r->out->len] = '\0';
		} else if (!tight)
			buf_puts(r->out, "</p>\n");
		else if (cmark_node_next(n))
			buf_putc(r->out, '\n');
	}
}

static void node_heading(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	int level = cmark_node_get_heading_level(n);
	int callout = in_callout_title(n);
	const char *id = book_node_id(n);
	(void)it;
	if (level < 1 || level > 6)
		level = 2;
	if (entering) {
		if (callout)
			buf_puts(r->out, "<p");
		else
			buf_printf(r->out, "<h%d", level);
		if (id) {
			buf_puts(r->out, " id=\"");
			put_text(r, id);
			buf_putc(r->out, '"');
		}
		put_classes(r, callout ? "callout-title" : NULL, n);
		buf_putc(r->out, '>');
	} else {
		close_html(r, -1);
		r->skip_until = NULL;
		if (callout)
			buf_puts(r->out, "</p>\n");
		else
			buf_printf(r->out, "</h%d>\n", level);
	}
}

/* The language word of a fence's info string, made safe for a class. */
static void fence_lang(const char *info, char *out, size_t cap)
{
	size_t k = 0;
	if (info)
		for (; *info && !isspace((unsigned char)*info) && *info != ',' && *info != '{' &&
		       k + 1 < cap; info++)
			if (isalnum((unsigned char)*info) || *info == '-' || *info == '_' || *info == '+')
				out[k++] = *info == '+' ? 'p' : (char)tolower((unsigned char)*info);
	out[k] = '\0';
}

static void node_code_block(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *code = cmark_node_get_literal(n);
	const char *info = cmark_node_get_fence_info(n);
	char lang[32];
	(void)it;
	if (!entering)
		return;
	if (!code)
		code = "";
	fence_lang(info, lang, sizeof lang);
	size_t len = strlen(code);
	if (len && code[len - 1] == '\n')
		len--; /* the fence's last newline is not part of the code */
	buf_puts(r->out, "<pre");
	put_classes(r, "code", n);
	buf_puts(r->out, "><code");
	if (lang[0])
		buf_printf(r->out, " class=\"language-%s\"", lang);
	buf_putc(r->out, '>');
	struct hl_span *spans;
	size_t ns = highlight(info, code, len, &spans);
	for (size_t i = 0; i < ns; i++) {
		const char *cls = hl_css_class(spans[i].cls);
		/* operators and punctuation stay plain: fewer spans, calmer page */
		if (spans[i].cls == HL_OPERATOR || spans[i].cls == HL_PUNCT)
			cls = NULL;
		if (cls) {
			buf_puts(r->out, "<span class=\"");
			buf_puts(r->out, cls);
			buf_puts(r->out, "\">");
		}
		xml_escape(r->out, code + spans[i].start, spans[i].len);
		if (cls)
			buf_puts(r->out, "</span>");
	}
	free(spans);
	buf_puts(r->out, "</code></pre>\n");
}

static void node_html_block(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *html = cmark_node_get_literal(n);
	struct html_report rep = {NULL, 0};
	(void)it;
	if (!entering || !html)
		return;
	size_t before = r->out->len;
	html_clean_block(r->out, html, strlen(html), &r->env, &rep);
	/* what was removed leaves only blank lines: keep none of them */
	while (r->out->len > before && strchr(" \t\r\n", r->out->ptr[r->out->len - 1]))
		r->out->len--;
	if (r->out->len > before)
		buf_putc(r->out, '\n');
	else if (r->out->ptr)
		r->out->ptr[r->out->len] = '\0';
	warn_dropped(r, n, &rep);
}

static void node_thematic_break(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (entering) {
		buf_puts(r->out, "<hr");
		put_classes(r, NULL, n);
		buf_puts(r->out, "/>\n");
	}
}

static void node_footnote_def(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

/* --- tables ----------------------------------------------------------- */

static void node_table(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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
		render_tree(r, prev, 1);
		close_html(r, -1);
		buf_puts(r->out, "</caption>\n");
	}
}

static void node_table_row(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

static void node_table_cell(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *tag = r->in_header_row ? "th" : "td";
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

/* --- inlines ---------------------------------------------------------- */

static void node_text(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (entering && !r->skip_until)
		put_text(r, cmark_node_get_literal(n));
}

static void node_softbreak(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	if (entering && !r->skip_until)
		buf_putc(r->out, '\n');
}

static void node_linebreak(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	if (entering && !r->skip_until)
		buf_puts(r->out, "<br/>\n");
}

static void node_code(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (!entering || r->skip_until)
		return;
	buf_puts(r->out, "<code>");
	put_text(r, cmark_node_get_literal(n));
	buf_puts(r->out, "</code>");
}

static void node_html_inline(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *lit = cmark_node_get_literal(n);
	struct html_report rep = {NULL, 0};
	const char *name;
	(void)it;
	if (!entering || !lit)
		return;
	size_t len = strlen(lit);
	if (r->skip_until) {
		if (len > 2 && lit[0] == '<' && lit[1] == '/' &&
		    !strncasecmp(lit + 2, r->skip_until, strlen(r->skip_until)))
			r->skip_until = NULL;
		return;
	}
	switch (html_clean_inline(r->out, lit, len, r->in_link, &r->env, &rep, &name)) {
	case HTML_TAG_TEXT:
		xml_escape(r->out, lit, len);
		break;
	case HTML_TAG_OPEN:
		if (r->n_open == MAX_OPEN_HTML) {
			buf_printf(r->out, "</%s>", name); /* too deep: empty */
			break;
		}
		r->open[r->n_open].name = name;
		r->open[r->n_open].md_depth = r->md_depth;
		r->n_open++;
		if (!strcmp(name, "a"))
			r->in_link++;
		break;
	case HTML_TAG_CLOSE:
		/* only when it closes the innermost element and no Markdown
		 * element opened since is still open; otherwise it waits for
		 * the end of the block */
		if (r->n_open && !strcmp(r->open[r->n_open - 1].name, name) &&
		    r->open[r->n_open - 1].md_depth == r->md_depth) {
			r->n_open--;
			if (!strcmp(name, "a"))
				r->in_link--;
			buf_printf(r->out, "</%s>", name);
		}
		break;
	case HTML_TAG_SKIP:
		r->skip_until = name;
		break;
	case HTML_TAG_VOID:
	case HTML_TAG_DROP:
		break;
	}
	warn_dropped(r, n, &rep);
}

/* Emphasis, strong, strikethrough: a Markdown inline element that may
 * hold inline HTML, which must close first. */
static void md_inline(struct render *r, const char *tag, int entering)
{
	if (entering) {
		if (!r->skip_until && r->md_depth < MAX_INLINE_DEPTH)
			buf_printf(r->out, "<%s>", tag);
		r->md_depth++;
	} else {
		r->md_depth--;
		close_html(r, r->md_depth);
		if (!r->skip_until && r->md_depth < MAX_INLINE_DEPTH)
			buf_printf(r->out, "</%s>", tag);
	}
}

static void node_emph(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	md_inline(r, "em", entering);
}

static void node_strong(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	md_inline(r, "strong", entering);
}

static void node_strikethrough(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	md_inline(r, "del", entering);
}

/* The href of a Markdown link in the package, or 0 when it is written as
 * plain text (unsafe, broken, or inside another link). */
static int link_href(struct render *r, cmark_node *n, struct buf *href)
{
	size_t li = 0;
	const char *id = NULL;
	switch (book_node_link(r->b, n, &li, &id)) {
	case LINK_INTERNAL:
		if (!r->pkg || li >= r->b->n_lessons)
			return 0;
		buf_puts(href, r->pkg->lesson_href[li]);
		if (id && *id) {
			buf_putc(href, '#');
			buf_puts(href, id);
		}
		return 1;
	case LINK_EXTERNAL:
		if (!html_url_is_safe(cmark_node_get_url(n)))
			return 0;
		buf_puts(href, cmark_node_get_url(n));
		return 1;
	default:
		return 0;
	}
}

/* The Markdown title of a link or image, `[x](url "title")`, as an attribute. */
static void put_title(struct render *r, cmark_node *n)
{
	const char *title = cmark_node_get_title(n);
	if (title && *title) {
		buf_puts(r->out, " title=\"");
		put_text(r, title);
		buf_putc(r->out, '"');
	}
}

static void node_link(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (!entering) {
		r->md_depth--;
		close_html(r, r->md_depth);
		if (r->md_link_written) {
			buf_puts(r->out, "</a>");
			r->in_link--;
		}
		r->md_link_written = 0;
		return;
	}
	struct buf href = BUF_INIT;
	r->md_link_written = 0;
	if (!r->in_link && !r->skip_until && r->md_depth < MAX_INLINE_DEPTH &&
	    link_href(r, n, &href)) {
		buf_puts(r->out, "<a href=\"");
		put_text(r, buf_cstr(&href));
		buf_putc(r->out, '"');
		put_title(r, n);
		put_classes(r, NULL, n);
		buf_putc(r->out, '>');
		r->md_link_written = 1;
		r->in_link++;
	}
	r->md_depth++;
	buf_free(&href);
}

static void render_image(struct render *r, cmark_node *img)
{
	int ai = book_node_asset(r->b, img);
	const char *href = (ai >= 0 && r->pkg && (size_t)ai < r->b->n_assets)
			       ? r->pkg->asset_href[ai] : NULL;
	char *alt = book_node_text(img);
	if (href) {
		buf_puts(r->out, "<img src=\"");
		put_text(r, href);
		buf_puts(r->out, "\" alt=\"");
		put_text(r, alt);
		buf_putc(r->out, '"');
		put_title(r, img);
		put_classes(r, NULL, img);
		buf_puts(r->out, "/>");
	} else {
		/* the loader has said why the image is missing; the reader
		 * gets its description */
		buf_puts(r->out, "<span class=\"missing-image\">");
		put_text(r, alt && *alt ? alt : "image");
		buf_puts(r->out, "</span>");
	}
	free(alt);
}

static void node_image(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	if (!entering)
		return;
	if (!r->skip_until)
		render_image(r, n);
	cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* the alt text is written */
}

static void node_footnote_ref(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

static void node_other(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)r; (void)n; (void)entering; (void)it; /* custom nodes: children only */
}

static node_fn handler(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: return node_document;
	case CMARK_NODE_BLOCK_QUOTE: return node_block_quote;
	case CMARK_NODE_LIST: return node_list;
	case CMARK_NODE_ITEM: return node_item;
	case CMARK_NODE_CODE_BLOCK: return node_code_block;
	case CMARK_NODE_HTML_BLOCK: return node_html_block;
	case CMARK_NODE_PARAGRAPH: return node_paragraph;
	case CMARK_NODE_HEADING: return node_heading;
	case CMARK_NODE_THEMATIC_BREAK: return node_thematic_break;
	case CMARK_NODE_FOOTNOTE_DEFINITION: return node_footnote_def;
	case CMARK_NODE_TEXT: return node_text;
	case CMARK_NODE_SOFTBREAK: return node_softbreak;
	case CMARK_NODE_LINEBREAK: return node_linebreak;
	case CMARK_NODE_CODE: return node_code;
	case CMARK_NODE_HTML_INLINE: return node_html_inline;
	case CMARK_NODE_EMPH: return node_emph;
	case CMARK_NODE_STRONG: return node_strong;
	case CMARK_NODE_LINK: return node_link;
	case CMARK_NODE_IMAGE: return node_image;
	case CMARK_NODE_FOOTNOTE_REFERENCE: return node_footnote_ref;
	default: break;
	}
	/* extension nodes have run-time types; their names are stable */
	const char *t = cmark_node_get_type_string(n);
	if (!strcmp(t, "table"))
		return node_table;
	if (!strcmp(t, "table_header") || !strcmp(t, "table_row"))
		return node_table_row;
	if (!strcmp(t, "table_cell"))
		return node_table_cell;
	if (!strcmp(t, "strikethrough"))
		return node_strikethrough;
	return node_other;
}

/* Walk root (or only its descendants when skip_root). */
static void render_tree(struct render *r, cmark_node *root, int skip_root)
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

void xhtml_render(struct buf *out, const struct book *b, size_t lesson,
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
	if (!has_h1(doc)) {
		buf_puts(out, "<h1 class=\"lesson-title\">");
		put_text(&r, r.l && r.l->title ? r.l->title : "");
		buf_puts(out, "</h1>\n");
	}
	render_tree(&r, doc, 0);
	close_html(&r, -1);
	free(r.fn_refs);
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
