/* device.h — the thin libharu device: it only places what the layout
 * engine decided. Fonts (embedded subsets, loaded on first use), glyph
 * runs, rectangles, rules, images, link annotations, destinations, the
 * outline, page labels and document info. */
#ifndef OCTAVO_DEVICE_H
#define OCTAVO_DEVICE_H

#include <hpdf.h>
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "font/fontset.h"
#include "typeset/layout.h"

struct device {
	HPDF_Doc pdf;
	struct fontset *fs;
	HPDF_Font fonts[FONTSET_MAX];
	struct pdffont *font_objs[FONTSET_MAX]; /* each font's objects and subset */
	int bad_font;            /* 1 + fontset id of a font that cannot be embedded, 0 none */
	int n_fonts, fonts_cached; /* fonts embedded, and of them whose subset
				      came from the cache (fontcache.h) */
	unsigned char *shown[FONTSET_MAX]; /* bitmap of BMP code points drawn, per font */
	int shown_ready;         /* shown[] holds every page's text */
	int jobs;                /* threads that draw the pages (device_pages.c) */
	HPDF_Image *images;
	size_t n_images, cap_images;
	HPDF_Page *pages;        /* by layout page index */
	HPDF_Destination *dests; /* by layout dest index, NULL until made */
	size_t n_pages;
	unsigned long error;     /* first libharu error code, 0 none */
	unsigned long detail;
	size_t n_links;          /* link annotations made */
	int links_cut_lesson;    /* where the first link past the limit was: a
				    lesson, -1 none; -2 none yet */
	/* tagged PDF (device_mark.c): the marked-content sequences and link
	 * annotations drawn, in drawing order, for tags.c to build the
	 * structure tree from */
	int tagged;
	struct mark *marks;
	size_t n_marks, cap_marks;
	struct buf link_text;    /* text of the Link element link_text_tag so far */
	int link_text_tag;
	/* the structure tree's objects (tags.c): numbers tree_first on, held
	 * in libharu's cross-reference table by entries that all point at
	 * tree_entry; their text, each whole from "n 0 obj" to "endobj",
	 * written on a thread of its own into tree_text, and written out by
	 * device_save (device.c) in their numbers' order */
	unsigned tree_first;
	size_t n_tree_objs;
	struct tree_obj *tree_objs;
	struct buf tree_text;
	HPDF_XrefEntry_Rec tree_entry;
	HPDF_Null tree_root_ref; /* stands for the root in the catalog's reference */
	struct tree *tree_job;   /* the thread's work, until tags_wait */
	struct ol_item *outline_root; /* the outline (device_outline.c), once made */
	int tree_joined, tree_threaded;
};

/* One object of the structure tree: where its text starts in
 * dv->tree_text, which holds the objects one after the other in their
 * numbers' order. */
struct tree_obj {
	size_t off;
};

/* A marked-content sequence (mcid >= 0) or a link annotation (annot)
 * of element `tag` on layout page `page`, the key-th page drawn. */
struct mark {
	int tag;
	int mcid;
	int page;
	size_t key;
	HPDF_Annotation annot;
};

/* libharu keeps a link annotation as a dozen objects, about 3 KB: a
 * course of nothing but short links or chained footnotes would need a
 * hundred times its size. Past this many, link areas are left out (their
 * text stays) and pdf_write warns once. Real books have hundreds. */
#define DEVICE_MAX_LINKS 20000

int device_open(struct device *dv, struct fontset *fs, struct diags *d, const char *path);
void device_close(struct device *dv);
/* Document info; any of the strings may be NULL. when < 0: no dates. */
void device_info(struct device *dv, const char *title, const char *author,
		 const char *subject, const char *keywords, time_t when);
/* A PNG, GIF or SVG decoded (and its samples compressed) ahead of
 * device_image. */
struct png_pixels {
	int state;                  /* 0 not decoded, 1 decoded, -1 unreadable */
	unsigned long w, h;
	unsigned char *rgb, *alpha; /* Flate data; alpha NULL when opaque */
	size_t rgb_len, alpha_len;
	/* SVG only: the size to draw at, CSS px (the raster is finer), what
	 * the rasteriser gave up (SVGDEC_* flags) and the size it declared */
	double svg_w, svg_h, svg_declared_w, svg_declared_h;
	int svg_notes;
};
/* Whether a PNG goes into the PDF as it is, without decoding. */
int device_png_direct(const unsigned char *data, size_t len);
/* Decode a PNG that is not direct; uses no libharu state, so any thread may. */
void device_png_decode(const unsigned char *data, size_t len, struct png_pixels *px);
/* Decode a GIF's first frame the same way (the PDF has no GIF filter). */
void device_gif_decode(const unsigned char *data, size_t len, struct png_pixels *px);
struct svgdec_options;
/* Rasterise an SVG (image/svgdec.h) the same way; px->svg_* are set. */
void device_svg_decode(const unsigned char *data, size_t len, const struct svgdec_options *o,
		       struct png_pixels *px);
void device_png_free(struct png_pixels *px);
/* DEVICE_SVG needs pre decoded by device_svg_decode. */
enum device_format { DEVICE_JPEG, DEVICE_PNG, DEVICE_GIF, DEVICE_SVG };
/* Load an image; returns an image id, or -1 if it cannot be read.
 * pre (may be NULL): the PNG or GIF decoded already by device_png_decode
 * or device_gif_decode. */
int device_image(struct device *dv, const unsigned char *data, size_t len,
		 enum device_format format, const struct png_pixels *pre, double *w_px,
		 double *h_px);
/* The PDF font for fontset id, made on first use (see pdffont.h); NULL
 * before device_draw has scanned the pages, or if it cannot be embedded
 * (device_save then fails with a message). */
HPDF_Font device_font(struct device *dv, int id);
/* Draw every page of L in `order` (layout page indexes), on dv->jobs
 * threads; the file is the same at any number. */
void device_draw(struct device *dv, const struct layout *L, const size_t *order, size_t n);
/* An outline entry under parent (NULL = top) pointing at layout dest. */
HPDF_Outline device_outline(struct device *dv, const struct layout *L, HPDF_Outline parent,
			    const char *title, int dest, int open);
void device_page_label(struct device *dv, size_t first_page, int roman);
/* Write the file; returns 0, or -1 after a diagnostic. */
int device_save(struct device *dv, const char *path, struct diags *d);

#endif
