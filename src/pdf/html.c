/* html.c — raw HTML in the PDF, which cannot render it: an HTML block
 * becomes its text (tags and comments dropped, a few entities decoded),
 * an embedded video (<iframe src=…>) a box with a QR code (video.c), any
 * other iframe an "Embedded page:" link to its address, and inline tags are
 * dropped while words in angle brackets (`<username>`) stay as prose. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"
#include "pdf/print.h"

/* Where the element at h (a `<script` or `<style` start tag) ends: after
 * its end tag, else at the end of the text. Their contents are code, not
 * words, and the EPUB leaves them out too. */
static const char *skip_code_element(const char *h)
{
	const char *name = !strncasecmp(h, "<script", 7) ? "</script" : "</style";
	for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<'))
		if (p != h && !strncasecmp(p, name, strlen(name))) {
			const char *gt = strchr(p, '>');
			return gt ? gt + 1 : p + strlen(p);
		}
	return h + strlen(h);
}

static int is_code_element(const char *h)
{
	size_t k = !strncasecmp(h, "<script", 7) ? 7 : !strncasecmp(h, "<style", 6) ? 6 : 0;
	return k && (h[k] == '>' || h[k] == '/' || isspace((unsigned char)h[k]));
}

/* Text of an HTML fragment: comments, tags, scripts and style sheets
 * dropped, a few entities decoded. An <iframe src=…> is reported through
 * *iframe (malloc'd). */
static void html_text(const char *h, struct buf *out, char **iframe)
{
	size_t n = strlen(h);
	for (size_t i = 0; i < n;) {
		if (h[i] == '<' && is_code_element(h + i)) {
			i = (size_t)(skip_code_element(h + i) - h);
		} else if (!strncmp(h + i, "<!--", 4)) {
			const char *e = strstr(h + i + 4, "-->");
			i = e ? (size_t)(e - h) + 3 : n;
		} else if (h[i] == '<' && (isalpha((unsigned char)h[i + 1]) || h[i + 1] == '/')) {
			const char *e = strchr(h + i, '>');
			size_t end = e ? (size_t)(e - h) + 1 : n;
			if (iframe && !*iframe && !strncasecmp(h + i, "<iframe", 7)) {
				const char *src = strstr(h + i, "src=");
				if (src && src < h + end && (src[4] == '"' || src[4] == '\'')) {
					const char *q = strchr(src + 5, src[4]);
					if (q && q < h + end)
						*iframe = xstrndup(src + 5, (size_t)(q - src - 5));
				}
			}
			if (!strncasecmp(h + i, "<br", 3) || !strncasecmp(h + i, "<p", 2) ||
			    !strncasecmp(h + i, "</p", 3) || !strncasecmp(h + i, "<div", 4))
				buf_putc(out, ' ');
			i = end;
		} else if (h[i] == '&') {
			static const struct {
				const char *e, *t;
			} ents[] = {{"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
				    {"&quot;", "\""}, {"&#39;", "'"},  {"&nbsp;", " "},
				    {"&mdash;", "\xE2\x80\x94"}, {"&ndash;", "\xE2\x80\x93"},
				    {"&copy;", "\xC2\xA9"}};
			size_t k;
			for (k = 0; k < ARRAY_LEN(ents); k++)
				if (!strncmp(h + i, ents[k].e, strlen(ents[k].e)))
					break;
			if (k < ARRAY_LEN(ents)) {
				buf_puts(out, ents[k].t);
				i += strlen(ents[k].e);
			} else {
				buf_putc(out, '&');
				i++;
			}
		} else {
			buf_putc(out, h[i++]);
		}
	}
}

/* Whether an inline HTML node is a real element (dropped, its text kept
 * between the tags) rather than words in angle brackets. */
int pdf_is_html_tag(const char *t)
{
	static const char *names[] = {
	    "a",      "abbr",   "b",     "big",    "br",   "cite",   "code",    "del",
	    "dfn",    "div",    "em",    "font",   "i",    "iframe", "img",     "input",
	    "ins",    "kbd",    "label", "mark",   "p",    "q",      "s",       "samp",
	    "small",  "span",   "strike", "strong", "sub",  "sup",    "time",    "tt",
	    "u",      "var",    "wbr",   "video",  "audio", "source", "button",  "center",
	    "details", "summary", "figure", "figcaption", "picture", "svg", "path", "hr"};
	if (!strncmp(t, "<!--", 4) || !strncmp(t, "<?", 2) || !strncmp(t, "<!", 2))
		return 1;
	t++;
	if (*t == '/')
		t++;
	size_t n = 0;
	while (isalnum((unsigned char)t[n]))
		n++;
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && !strncasecmp(t, names[i], n))
			return 1;
	return 0;
}

int pdf_safe_uri(const char *u)
{
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8) ||
	       !strncasecmp(u, "mailto:", 7);
}

void pdf_block_html(struct pdf *P, cmark_node *n, struct blk *bk)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit)
		return;
	struct buf t = BUF_INIT;
	char *iframe = NULL;
	html_text(lit, &t, &iframe);
	if (iframe && pdf_video_iframe(P, lit, iframe, bk)) {
		free(iframe);
		buf_free(&t);
		return;
	}
	struct inl s = pdf_inl_of(P, bk);
	struct para_opts o = pdf_para_opts(P, bk, s.size);
	P->para.hyphenate = 0;
	int tag = layout_tag_open(&P->L, TAG_P);
	if (iframe) {
		/* a video iframe got its box above: this one is a page (a
		 * playground, a map) */
		const char *u = iframe;
		struct buf url = BUF_INIT;
		if (!strncmp(u, "//", 2))
			buf_printf(&url, "https:%s", u);
		else
			buf_puts(&url, u);
		const char *label = "Embedded page: ";
		s.italic = 1;
		pdf_inl_text(P, &P->para, &s, label, strlen(label), n);
		s.italic = 0;
		if (pdf_safe_uri(buf_cstr(&url)))
			s.link = layout_link_uri(&P->L, buf_cstr(&url));
		pdf_inl_text(P, &P->para, &s, buf_cstr(&url), url.len, n);
		buf_free(&url);
		free(iframe);
	} else {
		pdf_inl_text(P, &P->para, &s, buf_cstr(&t), t.len, n);
	}
	pdf_flush_para(P, bk, &o);
	layout_tag_close(&P->L, tag);
	buf_free(&t);
	P->gap = P->st.space_paragraph;
}
