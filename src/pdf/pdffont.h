/* pdffont.h — a TrueType font of the book as PDF objects (a Type 0 font,
 * its CIDFontType2, descriptor, embedded subset, CIDToGIDMap and
 * ToUnicode map), built through libharu's object calls instead of its
 * TrueType machinery. Text shown in it is written as 2-byte codes, the BMP
 * code points, or for a system font (fontset.h) its glyph codes. */
#ifndef OCTAVO_PDFFONT_H
#define OCTAVO_PDFFONT_H

#include <hpdf.h>

#include "font/fontset.h"

struct pdffont;

/* Add the objects of font f to pdf for the code points set in shown (a
 * bitmap of 0x10000 bits). Returns the font for HPDF_Page_SetFontAndSize,
 * or NULL if f cannot be embedded or libharu failed. *out gets the
 * bookkeeping (NULL only when nothing was made), for pdffont_make,
 * pdffont_finish and pdffont_free; it reads f's data and shown until
 * the font is made, so neither may change or go before. */
HPDF_Font pdffont_new(HPDF_Doc pdf, const struct font *f, const unsigned char *shown,
		      struct pdffont **out);
/* Make the font's subset, maps and CMap, deflated: the bulk of its work,
 * touching no libharu object, so any thread may run it, once, between
 * pdffont_new and pdffont_finish. */
void pdffont_make(struct pdffont *pf);
/* Fill the font's streams (making it first if pdffont_make has not run);
 * before the PDF is saved. Returns 0, or -1 if the font file could not be
 * subset. */
int pdffont_finish(struct pdffont *pf);
/* For a system font (written with glyph codes): the character code of
 * each glyph id of the code points in shown, as pdffont_new will number
 * them, so pages can be drawn before the font is made; the caller frees
 * it. NULL for a font written with BMP code points. */
uint16_t *pdffont_glyph_codes(const struct font *f, const unsigned char *shown);
/* 1 when the font's subset came from the cache (fontcache.h), else 0. */
int pdffont_was_cached(const struct pdffont *pf);
/* Free; pf may be NULL. */
void pdffont_free(struct pdffont *pf);

#endif
