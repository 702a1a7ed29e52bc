/* ttsubset.h — TrueType font programs for the PDF: the facts a font
 * descriptor needs, and a subset of a font file that holds only the
 * glyphs a book draws.
 *
 * The subset keeps every glyph id where it was (glyphs not drawn become
 * empty), so a PDF's CIDToGIDMap can use the ids of the original font.
 * Pure: bytes in, bytes out, no libharu and no shared state, so a font can
 * be subset on any thread. Fonts can come from a user's theme, so every
 * read is bounds-checked and a malformed font is refused, not trusted. */
#ifndef OCTAVO_TTSUBSET_H
#define OCTAVO_TTSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Flags bits of a PDF font descriptor. */
enum { TT_FIXED_PITCH = 1, TT_SERIF = 2, TT_NONSYMBOLIC = 32, TT_ITALIC = 64 };

struct tt_info {
	unsigned n_glyphs;
	unsigned units_per_em;
	int bbox[4];         /* xMin yMin xMax yMax, 1/1000 em */
	int ascent, descent; /* 1/1000 em, descent negative */
	int cap_height;      /* 1/1000 em */
	int italic_angle;    /* degrees, counter-clockwise from vertical */
	int stem_v;          /* estimated from the weight class */
	int flags;           /* TT_* */
	char ps_name[64];    /* PostScript name (PDF-name-safe), "" if none */
};

/* A table of a TrueType file: where it starts and its length in bytes. */
struct tt_table {
	const unsigned char *p; /* NULL when the font has no such table */
	size_t len;
};

/* Table `tag` of the font in d (n bytes), checked to lie inside the file.
 * The one reader of the table directory, for fontset.c too. */
struct tt_table tt_find(const unsigned char *d, size_t n, const char *tag);

/* Read what a PDF font descriptor says about the font in d (n bytes).
 * Returns 0, or -1 if it is not a TrueType or OpenType font with glyph
 * outlines (glyf or CFF). */
int tt_info(const unsigned char *d, size_t n, struct tt_info *info);

/* Append to out a TrueType file holding glyph 0, the n_used glyph ids in
 * used (any order, repeats allowed) and the glyphs their composites are
 * built from, each under its original id; out gets head, hhea, hmtx,
 * maxp, loca, glyf, and OS/2, post, cvt, fpgm, prep when the font has
 * them. Ids past the font's glyph count are ignored. Returns 0, or -1 if
 * the font is malformed (out is then left as it was). */
int tt_subset(const unsigned char *d, size_t n, const uint16_t *used, size_t n_used,
	      struct buf *out);

#endif
