/* xhtml_block.c — the XHTML writer's block nodes (see xhtml_node.h):
 * block quotes and callouts, lists and task items, paragraphs and
 * figures, headings, code blocks with their highlighting, raw HTML
 * blocks and thematic breaks. A few look at their neighbours: an image
 * alone in a paragraph becomes a <figure> (with the following
 * `{:.caption}` paragraph as its <figcaption>), a caption paragraph just
 * before a table is left for the table, and a block quote that opens with
 * a heading or a bold "Tip:" becomes a callout <aside>. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "epub/xhtml_node.h"
#include "text/highlight.h"

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

/* A callout's ARIA role. Without one an <aside> is a complementary
 * landmark, and a lesson with several would offer a screen reader a list
 * of unnamed landmarks to jump between; callouts are notes in the text. */
static const char *callout_role(const char *kind)
{
	if (!strcmp(kind, "tip") || !strcmp(kind, "tips") || !strcmp(kind, "hint"))
		return "doc-tip";
	/* doc-notice would suit warnings, but epubcheck's schema does not
	 * allow it on <aside> */
	return "note";
}

static int in_callout_title(cmark_node *heading)
{
	cmark_node *p = cmark_node_parent(heading);
	char kind[24];
	return p && cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE &&
	       cmark_node_first_child(p) == heading && callout_kind(p, kind, sizeof kind);
}

/* Count a block quote or list in (entering) or out; whether it is too
 * deep to be written as an element of its own (its content still is). */
static int block_flat(struct render *r, int entering)
{
	if (entering)
		r->block_depth++;
	int flat = r->block_depth > MAX_BLOCK_DEPTH;
	if (!entering)
		r->block_depth--;
	return flat;
}

void xh_block_quote(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	char kind[24];
	(void)it;
	if (block_flat(r, entering))
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
		buf_printf(r->out, "<aside role=\"%s\"", callout_role(kind));
		put_classes(r, buf_cstr(&cls), n);
		buf_puts(r->out, ">\n");
		buf_free(&cls);
	} else {
		buf_puts(r->out, "</aside>\n");
	}
}

void xh_list(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	(void)it;
	if (block_flat(r, entering))
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

void xh_item(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

static void put_figure(struct render *r, cmark_node *para, cmark_node *img,
		       cmark_node *caption, cmark_iter *it)
{
	buf_puts(r->out, "<figure");
	put_classes(r, NULL, para);
	buf_puts(r->out, ">");
	xh_render_image(r, img);
	if (caption) {
		buf_puts(r->out, "<figcaption>");
		xh_render_tree(r, caption, 1);
		close_html(r, -1);
		buf_puts(r->out, "</figcaption>");
	}
	buf_puts(r->out, "</figure>\n");
	cmark_iter_reset(it, caption ? caption : para, CMARK_EVENT_EXIT);
}

void xh_paragraph(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

void xh_heading(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	int level = book_node_heading_level(n);
	int callout = in_callout_title(n);
	const char *id = book_node_id(n);
	(void)it;
	if (level < 1 || level > 6)
		level = 2;
	if (entering) {
		if (callout) {
			buf_puts(r->out, "<p");
		} else {
			buf_printf(r->out, "<h%d", level);
			r->last_level = level;
		}
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

void xh_code_block(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

void xh_html_block(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	const char *html = cmark_node_get_literal(n);
	struct html_report rep = {NULL, 0};
	(void)it;
	if (!entering || !html)
		return;
	size_t before = r->out->len;
	html_clean_block(r->out, html, strlen(html), &r->env, &rep);
	xh_fit_raw_headings(r, n, before);
	xh_check_raw_alt(r, n, before);
	/* what was removed leaves only blank lines: keep none of them */
	while (r->out->len > before && strchr(" \t\r\n", r->out->ptr[r->out->len - 1]))
		r->out->len--;
	if (r->out->len > before)
		buf_putc(r->out, '\n');
	else if (r->out->ptr)
		r->out->ptr[r->out->len] = '\0';
	xh_warn_dropped(r, n, &rep);
}

void xh_thematic_break(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (entering) {
		buf_puts(r->out, "<hr");
		put_classes(r, NULL, n);
		buf_puts(r->out, "/>\n");
	}
}
