/* html_policy.h — private to the HTML cleaner (src/text/html_*.c): the
 * allow-list both halves of it read, and the attribute writers they share.
 * Blocks go through libxml2 (html_block.c), single inline tags through a
 * small tag parser (html_inline.c); both ask html_find_element() what to do
 * with an element and write what they keep through the functions below
 * (html_clean.c), so one policy holds for all raw HTML. Nothing outside
 * the cleaner includes this header. */
#ifndef OCTAVO_TEXT_HTML_POLICY_H
#define OCTAVO_TEXT_HTML_POLICY_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "text/html_clean.h"

enum policy {
	P_KEEP,    /* write it, children inside */
	P_VOID,    /* empty element: br, hr, wbr, col */
	P_IMG,
	P_LINK,    /* <a> */
	P_UNWRAP,  /* leave the tag out, keep the children */
	P_QUIET,   /* leave out with content, say nothing (head, meta) */
	P_REMOVE,  /* leave out with content and report (script, form) */
	P_IFRAME,  /* becomes a link to its src */
	P_MEDIA    /* video/audio: a link to its src when it has one */
};

enum {
	E_PHRASING = 1, /* may appear inside a paragraph */
	E_PHRASE_IN = 2, /* content is phrasing only (p, h1, span) */
	E_LIST = 4,     /* only <li> inside */
	E_TABLE = 8,    /* table, thead, tbody, tfoot, tr, colgroup, dl */
};

struct element {
	const char *name;
	enum policy pol;
	const char *as; /* written under this name (center → div) */
	unsigned flags;
	const char *parents; /* " ul ol " — the only parents allowed, or NULL */
};

/* Where cleaned HTML goes, and what writing it must know. */
struct clean_ctx {
	struct buf *out;
	const struct html_env *env;
	struct html_report *rep;
	int in_link; /* an <a> is open: no other may open */
};

struct attr {
	const char *name;
	const char *value; /* NUL-terminated, entities decoded */
};

/* The allow-list's row for an element name (any case), or NULL for an
 * element it does not know. */
const struct element *html_find_element(const char *name);

/* Append the attributes an element written as `as` may keep, out of the
 * n in a. */
void html_put_attrs(struct buf *out, const char *as, const struct attr *a, size_t n);

/* <img>: the packaged image (env finds it), or its alt text in a
 * placeholder, or nothing when it has neither. */
void html_put_img(struct buf *out, const struct attr *a, size_t n,
		  const struct html_env *env);

/* A link to an iframe's or player's src in its place, as a paragraph
 * (block) or a span. Returns 0, writing nothing, when there is no src or
 * it is not a safe URL. */
int html_put_embed_link(struct buf *out, const struct attr *a, size_t n, int block);

/* The start tag of a link to href (already checked safe) with the
 * attributes of a that an <a> may keep. */
void html_put_link_open(struct buf *out, const char *href, const struct attr *a, size_t n);

static inline void html_report_drop(struct html_report *rep, const struct element *el)
{
	if (!rep)
		return;
	if (!rep->dropped)
		rep->dropped = el->name;
	rep->n_dropped++;
}

static inline const char *attr_get(const struct attr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(a[i].name, name))
			return a[i].value ? a[i].value : "";
	return NULL;
}

static inline void xml_escape_str(struct buf *out, const char *s)
{
	xml_escape(out, s, strlen(s));
}

#endif
