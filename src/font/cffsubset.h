/* cffsubset.h — the subset of a CID-keyed CFF font program (the `CFF `
 * table of an OpenType font such as Noto Sans CJK) that a PDF embeds as
 * FontFile3 /CIDFontType0C: glyph 0 and the glyphs a book draws, nothing
 * else.
 *
 * A CJK font's CFF is 15 MB (65,535 glyphs); embedding it whole would
 * make every book with one Chinese word that big. The subset renumbers
 * the glyphs it keeps (CID i is the i-th glyph asked for), keeps the font
 * dictionaries of those glyphs only, and writes their outlines with the
 * subroutines they call inlined, so that none of the font's 30,000
 * subroutines need come along: a page of Chinese embeds a few tens of
 * kilobytes. Pure, bytes in and bytes out, and every read bounds-checked:
 * a malformed font is refused, not trusted. */
#ifndef OCTAVO_CFFSUBSET_H
#define OCTAVO_CFFSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Whether d (n bytes, a `CFF ` table) is a CID-keyed CFF octavo can
 * subset: 1 or 0. */
int cff_check(const unsigned char *d, size_t n);

/* Append to out a CID-keyed CFF font program holding glyph 0 as CID 0
 * and glyph used[i] as CID i + 1 (n_used at most 65,534). Returns 0, or
 * -1 if the font is malformed or an id is past its glyphs (out is then
 * left as it was). */
int cff_subset(const unsigned char *d, size_t n, const uint16_t *used, size_t n_used,
	       struct buf *out);

#endif
