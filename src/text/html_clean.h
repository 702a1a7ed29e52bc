/* html_clean.h — raw HTML from lessons made into safe, well-formed XHTML.
 *
 * Lessons carry raw HTML (cmark HTML_BLOCK and HTML_INLINE nodes): iframes
 * for videos, <kbd> and <br>, whole pasted pages. The EPUB must stay valid
 * XHTML and must never carry script, so every element and attribute goes
 * through one allow-list here:
 *   - allowed elements keep only harmless attributes (class, title, and
 *     checked href/src/alt/colspan/rowspan/start/width/height);
 *   - script, style, forms, embeds, media and the like are removed with
 *     their content, and reported so the caller can warn;
 *   - <iframe src=X> becomes a link to X;
 *   - unknown elements are unwrapped (their text stays), comments dropped;
 *   - href must be http:, https: or mailto:; no event handler, style or id
 *     attribute ever passes (ids could clash with heading ids).
 * Blocks go through libxml2's HTML parser; single inline tags, which cmark
 * splits across nodes, are parsed here one tag at a time. */
#ifndef OCTAVO_HTML_CLEAN_H
#define OCTAVO_HTML_CLEAN_H

#include <stddef.h>

#include "base/buf.h"

struct html_env {
	/* Package href of an image written as `src` in the HTML, or NULL
	 * when the book does not hold that image (the alt text is shown). */
	const char *(*image_href)(void *arg, const char *src);
	void *arg;
};

struct html_report {
	const char *dropped; /* first element removed for safety ("script"),
				or NULL; a static string */
	size_t n_dropped;
};

/* Append the XHTML form of an HTML block (flow content) to out. Never
 * fails: what cannot be parsed is dropped and reported. */
void html_clean_block(struct buf *out, const char *html, size_t len,
		      const struct html_env *env, struct html_report *rep);

enum html_tag_kind {
	HTML_TAG_TEXT,    /* not a tag we keep: show it as literal text */
	HTML_TAG_OPEN,    /* an allowed element opened; wrote its start tag */
	HTML_TAG_CLOSE,   /* a closing tag of an allowed element; wrote nothing */
	HTML_TAG_VOID,    /* a complete element (br, img, iframe→link); written */
	HTML_TAG_DROP,    /* comment, or a harmless tag we leave out */
	HTML_TAG_SKIP     /* script/style-like: drop it and its content up to
			     the matching close tag */
};

/* One inline HTML node (a single tag or comment, as cmark gives them).
 * For OPEN, CLOSE and SKIP the element name (lower case, static) goes to
 * *name so the caller can match the closing tag; the caller writes the
 * end tag itself ("</name>"). `in_link` forbids nested <a>. */
enum html_tag_kind html_clean_inline(struct buf *out, const char *tag,
				     size_t len, int in_link,
				     const struct html_env *env,
				     struct html_report *rep,
				     const char **name);

/* Whether a URL may be written as an href: http:, https: or mailto: with
 * no control characters. */
int html_url_is_safe(const char *url);

/* Append ` class="..."` holding the tokens of v that are plain names
 * (letters, digits, '-', '_'); nothing when none is. */
void html_class_attr(struct buf *out, const char *v);

/* Append s (n bytes) escaped for XML text or attribute values: & < > "
 * escaped, characters XML forbids (controls, invalid UTF-8) replaced by
 * U+FFFD or dropped, so any input yields well-formed output. */
void xml_escape(struct buf *out, const char *s, size_t n);

#endif
