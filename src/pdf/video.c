/* video.c — videos on paper. A video cannot play in a printed book, so
 * each one (a YouTube or Vimeo link, the `youtubeplayer` include, which
 * the loader turns into such a link, and a video <iframe>) becomes a box
 * with its title and URL and a QR code that opens it on a phone.
 *
 * Which URLs are videos, and the address a code opens, is decided by
 * video_watch_url() (text/video.h), as for every other video link. A paragraph that is
 * only video links becomes their boxes; a video link inside running text
 * stays a link there, and its box follows the paragraph. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/print.h"
#include "text/video.h"

/* The box of video link `link`: its words as the title, unless they only
 * repeat the URL. */
static void link_box(struct pdf *P, cmark_node *link, struct blk *bk)
{
	char *v = video_watch_url(cmark_node_get_url(link));
	if (!v)
		return;
	char *t = book_node_text(link);
	const char *title =
	    t && *t && strcmp(t, v) && strcmp(t, cmark_node_get_url(link))
	        ? t
	        : NULL;
	pdf_qr_box(P, bk, "VIDEO", title, v, 1, -1);
	free(t);
	free(v);
}

static int is_video_link(cmark_node *c)
{
	if (cmark_node_get_type(c) != CMARK_NODE_LINK)
		return 0;
	char *v = video_watch_url(cmark_node_get_url(c));
	free(v);
	return v != NULL;
}

int pdf_video_paragraph(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int links = 0;
	for (cmark_node *c = cmark_node_first_child(n); c;
	     c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit =
		    t == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
		if (is_video_link(c))
			links++;
		else if (t == CMARK_NODE_TEXT && lit && lit[strspn(lit, " \t")])
			return 0;
		else if (t != CMARK_NODE_TEXT && t != CMARK_NODE_SOFTBREAK &&
		         t != CMARK_NODE_LINEBREAK)
			return 0;
	}
	if (!links)
		return 0;
	for (cmark_node *c = cmark_node_first_child(n); c;
	     c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_LINK)
			link_box(P, c, bk);
	P->seen_content = 1;
	return 1;
}

static struct print *print_of(struct pdf *P)
{
	if (!P->print)
		P->print = xcalloc(1, sizeof *P->print);
	return P->print;
}

int pdf_video_link(struct pdf *P, cmark_node *link)
{
	if (!is_video_link(link))
		return 0;
	struct print *pr = print_of(P);
	pr->videos = xgrow(pr->videos, &pr->cap_videos, pr->n_videos + 1,
	                   sizeof *pr->videos);
	pr->videos[pr->n_videos++] = link;
	return 1;
}

void pdf_video_flush(struct pdf *P, struct blk *bk)
{
	struct print *pr = P->print;
	if (!pr || !pr->n_videos)
		return;
	for (size_t i = 0; i < pr->n_videos; i++)
		link_box(P, pr->videos[i], bk);
	pr->n_videos = 0;
}

/* The value of attribute `name` in the tag starting at tag, malloc'd, or
 * NULL. */
static char *tag_attr(const char *tag, const char *name)
{
	const char *end = strchr(tag, '>');
	size_t k = strlen(name);
	for (const char *a = tag; (a = strstr(a, name)) && (!end || a < end);
	     a++) {
		if (!isspace((unsigned char)a[-1]) || a[k] != '=' ||
		    (a[k + 1] != '"' && a[k + 1] != '\''))
			continue;
		const char *q = strchr(a + k + 2, a[k + 1]);
		if (q && (!end || q < end))
			return xstrndup(a + k + 2, (size_t)(q - a - k - 2));
	}
	return NULL;
}

/* An attribute value's text: the entities a title uses decoded, others
 * left as they are. */
static void unescape(char *s)
{
	static const struct {
		const char *e;
		char c;
	} ents[] = {{"&amp;", '&'},
	            {"&lt;", '<'},
	            {"&gt;", '>'},
	            {"&quot;", '"'},
	            {"&#39;", '\''}};
	char *w = s;
	while (*s) {
		size_t k = 0;
		if (*s == '&')
			for (k = 0; k < ARRAY_LEN(ents); k++)
				if (!strncmp(s, ents[k].e, strlen(ents[k].e)))
					break;
		if (*s == '&' && k < ARRAY_LEN(ents)) {
			*w++ = ents[k].c;
			s += strlen(ents[k].e);
		} else {
			*w++ = *s++;
		}
	}
	*w = 0;
}

int pdf_video_iframe(struct pdf *P, const char *html, const char *src,
                     struct blk *bk)
{
	char *v = video_watch_url(src);
	if (!v)
		return 0;
	const char *tag = strcasestr(html, "<iframe");
	char *title = tag ? tag_attr(tag, "title") : NULL;
	if (title)
		unescape(title);
	pdf_qr_box(P, bk, "VIDEO", title && *title ? title : NULL, v, 1, -1);
	free(title);
	free(v);
	P->seen_content = 1;
	return 1;
}
