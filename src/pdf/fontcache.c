/* fontcache.c — the deflated font subsets and maps of earlier builds
 * (see fontcache.h).
 *
 * A file holds one font's streams: a header (magic, the key's length,
 * the subset's size before deflating, each stream's length, a CRC of
 * all that follows it), the key, and the deflated program, CIDToGIDMap
 * and ToUnicode map. It is used only when its key is the
 * build's, byte for byte, and its CRC matches, so a damaged, cut-short or
 * foreign file, or one of another octavo build, is made again, never
 * trusted. The key names the font file by its stamp (device, inode, size,
 * change and modification times: a rewrite of the file changes them) and
 * by its table directory (every table's checksum), so a changed font is
 * never matched with the old one's subset. Files are named after the
 * font and one of 8 slots chosen by the glyphs, so the folder holds at
 * most 8 subsets of a font, whatever number of books use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/fontcache.h"
#include "base/cache.h"
#include "base/util.h"
#include "base/zflate.h"

#define MAGIC "OCTFSUB2"
#define SLOTS 8
#define MAX_FILE (64u << 20)

struct head {
	char magic[8];
	uint32_t key_len, raw_len, len[3], crc;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

int fontcache_key(const struct font *f, const uint16_t *gids, size_t n, const struct buf *chars,
		  struct buf *key, struct buf *name)
{
	const unsigned char *id;
	size_t id_len = cache_build_id(&id);
	char *dir = id_len ? cache_dir() : NULL;
	int none = !dir || f->len < 12;
	free(dir);
	if (none)
		return -1;
	/* the sfnt table directory: 12 bytes, then 16 a table */
	size_t tables = (size_t)f->data[4] << 8 | f->data[5];
	size_t dir_len = 12 + 16 * tables;
	if (dir_len > f->len)
		dir_len = f->len;
	int kind[3] = {f->index, f->sys, f->cff};
	buf_put(key, MAGIC, 8);
	size_t font_from = key->len;
	buf_put(key, f->stamp, sizeof f->stamp);
	buf_put(key, kind, sizeof kind);
	buf_put(key, &f->len, sizeof f->len);
	buf_put(key, f->data, dir_len);
	/* the file is named after the font alone: a new octavo build takes
	 * over its predecessor's files instead of adding its own */
	uint64_t font = fnv(14695981039346656037ull, key->ptr + font_from, key->len - font_from);
	buf_put(key, &id_len, sizeof id_len);
	buf_put(key, id, id_len);
	buf_put(key, &n, sizeof n);
	buf_put(key, gids, n * sizeof *gids);
	buf_put(key, &chars->len, sizeof chars->len);
	buf_put(key, chars->ptr, chars->len);
	uint64_t glyphs = fnv(14695981039346656037ull, gids, n * sizeof *gids);
	buf_printf(name, "fonts/%016llx-%u.sub", (unsigned long long)font,
		   (unsigned)(glyphs % SLOTS));
	return 0;
}

/* s's three buffers, in the file's order. */
static struct buf *part(const struct fontcache_streams *s, int k)
{
	return k == 0 ? s->file : k == 1 ? s->map : s->cmap;
}

int fontcache_get(const char *name, const struct buf *key, const struct fontcache_streams *s)
{
	struct buf f = BUF_INIT;
	struct head h;
	int ok = cache_read(name, MAX_FILE, &f) == 0 && f.len >= sizeof h;
	if (ok) {
		memcpy(&h, f.ptr, sizeof h);
		size_t body = (size_t)h.key_len + h.len[0] + h.len[1] + h.len[2];
		ok = !memcmp(h.magic, MAGIC, 8) && h.key_len == key->len &&
		     f.len - sizeof h == body && h.len[0] > 0 && h.len[2] > 0 &&
		     !memcmp(f.ptr + sizeof h, key->ptr, key->len) &&
		     zcrc32(0, f.ptr + sizeof h, f.len - sizeof h) == h.crc;
	}
	if (ok) {
		const char *at = f.ptr + sizeof h + h.key_len;
		for (int k = 0; k < 3; k++) {
			buf_put(part(s, k), at, h.len[k]);
			at += h.len[k];
		}
		*s->raw_len = h.raw_len;
	}
	buf_free(&f);
	return ok ? 0 : -1;
}

void fontcache_put(const char *name, const struct buf *key, const struct fontcache_streams *s)
{
	size_t total = key->len;
	for (int k = 0; k < 3; k++)
		total += part(s, k)->len;
	if (total > MAX_FILE || *s->raw_len > UINT32_MAX)
		return;
	struct head h;
	memcpy(h.magic, MAGIC, 8);
	h.key_len = (uint32_t)key->len;
	h.raw_len = (uint32_t)*s->raw_len;
	struct cache_part v[4] = {{key->ptr, key->len}};
	for (int k = 0; k < 3; k++) {
		h.len[k] = (uint32_t)part(s, k)->len;
		v[k + 1] = (struct cache_part){part(s, k)->ptr, part(s, k)->len};
	}
	h.crc = cache_parts_crc(v, 4);
	cache_write(name, &h, sizeof h, v, 4);
}
