/* video.c — videos on paper. A video cannot play in a printed book, so
 * each one (a YouTube or Vimeo link, the `youtubeplayer` include, which
 * the loader turns into such a link, and a video <iframe>) becomes a box
 * with its title and URL and a QR code that opens it on a phone.
 *
 * pdf_video_url is the one function that recognises video URLs; it is
 * kept apart so a shared recogniser can replace it. A paragraph that is
 * only video links becomes their boxes; a video link inside running text
 * stays a link there, and its box follows the paragraph. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/print.h"

/* Length of the video id at s: letters, digits, '-' and '_'. */
static size_t id_len(const char *s)
{
	size_t n = 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_')
		n++;
	return n;
}

static int host_is(const char *h, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n == k && !strncasecmp(h, name, k);
}

/* YouTube: /watch?v=ID, /embed/ID, /shorts/ID, /live/ID; youtu.be/ID. */
static char *youtube(const char *url, const char *path, int short_host)
{
	size_t n;
	if (short_host)
		return id_len(path + 1) ? xstrdup(url) : NULL;
	if (!strncmp(path, "/watch?", 7)) {
		for (const char *v = path; (v = strstr(v + 1, "v=")) != NULL;)
			if ((v[-1] == '?' || v[-1] == '&') && id_len(v + 2))
				return xstrdup(url);
		return NULL;
	}
	if ((!strncmp(path, "/shorts/", 8) || !strncmp(path, "/live/", 6)) &&
	    id_len(strchr(path + 1, '/') + 1))
		return xstrdup(url);
	if (!strncmp(path, "/embed/", 7) && (n = id_len(path + 7)) > 0) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "https://www.youtube.com/watch?v=%.*s", (int)n,
		           path + 7);
		return buf_detach(&b);
	}
	return NULL;
}

/* Vimeo: vimeo.com/NUMBER, player.vimeo.com/video/NUMBER. */
static char *vimeo(const char *url, const char *path, int player)
{
	const char *d = player
	                    ? (!strncmp(path, "/video/", 7) ? path + 7 : NULL)
	                    : path + 1;
	if (!d || !isdigit((unsigned char)*d))
		return NULL;
	if (!player)
		return xstrdup(url);
	size_t n = strspn(d, "0123456789");
	struct buf b = BUF_INIT;
	buf_printf(&b, "https://vimeo.com/%.*s", (int)n, d);
	return buf_detach(&b);
}

char *pdf_video_url(const char *url)
{
	if (!url)
		return NULL;
	if (!strncmp(url, "//", 2)) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "https:%s", url);
		char *v = pdf_video_url(buf_cstr(&b));
		buf_free(&b);
		return v;
	}
	const char *h = !strncasecmp(url, "https://", 8)  ? url + 8
	                : !strncasecmp(url, "http://", 7) ? url + 7
	                                                  : NULL;
	if (!h)
		return NULL;
	size_t n = strcspn(h, "/?#");
	if (h[n] != '/')
		return NULL;
	if (n > 4 && (!strncasecmp(h, "www.", 4)))
		h += 4, n -= 4;
	else if (n > 2 && !strncasecmp(h, "m.", 2))
		h += 2, n -= 2;
	const char *path = h + n;
	if (host_is(h, n, "youtube.com") ||
	    host_is(h, n, "youtube-nocookie.com"))
		return youtube(url, path, 0);
	if (host_is(h, n, "youtu.be"))
		return youtube(url, path, 1);
	if (host_is(h, n, "vimeo.com"))
		return vimeo(url, path, 0);
	if (host_is(h, n, "player.vimeo.com"))
		return vimeo(url, path, 1);
	return NULL;
}

/* The box of video link `link`: its words as the title, unless they only
 * repeat the URL. */
static void link_box(struct pdf *P, cmark_node *link, struct blk *bk)
{
	char *v = pdf_video_url(cmark_node_get_url(link));
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
	char *v = pdf_video_url(cmark_node_get_url(c));
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
	char *v = pdf_video_url(src);
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
