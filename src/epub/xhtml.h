/* xhtml.h — one lesson's cmark-gfm tree written as EPUB 3 XHTML.
 *
 * The writer walks the tree with cmark_iter (one small function per node
 * type) and asks the book model about nodes: IAL classes, heading ids,
 * link targets and image assets. It knows nothing about the zip: the
 * caller says what each lesson file and each packaged image is called. */
#ifndef OCTAVO_XHTML_H
#define OCTAVO_XHTML_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "book/book.h"
#include "base/buf.h"
#include "base/diag.h"

struct xhtml_pkg {
	const char *const *lesson_href; /* b->n_lessons names: "03-basics.xhtml" */
	const char *const *asset_href;  /* b->n_assets hrefs relative to the
					   lesson files ("images/a.png"), NULL
					   for an asset not in the package */
};

/* Append the body content of `doc` (a lesson's tree) to out. `lesson` is
 * the lesson's index in b, used for diagnostics and for its title when the
 * tree has no h1; b may describe a book whose lessons[lesson].doc is not
 * `doc` (tests). Warnings about dropped raw HTML and images without alt
 * text go to d. Returns the number of images written without alt text
 * (the book then makes no accessibility conformance claim). */
int xhtml_render(struct buf *out, const struct book *b, size_t lesson,
		 cmark_node *doc, const struct xhtml_pkg *pkg, struct diags *d);

/* The start of an XHTML content document up to and including <body...>,
 * and its end. `body_type` is an epub:type for <body> or NULL. */
void xhtml_page_begin(struct buf *out, const char *lang, const char *title,
		      const char *css_href, const char *body_type);
void xhtml_page_end(struct buf *out);

/* Whether a heading belongs in the table of contents: a top-level
 * heading of the lesson, not the title line of a callout. */
int xhtml_heading_in_toc(const struct heading *h);

#endif
