/* fuzz_png.c — libFuzzer target for the PNG decoder (src/pngdec.c), which
 * reads image files straight from a course. Besides "no crash, no leak"
 * it has an oracle: libpng, set up as octavo used it before pngdec. When
 * both read an input they must give the same pixels; when only one does,
 * that is allowed (they differ on a few damaged files, such as a zlib
 * stream with more data than the image needs, which libpng accepts).
 * Random bytes seldom get past a PNG's CRCs and zlib check value, so an
 * input that starts with the PNG signature has its CRCs mended first
 * (unless its last byte is odd), and any other input describes an image
 * (size, colour type, bit depth, interlacing, palette, tRNS, filtered
 * rows) that the target writes as a valid PNG itself. */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <png.h>

#include "image/pngdec.h"
#include "../unit/pngref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static unsigned long get32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Append a chunk at out + *n (room is the caller's). */
static void chunk(unsigned char *out, size_t *n, const char *type, const unsigned char *d, size_t len)
{
	unsigned char *at = out + *n;
	put32(at, len);
	memcpy(at + 4, type, 4);
	if (len)
		memcpy(at + 8, d, len);
	put32(at + 8 + len, libdeflate_crc32(0, at + 4, 4 + len));
	*n += 12 + len;
}

/* A valid PNG from a description: w, h, format, interlace, palette size,
 * tRNS size, then bytes for the palette, tRNS and filtered rows (cycled
 * to the size the image needs). Returns a malloc'd PNG, its size in *n. */
static unsigned char *make_png(const uint8_t *d, size_t size, size_t *n)
{
	static const int fmt[][2] = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16}, {3, 1},
				     {3, 2}, {3, 4}, {3, 8}, {4, 8}, {4, 16}, {6, 8}, {6, 16}};
	static const unsigned char adam7[7][4] = {
		{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
	};
	if (size < 8)
		return NULL;
	unsigned long w = 1 + d[0] % 40, h = 1 + d[1] % 40;
	int ct = fmt[d[2] % 15][0], dp = fmt[d[2] % 15][1], il = d[3] & 1;
	size_t n_pal = d[4], n_trns = d[5];
	const uint8_t *rest = d + 6;
	size_t n_rest = size - 6, k = 0;
	int chans = ct == 2 ? 3 : ct == 4 ? 2 : ct == 6 ? 4 : 1, bits = chans * dp;
	size_t raw_len = 0;
	for (int p = 0; p < (il ? 7 : 1); p++) {
		const unsigned char *ps = il ? adam7[p] : (const unsigned char *)"\0\0\1\1";
		if (w <= ps[0] || h <= ps[1])
			continue;
		unsigned long pw = (w - ps[0] + ps[2] - 1) / ps[2], ph = (h - ps[1] + ps[3] - 1) / ps[3];
		size_t rb = ((size_t)pw * bits + 7) / 8;
		raw_len += ph * (1 + rb);
	}
	unsigned char *raw = malloc(raw_len), pal[768], trns[256];
	for (size_t i = 0; i < 3 * n_pal; i++)
		pal[i] = rest[k++ % n_rest];
	for (size_t i = 0; i < n_trns; i++)
		trns[i] = rest[k++ % n_rest];
	for (size_t i = 0; i < raw_len; i++)
		raw[i] = rest[k++ % n_rest];
	/* mostly valid filter types; the row starts are found again here */
	size_t at = 0;
	for (int p = 0; p < (il ? 7 : 1); p++) {
		const unsigned char *ps = il ? adam7[p] : (const unsigned char *)"\0\0\1\1";
		if (w <= ps[0] || h <= ps[1])
			continue;
		unsigned long pw = (w - ps[0] + ps[2] - 1) / ps[2];
		size_t rb = ((size_t)pw * bits + 7) / 8;
		for (unsigned long y = ps[1]; y < h; y += ps[3], at += 1 + rb)
			if (raw[at] != 0xFF)
				raw[at] %= 5;
	}
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
	size_t zb = libdeflate_zlib_compress_bound(c, raw_len);
	unsigned char *out = malloc(8 + 25 + 12 + 768 + 12 + 256 + 12 + zb + 12);
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	*n = 8;
	unsigned char ihdr[13];
	put32(ihdr, w);
	put32(ihdr + 4, h);
	ihdr[8] = (unsigned char)dp;
	ihdr[9] = (unsigned char)ct;
	ihdr[10] = ihdr[11] = 0;
	ihdr[12] = (unsigned char)il;
	chunk(out, n, "IHDR", ihdr, 13);
	if (n_pal)
		chunk(out, n, "PLTE", pal, 3 * n_pal);
	if (n_trns)
		chunk(out, n, "tRNS", trns, n_trns);
	size_t zn = libdeflate_zlib_compress(c, raw, raw_len, out + *n + 8, zb);
	chunk(out, n, "IDAT", out + *n + 8, zn);
	chunk(out, n, "IEND", NULL, 0);
	libdeflate_free_compressor(c);
	free(raw);
	return out;
}

/* A copy of a PNG with every whole chunk's CRC made right. */
static unsigned char *mend_crcs(const uint8_t *d, size_t size)
{
	unsigned char *m = malloc(size);
	memcpy(m, d, size);
	for (size_t at = 8; size - at >= 12;) {
		unsigned long len = get32(m + at);
		if (len > size - at - 12)
			break;
		put32(m + at + 8 + len, libdeflate_crc32(0, m + at + 4, 4 + len));
		at += 12 + len;
	}
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *own = NULL;
	if (size >= 8 && !memcmp(data, "\x89PNG", 4)) {
		if (!(data[size - 1] & 1))
			data = own = mend_crcs(data, size);
	} else {
		data = own = make_png(data, size, &size);
		if (!own)
			return 0;
	}
	struct pngdec_image img;
	if (pngdec_decode(data, size, &img)) {
		free(own);
		return 0;
	}
	/* every pixel written: reading them all lets ASan and MSan-like
	 * checks see uninitialised or out-of-bounds planes */
	unsigned long rw = 0, rh = 0;
	unsigned char *ref = ref_decode(data, size, &rw, &rh);
	if (ref) {
		if (rw != img.w || rh != img.h)
			abort();
		for (size_t i = 0; i < (size_t)rw * rh; i++)
			if (img.rgb[3 * i] != ref[4 * i] || img.rgb[3 * i + 1] != ref[4 * i + 1] ||
			    img.rgb[3 * i + 2] != ref[4 * i + 2] ||
			    (img.alpha ? img.alpha[i] : 0xFF) != ref[4 * i + 3])
				abort();
		free(ref);
	}
	pngdec_free(&img);
	free(own);
	return 0;
}
