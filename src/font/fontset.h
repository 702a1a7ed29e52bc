/* fontset.h — src/font/: TrueType fonts, from file bytes to the numbers
 * the rest of the pipeline needs.
 *
 * This folder reads font files: the character coverage and advance widths
 * the layout engine measures text with (here, fontset.c), the one reader
 * of a font's table directory, and the facts a PDF font descriptor needs
 * and the subset of a font a PDF embeds (ttsubset.h, and cffsubset.h for
 * the CFF outlines of a CJK system font), and the system fonts found
 * through fontconfig for characters the book's fonts lack (sysfont.c).
 * It uses only src/base/ and fontconfig: no libharu, no layout and no
 * PDF, so measuring and subsetting can be tested, and fuzzed, on bytes
 * alone.
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
/* A system font (sysfont.c) maps code points below this: planes 0–2,
 * where the emoji (plane 1) and the rarer CJK ideographs (plane 2) are. */
#define FONTSET_SYS_CP 0x30000
/* At most this many system fonts per book: CJK in the kinds below,
 * emoji, and a spare. */
#define FONTSET_SYS_MAX 8
/* The kind of a font a system font stands in for: sans, serif or
 * monospaced, times regular or bold (sysfont.c asks fontconfig for the
 * same kind). */
enum { FONT_SANS, FONT_SERIF, FONT_MONO };
#define FONTSET_KINDS 6

/* Face bits: a family's four files are base + (bold | italic). */
enum { FACE_BOLD = 1, FACE_ITALIC = 2 };

struct font {
	char *path;       /* TrueType file */
	int loaded;       /* 1 read, -1 unreadable */
	uint16_t *glyph;  /* [n_cp] glyph id per code point, 0 = none; mapped
			   * memory (xmap_zeroed) */
	uint16_t *advance;/* advance width per glyph, in 1/1000 em */
	uint16_t ascii[128]; /* once loaded: fontset_advance of each ASCII
			      * character (0 when missing), for the layout's
			      * measuring (fontset_ascii) */
	unsigned n_glyphs;
	unsigned char *data; /* the whole file, kept for the PDF's font subset */
	int mapped;          /* data is the file mapped (munmap), not read */
	size_t len;
	unsigned n_cp;    /* glyph[] spans code points below this */
	int sys;          /* found through fontconfig: glyph[] spans
			   * FONTSET_SYS_CP and the PDF writes glyph codes */
	int cff;          /* CFF outlines (OpenType), only for a system font */
	int index;        /* face in a TrueType collection (.ttc) */
	/* the file as it was when read: device, inode, size, and times of
	 * change and modification (seconds, nanoseconds), which any
	 * rewrite of it changes; the PDF's cached font subsets are keyed
	 * by it (pdf/fontcache.c) */
	unsigned long long stamp[7];
	int style, bold;  /* FONT_SANS/SERIF/MONO and weight, from its tables */
	unsigned serves;  /* system font: bit kind set for each kind
			   * (font_kind) it was found for */
};

struct fontset {
	struct font f[FONTSET_MAX];
	int n;
	int fallback;     /* font id of the fallback (DejaVu Sans), or -1 */
	/* System fonts (sysfont.c), asked for only when a character is in
	 * none of the fonts above, so a book without one costs nothing. */
	const char *lang; /* the book's language for fontconfig; borrowed, may be NULL */
	int verbose;      /* name each system font chosen on stderr */
	int n_sys;
	unsigned char *sys_miss[FONTSET_KINDS]; /* per kind, bitmap over
			   * FONTSET_SYS_CP: asked in vain */
	void *fc;         /* the FcConfig, made on the first such character */
	/* A copy of the set read by a thread beside others (the PDF's
	 * parallel layout): nothing may change it, so a character that would
	 * have to be looked up in fontconfig is not; it sets sys_needed and
	 * is taken as missing, and the caller lays out again on one thread. */
	int frozen;
	int sys_needed;
};

void fontset_init(struct fontset *fs);
void fontset_free(struct fontset *fs);
/* Read every font registered so far, so that reading the set changes
 * nothing in it (before copies of it are read by several threads). */
void fontset_load_all(struct fontset *fs);
/* Register a file; returns its id (nothing is read yet). */
int fontset_add(struct fontset *fs, const char *path);
/* Whether font `id` has a glyph for code point cp (cp > 0xFFFF: only a
 * system font). */
int fontset_has(struct fontset *fs, int id, uint32_t cp);
/* Advance of cp in font id, in 1/1000 em (0 when missing). */
unsigned fontset_advance(struct fontset *fs, int id, uint32_t cp);
/* Font id's advances of the ASCII characters (font.ascii), loading it
 * first; NULL when it cannot be read. */
const uint16_t *fontset_ascii(struct fontset *fs, int id);
/* Width in points of n bytes of UTF-8 in font id at size_pt. */
double fontset_width(struct fontset *fs, int id, const char *s, size_t n,
		     double size_pt);
/* fontset_pick past its first test (fontset.c). */
int fontset_pick_other(struct fontset *fs, int id, uint32_t cp);
/* Which font draws cp when `id` is asked: id, else the fallback, else a
 * system font that has it (sysfont.c), else -1. Inline for its common
 * answer, id itself (loaded, with a glyph for cp): the layout asks it
 * for every character, 381,000 times for 100 lessons. */
static inline int fontset_pick(struct fontset *fs, int id, uint32_t cp)
{
	if (id >= 0 && id < fs->n && cp < fs->f[id].n_cp && fs->f[id].loaded == 1 &&
	    fs->f[id].glyph[cp])
		return id;
	return fontset_pick_other(fs, id, cp);
}
/* Register and read the system font at path (face `index` of a .ttc);
 * returns its id, or -1 if it cannot be read or the set is full. Used by
 * sysfont.c; the font may have CFF outlines. */
int fontset_add_sys(struct fontset *fs, const char *path, int index);

/* sysfont.c: a font installed on the system that has cp, of the kind of
 * font `id` (sans, serif or monospaced; regular or bold) if there is one,
 * found through fontconfig and added to fs; its id, or -1 (then asking
 * again for cp costs a bit lookup). */
int fontset_sys_pick(struct fontset *fs, int id, uint32_t cp);
/* Release fontconfig's state; called by fontset_free. */
void fontset_sys_free(struct fontset *fs);

/* Decode one UTF-8 sequence at s (n bytes left); *len gets its length.
 * Invalid bytes decode as U+FFFD, length 1. Inline for ASCII, which is
 * most of what the layout and the PDF walk a character at a time. */
uint32_t utf8_next_multi(const char *s, size_t n, size_t *len);
static inline uint32_t utf8_next(const char *s, size_t n, size_t *len)
{
	if ((unsigned char)s[0] < 0x80) {
		*len = 1;
		return (unsigned char)s[0];
	}
	return utf8_next_multi(s, n, len);
}

#endif
