/* test_pngdec.c — the PNG decoder against libpng. The test writes its own
 * PNGs (every colour type and bit depth, plain and interlaced, each row
 * with a filter picked at random, tRNS of every kind, the image data split
 * over several IDAT chunks) and damaged ones, decodes each with pngdec and
 * with libpng set up as octavo used it before pngdec (expand to 8-bit
 * RGBA, tRNS to alpha), and checks that both accept or refuse the same
 * files and give the same pixels. */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <libdeflate.h>
#include <png.h>

#include "base/buf.h"
#include "image/pngdec.h"
#include "pngref.h"
#include "unit.h"

/* ---- a small PNG writer ---- */

static uint32_t seed = 12345;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

static void put32(struct buf *b, unsigned long v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
			      (unsigned char)v};
	buf_put(b, c, 4);
}

static void chunk(struct buf *b, const char *type, const void *data, size_t len)
{
	put32(b, len);
	size_t at = b->len;
	buf_put(b, type, 4);
	if (len)
		buf_put(b, data, len);
	put32(b, libdeflate_crc32(0, b->ptr + at, 4 + len));
}

struct spec {
	unsigned long w, h;
	int depth, ctype, interlace;
	int n_pal, n_trns;  /* palette entries written; tRNS entries (palette) */
	int key;            /* 1: a grey/RGB tRNS colour key */
	unsigned key_or;    /* bits set above the sample depth in the key */
	int byteset;        /* samples drawn from two byte values, so keys match */
	size_t idat_split;  /* 0: one IDAT, else chunks of this many bytes */
};

static int channels(int ctype)
{
	return ctype == 2 ? 3 : ctype == 4 ? 2 : ctype == 6 ? 4 : 1;
}

static int paeth(int a, int b, int c)
{
	int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* The filtered image data of s: random samples, a random filter per row.
 * extra: bytes of pixel data more (>0) or fewer (<0) than the image needs. */
static void image_data(const struct spec *s, struct buf *out, long extra)
{
	static const unsigned char adam7[7][4] = {
		{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
	};
	static const unsigned char whole[1][4] = {{0, 0, 1, 1}};
	int bits = channels(s->ctype) * s->depth, bpp = bits >= 8 ? bits / 8 : 1;
	int n_pass = s->interlace ? 7 : 1;
	for (int k = 0; k < n_pass; k++) {
		const unsigned char *ps = s->interlace ? adam7[k] : whole[0];
		if (s->w <= ps[0] || s->h <= ps[1])
			continue;
		unsigned long pw = (s->w - ps[0] + ps[2] - 1) / ps[2];
		size_t rb = ((size_t)pw * bits + 7) / 8;
		unsigned char *prev = calloc(rb, 1), *cur = malloc(rb);
		for (unsigned long y = ps[1]; y < s->h; y += ps[3]) {
			for (size_t i = 0; i < rb; i++)
				cur[i] = s->byteset ? (rnd(2) ? 0x5A : 0xA5) : (unsigned char)rnd(256);
			int f = (int)rnd(5);
			unsigned char fb = (unsigned char)f;
			buf_put(out, &fb, 1);
			for (size_t i = 0; i < rb; i++) {
				int a = i >= (size_t)bpp ? cur[i - bpp] : 0, b = prev[i];
				int c = i >= (size_t)bpp ? prev[i - bpp] : 0;
				int pred = f == 0 ? 0 : f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 : paeth(a, b, c);
				unsigned char v = (unsigned char)(cur[i] - pred);
				buf_put(out, &v, 1);
			}
			memcpy(prev, cur, rb);
		}
		free(prev);
		free(cur);
	}
	if (extra < 0)
		out->len -= (size_t)-extra;
	for (long i = 0; i < extra; i++)
		buf_put(out, "\0", 1);
}

static void zcompress(const void *in, size_t n, struct buf *out)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
	size_t bound = libdeflate_zlib_compress_bound(c, n);
	char *at = buf_space(out, bound);
	buf_commit(out, libdeflate_zlib_compress(c, in, n, at, bound));
	libdeflate_free_compressor(c);
}

static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static void ihdr(struct buf *b, const struct spec *s)
{
	unsigned char h[13];
	struct buf t = BUF_INIT;
	put32(&t, s->w);
	put32(&t, s->h);
	memcpy(h, t.ptr, 8);
	h[8] = (unsigned char)s->depth;
	h[9] = (unsigned char)s->ctype;
	h[10] = h[11] = 0;
	h[12] = (unsigned char)s->interlace;
	chunk(b, "IHDR", h, 13);
	buf_free(&t);
}

/* A whole PNG for s into out; z: the zlib stream (made from s if NULL). */
static void write_png(const struct spec *s, struct buf *out, const struct buf *z_in)
{
	struct buf raw = BUF_INIT, z = BUF_INIT;
	buf_put(out, sig, 8);
	ihdr(out, s);
	if (s->n_pal) {
		unsigned char pal[768];
		for (int i = 0; i < 3 * s->n_pal; i++)
			pal[i] = (unsigned char)rnd(256);
		chunk(out, "PLTE", pal, (size_t)s->n_pal * 3);
	}
	if (s->n_trns) {
		unsigned char t[256];
		for (int i = 0; i < s->n_trns; i++)
			t[i] = (unsigned char)rnd(256);
		chunk(out, "tRNS", t, (size_t)s->n_trns);
	}
	if (s->key) {
		/* the first sample of a 0x5A byte at this depth, so some pixels match */
		unsigned v = s->depth == 16 ? 0x5AA5 : s->depth == 8 ? 0x5A : 0x5Au >> (8 - s->depth);
		v |= s->key_or;
		unsigned char k[6] = {(unsigned char)(v >> 8), (unsigned char)v, (unsigned char)(v >> 8),
				      (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)v};
		chunk(out, "tRNS", k, s->ctype == 2 ? 6 : 2);
	}
	if (!z_in) {
		image_data(s, &raw, 0);
		zcompress(raw.ptr, raw.len, &z);
		z_in = &z;
	}
	size_t step = s->idat_split ? s->idat_split : z_in->len;
	for (size_t at = 0; at < z_in->len; at += step)
		chunk(out, "IDAT", z_in->ptr + at, at + step < z_in->len ? step : z_in->len - at);
	chunk(out, "IEND", NULL, 0);
	buf_free(&raw);
	buf_free(&z);
}

/* ---- comparing ---- */

/* Both decoders on d: the same verdict, and when both read it, the same
 * pixels (alpha NULL exactly when libpng's alpha is all 0xFF). */
static void same(const char *name, const unsigned char *d, size_t n, int want_ok)
{
	unsigned long rw = 0, rh = 0;
	unsigned char *ref = ref_decode(d, n, &rw, &rh);
	struct pngdec_image img;
	int ok = pngdec_decode(d, n, &img) == 0;
	char label[160];
	snprintf(label, sizeof label, "pngdec/%s/verdict", name);
	CHECK(label, ok == (ref != NULL) && ok == want_ok);
	if (ok && ref) {
		int match = img.w == rw && img.h == rh, opaque = 1;
		for (size_t i = 0; match && i < (size_t)rw * rh; i++) {
			match = img.rgb[3 * i] == ref[4 * i] && img.rgb[3 * i + 1] == ref[4 * i + 1] &&
				img.rgb[3 * i + 2] == ref[4 * i + 2] &&
				(img.alpha ? img.alpha[i] : 0xFF) == ref[4 * i + 3];
			opaque &= ref[4 * i + 3] == 0xFF;
		}
		snprintf(label, sizeof label, "pngdec/%s/pixels", name);
		CHECK(label, match && (img.alpha == NULL) == opaque);
	}
	if (ok)
		pngdec_free(&img);
	free(ref);
}

static void same_spec(const char *name, const struct spec *s)
{
	struct buf png = BUF_INIT;
	write_png(s, &png, NULL);
	same(name, (const unsigned char *)png.ptr, png.len, 1);
	buf_free(&png);
}

static void all_formats(void)
{
	static const int combos[][2] = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16},
					{3, 1}, {3, 2}, {3, 4}, {3, 8}, {4, 8}, {4, 16}, {6, 8}, {6, 16}};
	static const unsigned long sizes[][2] = {{1, 1}, {3, 2}, {13, 7}, {33, 17}, {200, 100}};
	char name[96];
	for (size_t c = 0; c < sizeof combos / sizeof combos[0]; c++)
		for (int il = 0; il < 2; il++)
			for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
				for (int t = 0; t < 2; t++) {
					int ct = combos[c][0], dp = combos[c][1];
					if (t && (ct == 4 || ct == 6))
						continue; /* no tRNS with an alpha channel */
					struct spec s = {sizes[z][0], sizes[z][1], dp, ct, il, 0, 0, 0, 0, 0, 0};
					if (ct == 3) {
						s.n_pal = 1 << dp > 200 ? 200 : 1 << dp;
						s.n_trns = t ? s.n_pal / 2 + 1 : 0;
					} else if (t) {
						s.key = 1;
						s.byteset = 1;
					}
					s.idat_split = z == 3 ? 7 : 0;
					snprintf(name, sizeof name, "type%d-depth%d%s-%lux%lu%s", ct, dp,
						 il ? "-adam7" : "", s.w, s.h, t ? "-trns" : "");
					same_spec(name, &s);
				}
}

/* The files libpng reads though they are not quite right, and the ones it
 * refuses: pngdec must agree on each. */
static void damaged(void)
{
	struct spec rgb = {20, 10, 8, 2, 0, 0, 0, 0, 0, 0, 0};
	struct buf p = BUF_INIT, raw = BUF_INIT, z = BUF_INIT;

	/* a grey key with bits above the depth: libpng masks them off */
	struct spec grey = {16, 8, 8, 0, 0, 0, 0, 1, 0x100, 1, 0};
	write_png(&grey, &p, NULL);
	same("key-high-bits", (unsigned char *)p.ptr, p.len, 1);

	/* the palette is shorter than the indices: black, opaque */
	struct spec pal = {16, 8, 8, 3, 0, 4, 2, 0, 0, 0, 0};
	buf_clear(&p);
	write_png(&pal, &p, NULL);
	same("index-past-palette", (unsigned char *)p.ptr, p.len, 1);

	/* the signature, then nothing */
	same("signature-only", sig, 8, 0);
	same("empty", sig, 0, 0);

	buf_clear(&p);
	write_png(&rgb, &p, NULL);
	size_t good = p.len;
	unsigned char *d = (unsigned char *)p.ptr;
	/* IHDR is at 8, IDAT at 33 */
	same("good", d, good, 1);
	same("cut-in-idat", d, 33 + 20, 0);
	same("cut-before-iend", d, good - 12, 1); /* libpng stops at the image data */
	d[33 + 8 + 3] ^= 1;
	same("idat-crc", d, good, 0);
	d[33 + 8 + 3] ^= 1;
	d[16 + 3] ^= 1; /* the width */
	same("ihdr-crc", d, good, 0);
	d[16 + 3] ^= 1;
	d[41] = 0x79; /* zlib method 9 */
	same("zlib-header", d, good, 0);

	/* zlib streams: too short, a bad check value, junk after the end */
	buf_clear(&raw);
	image_data(&rgb, &raw, -5);
	buf_clear(&z);
	zcompress(raw.ptr, raw.len, &z);
	buf_clear(&p);
	write_png(&rgb, &p, &z);
	same("stream-short", (unsigned char *)p.ptr, p.len, 0);
	buf_clear(&raw);
	image_data(&rgb, &raw, 40); /* libpng: a warning, the image is read */
	buf_clear(&z);
	zcompress(raw.ptr, raw.len, &z);
	buf_clear(&p);
	write_png(&rgb, &p, &z);
	same("stream-long", (unsigned char *)p.ptr, p.len, 1);
	buf_clear(&raw);
	image_data(&rgb, &raw, 0);
	buf_clear(&z);
	zcompress(raw.ptr, raw.len, &z);
	z.ptr[z.len - 1] ^= 0x55;
	buf_clear(&p);
	write_png(&rgb, &p, &z);
	same("adler", (unsigned char *)p.ptr, p.len, 0);
	z.ptr[z.len - 1] ^= 0x55;
	buf_put(&z, "junkjunk", 8);
	buf_clear(&p);
	write_png(&rgb, &p, &z);
	same("junk-after-stream", (unsigned char *)p.ptr, p.len, 1);
	/* a filter type that does not exist */
	buf_clear(&raw);
	image_data(&rgb, &raw, 0);
	raw.ptr[0] = 7;
	buf_clear(&z);
	zcompress(raw.ptr, raw.len, &z);
	buf_clear(&p);
	write_png(&rgb, &p, &z);
	same("filter-type", (unsigned char *)p.ptr, p.len, 0);

	/* chunks before the image data */
	struct { const char *name, *type; size_t len; int crc_bad, ok; } extra[] = {
		{"unknown-critical", "ABCD", 4, 0, 0},
		{"unknown-ancillary", "abCD", 4, 0, 1},
		{"ancillary-bad-crc", "teXt", 4, 1, 1},
		{"trns-bad-crc", "tRNS", 6, 1, 1},
		{"trns-bad-length", "tRNS", 4, 0, 1},
		{"plte-bad-crc", "PLTE", 6, 1, 0},
		{"plte-odd-length", "PLTE", 4, 0, 1},
		{"iend-first", "IEND", 0, 0, 0},
		{"ihdr-again", "IHDR", 13, 0, 0},
		{"bad-name", "A1CD", 4, 0, 0},
	};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		buf_clear(&p);
		buf_put(&p, sig, 8);
		ihdr(&p, &rgb);
		unsigned char data[13] = {0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0, 0, 0, 0, 0, 0, 0};
		chunk(&p, extra[i].type, data, extra[i].len);
		if (extra[i].crc_bad)
			p.ptr[p.len - 1] ^= 1;
		size_t at = p.len;
		write_png(&rgb, &p, NULL);
		/* drop the second signature and IHDR write_png put there */
		memmove(p.ptr + at, p.ptr + at + 33, p.len - at - 33);
		p.len -= 33;
		same(extra[i].name, (unsigned char *)p.ptr, p.len, extra[i].ok);
	}

	/* headers libpng refuses */
	struct { const char *name; struct spec s; } bad[] = {
		{"width-0", {0, 4, 8, 2, 0, 0, 0, 0, 0, 0, 0}},
		{"rgb-depth-4", {4, 4, 4, 2, 0, 0, 0, 0, 0, 0, 0}},
		{"palette-16", {4, 4, 16, 3, 0, 0, 0, 0, 0, 0, 0}},
		{"depth-3", {4, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"interlace-2", {4, 4, 8, 0, 2, 0, 0, 0, 0, 0, 0}},
		{"palette-missing", {4, 4, 8, 3, 0, 0, 0, 0, 0, 0, 0}},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_clear(&p);
		struct spec s = bad[i].s;
		struct spec fake = s;
		fake.w = s.w ? s.w : 4; /* image data for some size */
		if (fake.depth == 3 || fake.interlace == 2) {
			fake.depth = 8;
			fake.interlace = 0;
		}
		buf_clear(&raw);
		image_data(&fake, &raw, 0);
		buf_clear(&z);
		zcompress(raw.ptr, raw.len, &z);
		write_png(&s, &p, &z);
		same(bad[i].name, (unsigned char *)p.ptr, p.len, 0);
	}

	/* a claim over the pixel limit is refused before its data is read */
	struct spec huge = {10000, 5000, 8, 2, 0, 0, 0, 0, 0, 0, 0};
	buf_clear(&p);
	buf_put(&p, sig, 8);
	ihdr(&p, &huge);
	chunk(&p, "IDAT", "x", 1);
	struct pngdec_image img;
	CHECK("pngdec/over-pixel-limit", pngdec_decode((unsigned char *)p.ptr, p.len, &img) == -1 &&
						 img.rgb == NULL && img.alpha == NULL);
	buf_free(&p);
	buf_free(&raw);
	buf_free(&z);
}

int main(void)
{
	all_formats();
	damaged();
	return unit_done();
}
