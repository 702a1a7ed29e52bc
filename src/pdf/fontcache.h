/* fontcache.h — the deflated font subsets of earlier builds, kept in the
 * cache folder (base/cache.h). Making a font's subset and deflating it
 * was an eighth of a small course's build, and a course rebuilt after an
 * edit nearly always draws the same characters in the same fonts. */
#ifndef OCTAVO_FONTCACHE_H
#define OCTAVO_FONTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "font/fontset.h"

/* What a font subset is made from: this octavo binary (its build ID),
 * the font file (f's stamp, face and kind, and its sfnt table directory,
 * which holds every table's checksum) and the glyphs, in order. Appended
 * to key; the file's name (of the font alone, and up to 8 glyph sets a
 * font) to name. Returns 0, or -1 when nothing can be cached (no cache
 * folder, or no build ID). */
int fontcache_key(const struct font *f, const uint16_t *gids, size_t n, struct buf *key,
		  struct buf *name);

/* The deflated subset kept under name for exactly key: appended to z,
 * with the subset's size before deflating in *raw_len. Returns 0, or -1
 * (z as it was) when there is none, or it was made for another key, or
 * it is damaged. */
int fontcache_get(const char *name, const struct buf *key, struct buf *z, size_t *raw_len);

/* Keep z (raw_len bytes before deflating) under name for key, replacing
 * what was there; silent when it cannot. */
void fontcache_put(const char *name, const struct buf *key, const struct buf *z, size_t raw_len);

#endif
