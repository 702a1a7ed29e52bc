/* fontset.h — src/font/: TrueType fonts, from file bytes to the numbers
 * the rest of the pipeline needs.
 *
 * This folder reads font files: the character coverage and advance widths
 * the layout engine measures text with (here, fontset.c), the one reader
 * of a font's table directory, and the facts a PDF font descriptor needs
 * and the subset of a font a PDF embeds (ttsubset.h). It uses only
 * src/base/: no libharu, no layout and no PDF, so measuring and subsetting
 * can be tested, and fuzzed, on bytes alone.
 *
 * The fonts a PDF uses: TrueType files read once, their character
 * coverage and advance widths, and the fallback rule.
 *
 * The layout engine measures text through these tables rather than through
 * libharu, so measuring costs an array lookup per character and the engine
 * can run (and be tested) without a PDF document. A font is read only when
 * something asks about it, so unused faces cost nothing. */
#ifndef OCTAVO_FONTSET_H
#define OCTAVO_FONTSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define FONTSET_MAX 24

/* Face bits: a family's four files are base + (bold | italic). */
enum { FACE_BOLD = 1, FACE_ITALIC = 2 };

struct font {
	char *path;       /* TrueType file */
	int loaded;       /* 1 read, -1 unreadable */
	uint16_t *glyph;  /* [0x10000] glyph id per BMP code point; 0 = none */
	uint16_t *advance;/* advance width per glyph, in 1/1000 em */
	unsigned n_glyphs;
	unsigned char *data; /* the whole file, kept for the PDF's font subset */
	size_t len;
};

struct fontset {
	struct font f[FONTSET_MAX];
	int n;
	int fallback;     /* font id of the fallback (DejaVu Sans), or -1 */
};

void fontset_init(struct fontset *fs);
void fontset_free(struct fontset *fs);
/* Register a file; returns its id (nothing is read yet). */
int fontset_add(struct fontset *fs, const char *path);
/* Whether font `id` has a glyph for code point cp (cp > 0xFFFF: never). */
int fontset_has(struct fontset *fs, int id, uint32_t cp);
/* Advance of cp in font id, in 1/1000 em (0 when missing). */
unsigned fontset_advance(struct fontset *fs, int id, uint32_t cp);
/* Width in points of n bytes of UTF-8 in font id at size_pt. */
double fontset_width(struct fontset *fs, int id, const char *s, size_t n,
		     double size_pt);
/* Which font draws cp when `id` is asked: id, else the fallback, else -1. */
int fontset_pick(struct fontset *fs, int id, uint32_t cp);

/* Decode one UTF-8 sequence at s (n bytes left); *len gets its length.
 * Invalid bytes decode as U+FFFD, length 1. */
uint32_t utf8_next(const char *s, size_t n, size_t *len);

#endif
