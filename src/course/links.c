/* links.c — step 4 of the load, links: every link of every lesson is
 * sorted into external, unsafe (javascript: and the like, never written),
 * internal (a lesson of this book and maybe one of its heading ids) or
 * broken, and the answer hung on the link node for the back ends. Runs
 * after every lesson is parsed, since a link may name any lesson's
 * heading. */
#include "course/course.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/path.h"
#include "text/video.h"

/* Scheme of a URL, lower-cased, ignoring the tabs, newlines and spaces
 * browsers ignore ("java\tscript:"); "" when it has none. */
void url_scheme(const char *url, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = url; *p && n + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ')
			continue;
		if (c == ':') {
			out[n] = '\0';
			return;
		}
		if (!(isalnum(c) || c == '+' || c == '-' || c == '.'))
			break;
		out[n++] = (char)tolower(c);
	}
	out[0] = '\0';
}

static char *percent_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			int c = (int)strtol(hex, NULL, 16);
			if (c) {
				buf_putc(&b, c);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

const char *lesson_dir(const struct lesson *l, char **owned)
{
	const char *slash = strrchr(l->file, '/');
	*owned = slash ? xstrndup(l->file, (size_t)(slash - l->file)) : NULL;
	return *owned ? *owned : "";
}

/* Key of a lesson in lesson_by_key: course-relative path, no extension. */
char *lesson_key(const char *file)
{
	const char *dot = strrchr(file, '.');
	const char *slash = strrchr(file, '/');
	if (dot && (!slash || dot > slash))
		return xstrndup(file, (size_t)(dot - file));
	return xstrdup(file);
}

/* The lesson a link path names ("x.html", "x.md", "x", "x/"), taken
 * relative to course folder `dir`: 1 and *v its index, else 0. */
static int lesson_at(struct loader *L, const char *dir, const char *path, intptr_t *v)
{
	char *rel = path_normalise(dir, path);
	if (!rel)
		return 0;
	size_t rl = strlen(rel);
	if (rl && rel[rl - 1] == '/')
		rel[rl - 1] = '\0';
	const char *dot = strrchr(rel, '.');
	const char *slash = strrchr(rel, '/');
	int lessonish = !dot || (slash && dot < slash) || !strcmp(dot, ".html") ||
			!strcmp(dot, ".htm") || !strcmp(dot, ".md") || !strcmp(dot, ".markdown");
	int found = 0;
	if (lessonish) {
		char *key = lesson_key(rel);
		found = strmap_get(&L->lesson_by_key, key, strlen(key), v);
		free(key);
	}
	free(rel);
	return found;
}

/* The lesson that path `raw` (percent-decoded) of a link in lesson l
 * names: 1 and *v its index, else 0. */
static int link_lesson(struct loader *L, const struct lesson *l, const char *raw, intptr_t *v)
{
	char *dirown;
	const char *dir = lesson_dir(l, &dirown);
	int found;
	if (raw[0] == '/') {
		const char *rest = raw + 1;
		if (!strncmp(raw, "/learn/", 7) && strchr(raw + 7, '/'))
			rest = strchr(raw + 7, '/') + 1;
		found = lesson_at(L, "", rest, v);
	} else {
		/* beside the lesson, else from the course root (a
		 * lesson in a subfolder linking as the site does) */
		found = lesson_at(L, dir, raw, v) || (*dir && lesson_at(L, "", raw, v));
	}
	free(dirown);
	return found;
}

static void resolve_link(struct loader *L, size_t li, cmark_node *n)
{
	struct lesson *l = &L->b->lessons[li];
	struct lesson_priv *lp = l->front;
	struct node_info *in = info_of(lp, n);
	const char *url = cmark_node_get_url(n);
	char scheme[16];
	in->has_link = 1;
	in->link = LINK_BROKEN;
	if (!url)
		url = "";
	url_scheme(url, scheme, sizeof scheme);
	if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") ||
	    !strcmp(scheme, "data") || !strcmp(scheme, "file")) {
		in->link = LINK_UNSAFE;
		node_diag(l, n, DIAG_WARNING, "%s: link is never written into the book", scheme);
		return;
	}
	if (*scheme || !strncmp(url, "//", 2)) {
		in->link = LINK_EXTERNAL;
		/* a video's player or share address becomes the watch address
		 * iframes get, so both formats link (and print) the same one */
		char *watch = video_watch_url(url);
		if (watch && strcmp(watch, url))
			cmark_node_set_url(n, watch);
		free(watch);
		return;
	}
	if (!*url) {
		node_diag(l, n, DIAG_WARNING, "link has no target");
		return;
	}
	size_t plen = strcspn(url, "?#");
	const char *hash = strchr(url, '#');
	char *frag = hash ? percent_decode(hash + 1, strlen(hash + 1)) : NULL;
	size_t target = li;
	if (plen > 0) {
		char *raw = percent_decode(url, plen);
		intptr_t v = -1;
		if (!link_lesson(L, l, raw, &v)) {
			node_diag(l, n, DIAG_WARNING, "link to '%s' does not lead to a lesson of this book",
				  raw);
			free(raw);
			free(frag);
			return;
		}
		free(raw);
		target = (size_t)v;
	}
	in->link = LINK_INTERNAL;
	in->link_lesson = target;
	in->link_id = NULL;
	if (frag && *frag) {
		const struct lesson *tl = &L->b->lessons[target];
		const struct lesson_priv *tp = tl->front;
		intptr_t h;
		if (strmap_get(&tp->ids, frag, strlen(frag), &h)) {
			in->link_id = (const char *)h;
		} else {
			node_diag(l, n, DIAG_WARNING, "link to '#%s': %s has no heading with that id",
				  frag, tl->file);
			if (plen == 0)
				in->link = LINK_BROKEN;
		}
	}
	free(frag);
}

void resolve_lesson(struct loader *L, size_t li)
{
	struct lesson *l = &L->b->lessons[li];
	struct lesson_priv *lp = l->front;
	/* the links and images parse_lesson noted, in document order */
	for (size_t i = 0; l->doc && i < lp->n_refs; i++) {
		cmark_node *n = lp->refs[i];
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			resolve_link(L, li, n);
		else
			resolve_image(L, li, n);
	}
	free(lp->refs);
	lp->refs = NULL;
	lp->n_refs = lp->cap_refs = 0;
}
