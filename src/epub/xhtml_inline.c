/* xhtml_inline.c — the XHTML writer's inline nodes (see xhtml_node.h):
 * text, breaks, code spans, emphasis, links, images and inline raw HTML.
 * cmark hands inline HTML over one tag at a time; an allowed element it
 * opens goes on the render's small stack and is always closed before the
 * Markdown element or block around it closes, so the output stays
 * well-formed whatever the input. Inside an inline <script> or the like
 * everything is dropped up to its closing tag. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "epub/xhtml_node.h"

void xh_text(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (entering && !r->skip_until)
		put_text(r, cmark_node_get_literal(n));
}

void xh_softbreak(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	if (entering && !r->skip_until)
		buf_putc(r->out, '\n');
}

void xh_linebreak(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	if (entering && !r->skip_until)
		buf_puts(r->out, "<br/>\n");
}

void xh_code(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)it;
	if (!entering || r->skip_until)
		return;
	buf_puts(r->out, "<code>");
	put_text(r, cmark_node_get_literal(n));
	buf_puts(r->out, "</code>");
}

void xh_html_inline(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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
	size_t before = r->out->len;
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
		xh_check_raw_alt(r, n, before);
		break;
	case HTML_TAG_DROP:
		break;
	}
	xh_warn_dropped(r, n, &rep);
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

void xh_emph(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	md_inline(r, "em", entering);
}

void xh_strong(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	(void)n; (void)it;
	md_inline(r, "strong", entering);
}

void xh_strikethrough(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

void xh_link(struct render *r, cmark_node *n, int entering, cmark_iter *it)
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

void xh_render_image(struct render *r, cmark_node *img)
{
	int ai = book_node_asset(r->b, img);
	const char *href = (ai >= 0 && r->pkg && (size_t)ai < r->b->n_assets)
			       ? r->pkg->asset_href[ai] : NULL;
	char *alt = book_node_text(img);
	if (href && !(alt && alt[strspn(alt, " \t\n")])) {
		/* a screen reader skips an image with no alt text: the
		 * reader loses what it shows (WCAG 1.1.1) */
		r->no_alt++;
		if (r->d && r->l) {
			int line, col;
			lesson_node_pos(r->l, img, &line, &col);
			diag_add(r->d, DIAG_WARNING, r->l->path, line, col,
				 "image %s has no alt text; the EPUB makes no "
				 "accessibility conformance claim",
				 r->b->assets[ai].src);
		}
	}
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

void xh_image(struct render *r, cmark_node *n, int entering, cmark_iter *it)
{
	if (!entering)
		return;
	if (!r->skip_until)
		xh_render_image(r, n);
	cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* the alt text is written */
}
