/* epub.h — src/epub/: the EPUB back end, a struct book written as an
 * EPUB 3 package (with an EPUB 2 NCX for older readers) that epubcheck
 * accepts without error or warning.
 *
 * The folder turns each lesson's cmark-gfm tree into XHTML (xhtml.h),
 * writes the package documents (OPF, nav, NCX), vets and names the images,
 * and zips it all with libzip into the same bytes on every run. It may use
 * src/base/ (buffers, diagnostics), src/text/ (HTML cleaning, escaping,
 * code highlighting), src/image/ and src/book/ (the book model and the
 * back-end interface); never src/course/, src/typeset/, src/pdf/ or
 * src/cli/: the loader hands it a finished book, and it shares nothing
 * with the PDF back end but the text helpers.
 *
 * This header is also the private context the EPUB writer's files share:
 * only src/epub/ includes it. epub_write() and epub_init() are declared in
 * book/backend.h. */
#ifndef OCTAVO_EPUB_EPUB_H
#define OCTAVO_EPUB_EPUB_H

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "book/backend.h"
#include "book/terms.h"
#include "base/buf.h"
#include "text/html_clean.h"

#define DOS_EPOCH 315532800 /* 1980-01-01T00:00:00Z, the earliest zip time */
#define DOS_END 4354819200 /* 2108-01-01T00:00:00Z, past the latest */

struct entry {
	char *name;  /* path in the zip */
	struct buf data;
	const unsigned char *ext; /* bytes owned elsewhere (images), or NULL */
	size_t ext_len;
	int store;   /* no compression (mimetype) */
};

struct epub {
	const struct book *b;
	const struct build_options *opt;
	struct diags *d;
	char uuid[37];
	char lang[36];        /* BCP 47 tag for the OPF, NCX and XHTML */
	time_t modified;
	char **lesson_href;   /* "ch01-intro.xhtml" */
	char **asset_href;    /* "images/img01-x.png" or NULL */
	unsigned char **asset_data; /* sanitised SVG bytes we own, or NULL */
	size_t *asset_len;
	int cover_asset;      /* index of the cover image in the package, or -1 */
	int has_images;
	int no_alt;           /* images the lessons show without alt text */
	struct entry *entries;
	size_t n_entries, cap_entries;
	struct terms ix;      /* index terms; none: no index.xhtml */
};

/* A new, empty file at `name` in the package, after those added before
 * (the zip keeps this order). Returns its contents to append to; e owns
 * it, and the pointer is good until the next epub_add_entry. */
struct buf *epub_add_entry(struct epub *e, const char *name);

/* Give every lesson its file name and every usable image its name in the
 * package (e->lesson_href, e->asset_href; NULL for an image left out, with
 * a warning), clean SVG images (e->asset_data), and find the cover. */
void epub_name_files(struct epub *e);

/* Add the packaged images as entries pointing at their bytes (the book's
 * or e->asset_data), after the lessons. */
void epub_add_images(struct epub *e);

/* What the SVG cleaner asks about the book: the package name, relative
 * to the SVG in images/, of the PNG, JPEG or GIF image that `ref` (an
 * <image> link in the SVG) names, with its size in pixels in *w and *h
 * (0 when unknown); or NULL when the book holds no such image. The name
 * is malloc'd; the cleaner frees it. */
struct svg_env {
	char *(*image_href)(void *arg, const char *ref, int *w, int *h);
	void *arg;
};

/* What the SVG cleaner removed because it could run script or reach
 * outside the book: the first such thing ("<script>", "an event
 * handler"; a static string) and how many there were. Things that are
 * merely unknown (editor metadata) are removed without a count. */
struct svg_report {
	const char *first;
	size_t n;
};

/* A copy of SVG `data` holding only what the allow-list in
 * epub_svg_policy.c lets through: no script, event handlers, animated
 * links or external references; <image> only of images the book holds
 * (env finds them), with a width and height. rep (may be NULL) gets what
 * was removed. Returns malloc'd bytes (length in *out_len) that the
 * caller frees, or NULL when the file is not well-formed XML with an
 * SVG <svg> root. */
unsigned char *epub_svg_clean(const unsigned char *data, size_t len,
			      const struct svg_env *env, struct svg_report *rep,
			      size_t *out_len);

/* META-INF/container.xml as an entry, and OEBPS/content.opf into o (its
 * entry, made before the lessons so it keeps its place in the zip, but
 * filled after them: the accessibility claim depends on e->no_alt). */
void epub_write_container(struct epub *e);
void epub_write_opf(struct epub *e, struct buf *o);

/* OEBPS/nav.xhtml (EPUB 3) and OEBPS/toc.ncx (EPUB 2), as entries. */
void epub_write_nav(struct epub *e);
void epub_write_ncx(struct epub *e);

/* OEBPS/index.xhtml from e->ix, after the lessons; nothing when the book
 * has no index terms. */
void epub_write_index(struct epub *e);

/* The book's date as a zip can hold it (1980 to 2107), else -1. */
time_t epub_zip_date(const struct book *b);

/* Zip the entries, in order, into out_path. Returns 0, or -1 after adding
 * a fatal diagnostic. */
int epub_write_zip(struct epub *e, const char *out_path);

/* s escaped for XML; nothing for NULL. */
static inline void epub_esc(struct buf *out, const char *s)
{
	if (s)
		xml_escape(out, s, strlen(s));
}

/* open, then text escaped, then close: one element with text content. */
static inline void epub_elem(struct buf *out, const char *open, const char *text,
			     const char *close)
{
	buf_puts(out, open);
	epub_esc(out, text);
	buf_puts(out, close);
}

static inline const char *epub_book_title(const struct book *b)
{
	return b->title && *b->title ? b->title : "Untitled";
}

static inline const char *epub_lesson_title(const struct lesson *l)
{
	return l->title && *l->title ? l->title : l->slug ? l->slug : "Lesson";
}

#endif
