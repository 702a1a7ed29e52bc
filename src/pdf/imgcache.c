/* imgcache.c — the decoded pictures of earlier builds (see imgcache.h).
 *
 * A file holds one picture's planes: a header (magic, the lengths of
 * what follows, the raster's size, an SVG's size to draw at and what its
 * rasteriser gave up, a CRC of all that follows the header), the key,
 * the libraries that made it (each a path and its stamp), the deflated
 * RGB samples and the deflated alpha plane. It is used only when its key
 * is the build's, byte for byte, its CRC matches and each library is
 * still the file it was, so a damaged, cut-short or foreign file, one of
 * another octavo build or one a new librsvg would draw otherwise is
 * made again, never trusted. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/cache.h"
#include "base/util.h"
#include "base/zflate.h"
#include "pdf/imgcache.h"

#define MAGIC "OCTPIX01"
#define SLOTS 4
#define MAX_FILE (256u << 20)

struct head {
	char magic[8];
	uint32_t key_len, deps_len;
	uint64_t rgb_len, alpha_len, w, h;
	double svg_w, svg_h, svg_declared_w, svg_declared_h;
	int32_t svg_notes;
	uint32_t crc;
};

/* The stamp of the file at path (cache_stamp); all 0 when it cannot be
 * read. */
static int stamp_of(const char *path, unsigned long long st[7])
{
	struct stat s;
	memset(st, 0, 7 * sizeof *st);
	if (stat(path, &s))
		return -1;
	cache_stamp(&s, st);
	return 0;
}

/* Every .ttf of dir (the ones svgdec_fonts gives fontconfig), in name
 * order, by name and stamp. */
static void fonts_key(const char *dir, struct buf *key)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);
		if (len > 4 && !strcasecmp(ents[i]->d_name + len - 4, ".ttf")) {
			struct buf path = BUF_INIT;
			buf_printf(&path, "%s/%s", dir, ents[i]->d_name);
			unsigned long long st[7];
			stamp_of(buf_cstr(&path), st);
			buf_free(&path);
			buf_put(key, ents[i]->d_name, len + 1);
			buf_put(key, st, sizeof st);
		}
		free(ents[i]);
	}
	free(ents);
	buf_put(key, &n, sizeof n);
}

int imgcache_key(const char *kind, const unsigned char *data, size_t len, const char *src,
		 const void *opt, size_t opt_len, const char *fonts_dir, struct buf *key,
		 struct buf *name)
{
	const unsigned char *id;
	size_t id_len = cache_build_id(&id);
	char *dir = id_len ? cache_dir() : NULL;
	int none = !dir;
	free(dir);
	if (none)
		return -1;
	/* the bytes by two checksums of them, CRC-32 and Adler-32, 64 bits
	 * with their length: with the CPU's carry-less multiply both take
	 * a 2 MB screenshot in well under a millisecond, where a SHA-1
	 * (188 MB/s here) took 11 ms, on the set-up's thread, before the
	 * decoding threads start, for every picture of a cold build */
	uint32_t sums[2] = {zcrc32(0, data, len), zadler32(data, len)};
	uint64_t n = len;
	buf_put(key, MAGIC, 8);
	buf_put(key, &id_len, sizeof id_len);
	buf_put(key, id, id_len);
	buf_put(key, kind, strlen(kind) + 1);
	buf_put(key, &n, sizeof n);
	buf_put(key, sums, sizeof sums);
	buf_put(key, &opt_len, sizeof opt_len);
	if (opt_len)
		buf_put(key, opt, opt_len);
	if (fonts_dir)
		fonts_key(fonts_dir, key);
	buf_printf(name, "pictures/%08x-%u.px", (unsigned)zcrc32(0, src, strlen(src)),
		   (unsigned)(sums[0] % SLOTS));
	return 0;
}

/* Whether every library of deps (n bytes) is still the file it was. */
static int deps_hold(const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		unsigned long long want[7], got[7];
		if (!nul || (size_t)(end - nul - 1) < sizeof want)
			return 0;
		memcpy(want, nul + 1, sizeof want);
		if (stamp_of(p, got) || memcmp(want, got, sizeof want))
			return 0;
		p = nul + 1 + sizeof want;
	}
	return 1;
}

void imgcache_deps(const char *const *paths, int n, struct buf *deps)
{
	for (int i = 0; i < n; i++) {
		unsigned long long st[7];
		stamp_of(paths[i], st);
		buf_put(deps, paths[i], strlen(paths[i]) + 1);
		buf_put(deps, st, sizeof st);
	}
}

/* Sizes a decoder could have made (the CRC only shows the file is as it
 * was written). */
static int sane(const struct head *h)
{
	const double s[4] = {h->svg_w, h->svg_h, h->svg_declared_w, h->svg_declared_h};
	for (int i = 0; i < 4; i++)
		if (!isfinite(s[i]) || s[i] < 0)
			return 0;
	return h->w > 0 && h->h > 0 && h->w <= 1u << 20 && h->h <= 1u << 20;
}

int imgcache_get(const char *name, const struct buf *key, struct png_pixels *px)
{
	struct buf f = BUF_INIT;
	struct head h;
	memset(&h, 0, sizeof h);
	int ok = cache_read(name, MAX_FILE, &f) == 0 && f.len >= sizeof h;
	if (ok) {
		memcpy(&h, f.ptr, sizeof h);
		size_t body = f.len - sizeof h;
		ok = !memcmp(h.magic, MAGIC, 8) && h.key_len == key->len && h.rgb_len > 0 &&
		     h.rgb_len <= body && h.alpha_len <= body &&
		     (uint64_t)h.key_len + h.deps_len + h.rgb_len + h.alpha_len == body &&
		     !memcmp(f.ptr + sizeof h, key->ptr, key->len) &&
		     zcrc32(0, f.ptr + sizeof h, body) == h.crc && sane(&h) &&
		     deps_hold(f.ptr + sizeof h + h.key_len, h.deps_len);
	}
	if (ok) {
		const char *at = f.ptr + sizeof h + h.key_len + h.deps_len;
		memset(px, 0, sizeof *px);
		px->rgb = xmalloc(h.rgb_len);
		memcpy(px->rgb, at, h.rgb_len);
		px->rgb_len = h.rgb_len;
		if (h.alpha_len) {
			px->alpha = xmalloc(h.alpha_len);
			memcpy(px->alpha, at + h.rgb_len, h.alpha_len);
			px->alpha_len = h.alpha_len;
		}
		px->w = (unsigned long)h.w;
		px->h = (unsigned long)h.h;
		px->svg_w = h.svg_w;
		px->svg_h = h.svg_h;
		px->svg_declared_w = h.svg_declared_w;
		px->svg_declared_h = h.svg_declared_h;
		px->svg_notes = h.svg_notes;
		px->state = 1;
	}
	buf_free(&f);
	return ok ? 0 : -1;
}

void imgcache_put(const char *name, const struct buf *key, const struct buf *deps,
		  const struct png_pixels *px)
{
	if (px->state != 1 || !px->rgb_len ||
	    (uint64_t)key->len + deps->len + px->rgb_len + px->alpha_len > MAX_FILE)
		return;
	struct head h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, MAGIC, 8);
	h.key_len = (uint32_t)key->len;
	h.deps_len = (uint32_t)deps->len;
	h.rgb_len = px->rgb_len;
	h.alpha_len = px->alpha ? px->alpha_len : 0;
	h.w = px->w;
	h.h = px->h;
	h.svg_w = px->svg_w;
	h.svg_h = px->svg_h;
	h.svg_declared_w = px->svg_declared_w;
	h.svg_declared_h = px->svg_declared_h;
	h.svg_notes = px->svg_notes;
	const struct cache_part v[4] = {{key->ptr, key->len},
					{deps->ptr, deps->len},
					{px->rgb, px->rgb_len},
					{px->alpha, h.alpha_len}};
	h.crc = cache_parts_crc(v, 4);
	cache_write(name, &h, sizeof h, v, 4);
}
