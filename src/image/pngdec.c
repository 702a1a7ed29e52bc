/* pngdec.c — decodes a PNG into the RGB and alpha planes a PDF image needs
 * (see pngdec.h). It replaced libpng on this path because libpng's
 * row-by-row reading and its chain of transformations (expand, strip 16,
 * grey to RGB, add filler, then a split into planes) cost more than the
 * decoding itself; here the whole zlib stream is inflated at once by
 * libdeflate into a buffer of exactly the size the header implies, the
 * rows are unfiltered in place, and each pixel is written straight into
 * the two planes. What it refuses follows libpng: a bad signature, a bad
 * or misplaced IHDR, a critical chunk with a bad CRC, an unknown critical
 * chunk, a palette image without PLTE, a bad zlib stream or one that ends
 * before the last row. Like libpng it ignores a tRNS chunk that is broken
 * or out of place rather than refusing the image, and reads nothing
 * after the image data. Where they differ, on damaged files only: a zlib
 * stream far longer than the image is refused (libpng reads the rows it
 * needs), and one using a longer match distance than its header's window
 * size is read (libpng refuses it). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "base/bytes.h"
#include "image/pngdec.h"
#include "base/util.h"

/* libpng's default limits: a side over a million pixels, or a chunk
 * other than IDAT over 8 MB, is refused. */
#define SIDE_MAX 1000000UL
#define CHUNK_MAX 8000000UL

struct png {
	unsigned long w, h;
	int depth, ctype, interlace;
	int bits;  /* bits per pixel */
	int bpp;   /* bytes per pixel for the filters, at least 1 */
	unsigned char pal[256 * 3];
	int seen_plte;
	int n_pal; /* palette entries, 0 with no PLTE */
	unsigned char trns[256];
	int n_trns;        /* palette entries with an alpha */
	int has_key;       /* grey or RGB colour key from tRNS */
	unsigned key[3];   /* at the image's bit depth */
	struct pngdec_image *img;
	int opaque;
};

static int chunk_is(const unsigned char *type, const char *name)
{
	return memcmp(type, name, 4) == 0;
}

static int crc_ok(const unsigned char *type, size_t len)
{
	uint32_t crc = libdeflate_crc32(0, type, 4 + len);
	return crc == be32(type + 4 + len);
}

static int name_ok(const unsigned char *t)
{
	for (int i = 0; i < 4; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
			return 0;
	return 1;
}

/* The header's fields, checked as libpng checks them. */
static int read_ihdr(struct png *p, const unsigned char *d)
{
	p->w = be32(d);
	p->h = be32(d + 4);
	p->depth = d[8];
	p->ctype = d[9];
	p->interlace = d[12];
	if (!p->w || !p->h || p->w > SIDE_MAX || p->h > SIDE_MAX || d[10] || d[11] || p->interlace > 1)
		return -1;
	int channels;
	switch (p->ctype) {
	case 0: channels = 1; break;
	case 2: channels = 3; break;
	case 3: channels = 1; break;
	case 4: channels = 2; break;
	case 6: channels = 4; break;
	default: return -1;
	}
	int dp = p->depth;
	if (dp != 1 && dp != 2 && dp != 4 && dp != 8 && dp != 16)
		return -1;
	if ((p->ctype == 3 && dp > 8) || (p->ctype != 0 && p->ctype != 3 && dp < 8))
		return -1;
	if ((unsigned long long)p->w * p->h > PNGDEC_MAX_PIXELS)
		return -1;
	p->bits = channels * dp;
	p->bpp = p->bits >= 8 ? p->bits / 8 : 1;
	return 0;
}

/* PLTE: refused when libpng refuses it (a second one, a bad CRC, a bad
 * length in a palette image), else kept; in a grey image it is ignored,
 * and in a truecolour one it is only a hint that changes no pixel. */
static int read_plte(struct png *p, const unsigned char *type, size_t len)
{
	if (p->seen_plte || !crc_ok(type, len))
		return -1;
	p->seen_plte = 1;
	if (!(p->ctype & 2))
		return 0;
	if (len > 768 || len % 3)
		return p->ctype == 3 ? -1 : 0;
	int n = (int)(len / 3);
	if (p->ctype == 3 && n > 1 << p->depth)
		n = 1 << p->depth; /* libpng drops the entries no index can reach */
	if (!n)
		return -1;
	memcpy(p->pal, type + 4, (size_t)n * 3);
	p->n_pal = n;
	return 0;
}

/* tRNS: an ancillary chunk, so a bad one is dropped, not fatal. */
static void read_trns(struct png *p, const unsigned char *type, size_t len)
{
	const unsigned char *d = type + 4;
	if (p->n_trns || p->has_key || !crc_ok(type, len))
		return;
	unsigned mask = p->depth == 16 ? 0xFFFF : (1u << p->depth) - 1;
	if (p->ctype == 0 && len == 2) {
		p->key[0] = be16(d) & mask;
		p->has_key = 1;
	} else if (p->ctype == 2 && len == 6) {
		for (int i = 0; i < 3; i++)
			p->key[i] = be16(d + 2 * i) & mask;
		p->has_key = 1;
	} else if (p->ctype == 3 && p->n_pal && len && len <= (size_t)p->n_pal) {
		memcpy(p->trns, d, len);
		p->n_trns = (int)len;
	}
}

/* Undo a row's filter in place; prev is the row above (unfiltered), NULL
 * on a pass's first row, where the spec reads zeros. The first pixel,
 * which has no left neighbour, is done apart, so the loops over the rest
 * carry no tests: with no row above, Average and Paeth reduce to simpler
 * filters, and on the first pixel Paeth is Up. */
static int unfilter(unsigned char *row, const unsigned char *prev, size_t len, int bpp, int type)
{
	size_t b = (size_t)bpp < len ? (size_t)bpp : len, i;
	if (type < 0 || type > 4)
		return -1;
	if (!prev) {
		if (type == 1 || type == 4) /* Paeth of zeros above is Sub */
			for (i = b; i < len; i++)
				row[i] = (unsigned char)(row[i] + row[i - b]);
		else if (type == 3)
			for (i = b; i < len; i++)
				row[i] = (unsigned char)(row[i] + (row[i - b] >> 1));
		return 0;
	}
	switch (type) {
	case 1:
		for (i = b; i < len; i++)
			row[i] = (unsigned char)(row[i] + row[i - b]);
		break;
	case 2:
		for (i = 0; i < len; i++)
			row[i] = (unsigned char)(row[i] + prev[i]);
		break;
	case 3:
		for (i = 0; i < b; i++)
			row[i] = (unsigned char)(row[i] + (prev[i] >> 1));
		for (; i < len; i++)
			row[i] = (unsigned char)(row[i] + ((row[i - b] + prev[i]) >> 1));
		break;
	case 4:
		for (i = 0; i < b; i++)
			row[i] = (unsigned char)(row[i] + prev[i]);
		for (; i < len; i++) {
			int a = row[i - b], u = prev[i], c = prev[i - b];
			int pa = abs(u - c), pb = abs(a - c), pc = abs(a + u - 2 * c);
			/* the nearest of a, u, c to a + u - c; ties go to a, then u */
			if (pb < pa) {
				pa = pb;
				a = u;
			}
			if (pc < pa)
				a = c;
			row[i] = (unsigned char)(row[i] + a);
		}
		break;
	}
	return 0;
}

/* Sample x (of a row of samples at the image's depth) at full depth. */
static unsigned sample(const unsigned char *row, size_t x, int depth)
{
	switch (depth) {
	case 16: return be16(row + 2 * x);
	case 8: return row[x];
	default: {
		size_t bit = x * (size_t)depth;
		unsigned shift = 8u - (unsigned)depth - (unsigned)(bit & 7);
		return (row[bit >> 3] >> shift) & ((1u << depth) - 1);
	}
	}
}

/* A sample at full depth to 8 bits, as libpng does: the high byte of a
 * 16-bit sample, a low-depth grey level spread over 0-255. */
static unsigned char to8(unsigned v, int depth)
{
	switch (depth) {
	case 16: return (unsigned char)(v >> 8);
	case 4: return (unsigned char)(v * 0x11);
	case 2: return (unsigned char)(v * 0x55);
	case 1: return (unsigned char)(v * 0xFF);
	default: return (unsigned char)v;
	}
}

/* Write the n pixels of one unfiltered row to the planes: pixel i goes to
 * column x0 + i*dx of line y. */
static void put_row(struct png *p, const unsigned char *row, unsigned long y, unsigned long x0,
		    unsigned long dx, unsigned long n)
{
	unsigned char *rgb = p->img->rgb, *alpha = p->img->alpha;
	size_t at = (size_t)y * p->w + x0;
	unsigned all = 0xFF;
	int dp = p->depth;
	if (p->ctype == 6 && dp == 8) { /* the common case, kept simple to go fast */
		for (unsigned long i = 0; i < n; i++, at += dx, row += 4) {
			rgb[3 * at] = row[0];
			rgb[3 * at + 1] = row[1];
			rgb[3 * at + 2] = row[2];
			alpha[at] = row[3];
			all &= row[3];
		}
		p->opaque &= all == 0xFF;
		return;
	}
	for (unsigned long i = 0; i < n; i++, at += dx) {
		unsigned char r, g, b, a = 0xFF;
		if (p->ctype == 0) {
			unsigned v = sample(row, i, dp);
			r = g = b = to8(v, dp);
			if (p->has_key && v == p->key[0])
				a = 0;
		} else if (p->ctype == 2) {
			unsigned vr = sample(row, 3 * i, dp), vg = sample(row, 3 * i + 1, dp),
				 vb = sample(row, 3 * i + 2, dp);
			r = to8(vr, dp);
			g = to8(vg, dp);
			b = to8(vb, dp);
			if (p->has_key && vr == p->key[0] && vg == p->key[1] && vb == p->key[2])
				a = 0;
		} else if (p->ctype == 3) {
			unsigned k = sample(row, i, dp);
			/* an index past the palette is black, as in libpng */
			r = g = b = 0;
			if ((int)k < p->n_pal) {
				r = p->pal[3 * k];
				g = p->pal[3 * k + 1];
				b = p->pal[3 * k + 2];
			}
			if ((int)k < p->n_trns)
				a = p->trns[k];
		} else if (p->ctype == 4) {
			r = g = b = to8(sample(row, 2 * i, dp), dp);
			a = to8(sample(row, 2 * i + 1, dp), dp);
		} else {
			r = to8(sample(row, 4 * i, dp), dp);
			g = to8(sample(row, 4 * i + 1, dp), dp);
			b = to8(sample(row, 4 * i + 2, dp), dp);
			a = to8(sample(row, 4 * i + 3, dp), dp);
		}
		rgb[3 * at] = r;
		rgb[3 * at + 1] = g;
		rgb[3 * at + 2] = b;
		alpha[at] = a;
		all &= a;
	}
	p->opaque &= all == 0xFF;
}

/* The seven Adam7 passes: first column, first row, column step, row step;
 * a plain image is one pass over everything. */
static const unsigned char adam7[7][4] = {
	{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
};
static const unsigned char whole[1][4] = {{0, 0, 1, 1}};

static size_t row_bytes(const struct png *p, unsigned long w)
{
	return ((size_t)w * (size_t)p->bits + 7) / 8;
}

/* Size of the filtered image data: each row of each pass, plus its
 * filter-type byte. */
static size_t raw_size(const struct png *p)
{
	const unsigned char(*pass)[4] = p->interlace ? adam7 : whole;
	int n_pass = p->interlace ? 7 : 1;
	size_t total = 0;
	for (int k = 0; k < n_pass; k++) {
		unsigned long x0 = pass[k][0], y0 = pass[k][1], dx = pass[k][2], dy = pass[k][3];
		if (p->w <= x0 || p->h <= y0)
			continue;
		unsigned long pw = (p->w - x0 + dx - 1) / dx, ph = (p->h - y0 + dy - 1) / dy;
		total += (size_t)ph * (1 + row_bytes(p, pw));
	}
	return total;
}

/* Unfilter every row of raw in place and write its pixels out. */
static int put_pixels(struct png *p, unsigned char *raw)
{
	const unsigned char(*pass)[4] = p->interlace ? adam7 : whole;
	int n_pass = p->interlace ? 7 : 1;
	for (int k = 0; k < n_pass; k++) {
		unsigned long x0 = pass[k][0], y0 = pass[k][1], dx = pass[k][2], dy = pass[k][3];
		if (p->w <= x0 || p->h <= y0)
			continue;
		unsigned long pw = (p->w - x0 + dx - 1) / dx;
		size_t rb = row_bytes(p, pw);
		const unsigned char *prev = NULL;
		for (unsigned long y = y0; y < p->h; y += dy) {
			unsigned char *row = raw + 1;
			if (unfilter(row, prev, rb, p->bpp, raw[0]))
				return -1;
			put_row(p, row, y, x0, dx, pw);
			prev = row;
			raw += 1 + rb;
		}
	}
	return 0;
}

void pngdec_free(struct pngdec_image *img)
{
	free(img->rgb);
	free(img->alpha);
	memset(img, 0, sizeof *img);
}

/* Where the image data lies: the run of IDAT chunks. */
struct idat {
	size_t at;  /* offset of the first IDAT chunk */
	size_t len; /* bytes of data in them all */
	size_t n;   /* how many */
};

/* One chunk before or among the IDATs, of type `type` (its data follows)
 * and len bytes, at offset at; *have_ihdr says whether IHDR was read.
 * -1 when the chunk makes the file unreadable. */
static int take_chunk(struct png *p, const unsigned char *type, size_t len, size_t at,
		      int *have_ihdr, struct idat *z)
{
	if (!*have_ihdr) {
		if (!chunk_is(type, "IHDR") || len != 13 || !crc_ok(type, len) ||
		    read_ihdr(p, type + 4))
			return -1;
		*have_ihdr = 1;
	} else if (chunk_is(type, "IDAT")) {
		if (p->ctype == 3 && !p->n_pal)
			return -1;
		if (!crc_ok(type, len))
			return -1;
		if (!z->n++)
			z->at = at;
		z->len += len;
	} else if (chunk_is(type, "PLTE")) {
		if (read_plte(p, type, len))
			return -1;
	} else if (chunk_is(type, "tRNS")) {
		read_trns(p, type, len);
	} else if (!(type[0] & 0x20)) {
		return -1; /* IHDR again, IEND before any image data, or unknown */
	}
	return 0;
}

/* Read the chunks of the n bytes at d up to and including the run of IDAT
 * chunks, after the signature; -1 when the file is refused. */
static int read_chunks(struct png *p, const unsigned char *d, size_t n, struct idat *z)
{
	size_t at = 8;
	int have_ihdr = 0;
	for (;;) {
		if (n - at < 8)
			return -1; /* cut short before the image data ended */
		size_t len = be32(d + at);
		const unsigned char *type = d + at + 4;
		if (len > 0x7FFFFFFFUL || !name_ok(type))
			return -1;
		if (z->n && !chunk_is(type, "IDAT"))
			return 0; /* libpng stops reading here too */
		if (!chunk_is(type, "IDAT") && len > CHUNK_MAX)
			return -1;
		if (len > n - at - 8 || n - at - 8 - len < 4)
			return -1;
		if (take_chunk(p, type, len, at, &have_ihdr, z))
			return -1;
		at += 12 + len;
		if (at == n && z->n)
			return 0;
	}
}

/* The zlib stream of the IDAT chunks: one IDAT (the usual case) is
 * inflated where it lies; several are joined first into *joined (the
 * caller frees it). */
static const unsigned char *zlib_stream(const unsigned char *d, const struct idat *z,
					unsigned char **joined)
{
	if (z->n <= 1)
		return d + z->at + 8;
	*joined = xmalloc(z->len);
	size_t off = 0;
	for (size_t c = z->at; off < z->len;) {
		size_t len = be32(d + c);
		memcpy(*joined + off, d + c + 8, len);
		off += len;
		c += 12 + len;
	}
	return *joined;
}

/* Inflate the zlib stream zs (zlen bytes) into *raw (malloc'd, the
 * caller frees it even on failure): exactly the filtered rows of the
 * image, or -1. */
static int inflate_rows(const struct png *p, const unsigned char *zs, size_t zlen,
			unsigned char **raw)
{
	size_t want = raw_size(p), got = 0, used = 0;
	*raw = xmalloc(want);
	struct libdeflate_decompressor *dec = libdeflate_alloc_decompressor();
	if (!dec)
		return -1;
	/* in and out sizes returned: data after the stream is ignored and a
	 * short stream is caught below, as libpng does */
	enum libdeflate_result r =
		libdeflate_zlib_decompress_ex(dec, zs, zlen, *raw, want, &used, &got);
	if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
		/* More data than the rows need: libpng warns and reads the image,
		 * so this does too, for a stream up to a quarter (and 64 KB)
		 * longer; a longer one is refused rather than inflated without
		 * bound. */
		size_t room = want + want / 4 + 65536;
		free(*raw);
		*raw = xmalloc(room);
		r = libdeflate_zlib_decompress_ex(dec, zs, zlen, *raw, room, &used, &got);
		if (r == LIBDEFLATE_SUCCESS && got > want)
			got = want;
	}
	libdeflate_free_decompressor(dec);
	return r != LIBDEFLATE_SUCCESS || got != want ? -1 : 0;
}

int pngdec_decode(const unsigned char *d, size_t n, struct pngdec_image *img)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	int rc = -1;
	struct png *p = xcalloc(1, sizeof *p);
	unsigned char *joined = NULL, *raw = NULL;
	struct idat z = {0, 0, 0};
	memset(img, 0, sizeof *img);
	if (n < 8 || memcmp(d, sig, 8) || read_chunks(p, d, n, &z))
		goto done;
	if (inflate_rows(p, zlib_stream(d, &z, &joined), z.len, &raw))
		goto done;
	img->w = p->w;
	img->h = p->h;
	img->rgb = xmalloc((size_t)p->w * p->h * 3);
	img->alpha = xmalloc((size_t)p->w * p->h);
	p->img = img;
	p->opaque = 1;
	if (put_pixels(p, raw))
		goto done;
	if (p->opaque) {
		free(img->alpha);
		img->alpha = NULL;
	}
	rc = 0;
done:
	free(raw);
	free(joined);
	free(p);
	if (rc)
		pngdec_free(img);
	return rc;
}
