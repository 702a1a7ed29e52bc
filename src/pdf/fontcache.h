/* fontcache.h — the deflated font subsets of earlier builds, with the
 * maps that go with them, kept in the cache folder (base/cache.h).
 * Making a font's subset and maps and deflating them was an eighth of a
 * small course's build, and a course rebuilt after an edit nearly always
 * draws the same characters in the same fonts. */
#ifndef OCTAVO_FONTCACHE_H
#define OCTAVO_FONTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "font/fontset.h"

/* What a font's streams are made from: this octavo binary (its build
 * ID), the font file (f's stamp, face and kind, and its sfnt table
 * directory, which holds every table's checksum), the glyphs, in order,
 * and `chars` (the characters drawn, as the caller's maps read them).
 * Appended to key; the file's name (of the font alone, and up to 8 glyph
 * sets a font) to name. Returns 0, or -1 when nothing can be cached (no
 * cache folder, or no build ID). */
int fontcache_key(const struct font *f, const uint16_t *gids, size_t n, const struct buf *chars,
		  struct buf *key, struct buf *name);

/* A font's streams, deflated: its program (the subset, raw_len bytes
 * before deflating), its CIDToGIDMap (empty when it has none) and its
 * ToUnicode map. */
struct fontcache_streams {
	struct buf *file, *map, *cmap;
	size_t *raw_len;
};

/* The streams kept under name for exactly key, appended to s's buffers.
 * Returns 0, or -1 (the buffers as they were) when there are none, or
 * they were made for another key, or the file is damaged. */
int fontcache_get(const char *name, const struct buf *key, const struct fontcache_streams *s);

/* Keep s under name for key, replacing what was there; silent when it
 * cannot. */
void fontcache_put(const char *name, const struct buf *key, const struct fontcache_streams *s);

#endif
