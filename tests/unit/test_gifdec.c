/* test_gifdec.c — the GIF decoder on GIFs the test writes itself with
 * giflib's encoder: global and local colour maps, a transparent index, a
 * frame smaller than the screen at an offset, an interlaced frame, two
 * frames. Each decoded pixel and alpha value is compared with what the
 * test works out from the frame it wrote. Then damaged GIFs (cut at every
 * length, no colour map, a frame outside the screen, huge or empty sizes,
 * colour indexes past the map) must be refused or drawn safely; under
 * make asan and valgrind this also shows they do not leak. */
#include <gif_lib.h>
#include <stdlib.h>

#include "base/buf.h"
#include "image/gifdec.h"
#include "unit.h"

/* ---- a small GIF writer on giflib's encoder ---- */

struct frame {
	int left, top, w, h;
	int interlace;
	int n_local;                 /* colours in the local map, 0 for none */
	const unsigned char *local;  /* n_local RGB triples */
	int transparent;             /* index, or -1 for no control block */
	const unsigned char *idx;    /* w*h colour indexes, rows top down */
};

static int write_bytes(GifFileType *g, const GifByteType *d, int n)
{
	buf_put(g->UserData, d, (size_t)n);
	return n;
}

static ColorMapObject *make_map(int n, const unsigned char *rgb)
{
	GifColorType c[256];
	for (int i = 0; i < n; i++) {
		c[i].Red = rgb[3 * i];
		c[i].Green = rgb[3 * i + 1];
		c[i].Blue = rgb[3 * i + 2];
	}
	return GifMakeMapObject(n, c);
}

/* Write a GIF of screen sw×sh with an n_global colour map (0: none) and
 * the frames given; returns 0. Interlaced rows go out in the file's pass
 * order, which is what the decoder must undo. */
static int gif_write(struct buf *out, int sw, int sh, int n_global, const unsigned char *global,
		     const struct frame *fr, int n_frames)
{
	static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
	int err = 0, rc = -1;
	GifFileType *g = EGifOpen(out, write_bytes, &err);
	if (!g)
		return -1;
	EGifSetGifVersion(g, true);
	ColorMapObject *gm = n_global ? make_map(n_global, global) : NULL;
	if (EGifPutScreenDesc(g, sw, sh, 8, 0, gm) != GIF_OK)
		goto done;
	for (int k = 0; k < n_frames; k++) {
		const struct frame *f = &fr[k];
		if (f->transparent >= 0) {
			unsigned char gce[4] = {1, 10, 0, (unsigned char)f->transparent};
			if (EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, 4, gce) != GIF_OK)
				goto done;
		}
		ColorMapObject *lm = f->n_local ? make_map(f->n_local, f->local) : NULL;
		int ok = EGifPutImageDesc(g, f->left, f->top, f->w, f->h, f->interlace, lm) == GIF_OK;
		GifFreeMapObject(lm);
		if (!ok)
			goto done;
		for (int p = 0; p < (f->interlace ? 4 : 1); p++)
			for (int y = f->interlace ? start[p] : 0; y < f->h; y += f->interlace ? step[p] : 1)
				if (EGifPutLine(g, (GifPixelType *)f->idx + (size_t)y * f->w, f->w) != GIF_OK)
					goto done;
	}
	rc = 0;
done:
	GifFreeMapObject(gm);
	if (EGifCloseFile(g, &err) != GIF_OK)
		rc = -1;
	return rc;
}

/* The screen the decoder should give for the first frame: its colours
 * where it is opaque, white and alpha 0 everywhere else. */
static int expect_pixels(const struct pngdec_image *img, int sw, int sh, int n_global,
			 const unsigned char *global, const struct frame *f)
{
	if (img->w != (unsigned long)sw || img->h != (unsigned long)sh || !img->rgb)
		return 0;
	int any_clear = 0;
	for (int y = 0; y < sh; y++)
		for (int x = 0; x < sw; x++) {
			unsigned char want[3] = {255, 255, 255}, a = 0;
			int fx = x - f->left, fy = y - f->top;
			if (fx >= 0 && fy >= 0 && fx < f->w && fy < f->h) {
				int c = f->idx[fy * f->w + fx];
				if (c != f->transparent) {
					const unsigned char *map = f->n_local ? f->local : global;
					int n = f->n_local ? f->n_local : n_global;
					a = 255;
					for (int i = 0; i < 3; i++)
						want[i] = c < n ? map[3 * c + i] : 0;
				}
			}
			any_clear |= a == 0;
			size_t at = (size_t)y * sw + x;
			if (memcmp(img->rgb + 3 * at, want, 3))
				return 0;
			if (img->alpha ? img->alpha[at] != a : a != 255)
				return 0;
		}
	/* the alpha plane is there exactly when some pixel is see-through */
	return any_clear == (img->alpha != NULL);
}

static const unsigned char four[] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 20, 40, 60};
static const unsigned char eight[] = {0,   0,   0,   255, 255, 255, 200, 100, 50, 1,   2,  3,
				      9,   8,   7,   128, 64,  32,  77,  88,  99, 250, 5,  6};

/* Fill n indexes with a pattern that uses colours 0..k-1. */
static unsigned char *pattern(int n, int k, int salt)
{
	unsigned char *p = malloc((size_t)n);
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 7 + i / 5 + salt) % k);
	return p;
}

/* Encode, decode, compare; one CHECK. */
static void roundtrip(const char *name, int sw, int sh, int n_global, const unsigned char *global,
		      const struct frame *fr, int n_frames)
{
	struct buf g = BUF_INIT;
	struct pngdec_image img;
	int ok = gif_write(&g, sw, sh, n_global, global, fr, n_frames) == 0 &&
		 gifdec_decode((unsigned char *)g.ptr, g.len, &img) == 0;
	if (ok) {
		ok = expect_pixels(&img, sw, sh, n_global, global, &fr[0]);
		pngdec_free(&img);
	}
	CHECK(name, ok);
	buf_free(&g);
}

static void good(void)
{
	unsigned char *a = pattern(30 * 20, 4, 0), *b = pattern(13 * 9, 8, 3), *c = pattern(30 * 20, 8, 1);

	struct frame full = {0, 0, 30, 20, 0, 0, NULL, -1, a};
	roundtrip("gifdec/global-map-opaque", 30, 20, 4, four, &full, 1);

	struct frame local = {0, 0, 30, 20, 0, 8, eight, -1, c};
	roundtrip("gifdec/local-map-wins", 30, 20, 4, four, &local, 1);

	struct frame trans = {0, 0, 30, 20, 0, 0, NULL, 2, a};
	roundtrip("gifdec/transparent-index", 30, 20, 4, four, &trans, 1);

	struct frame offset = {11, 6, 13, 9, 0, 8, eight, -1, b};
	roundtrip("gifdec/frame-at-offset", 30, 20, 4, four, &offset, 1);

	struct frame edge = {17, 11, 13, 9, 0, 8, eight, 5, b};
	roundtrip("gifdec/frame-at-corner-transparent", 30, 20, 0, NULL, &edge, 1);

	struct frame inter = {0, 0, 30, 20, 1, 0, NULL, -1, a};
	roundtrip("gifdec/interlaced", 30, 20, 4, four, &inter, 1);

	/* heights that leave some interlace passes empty */
	for (int h = 1; h <= 9; h++) {
		struct frame f = {2, 0, 13, h, 1, 8, eight, -1, b};
		char name[48];
		snprintf(name, sizeof name, "gifdec/interlaced-height-%d", h);
		roundtrip(name, 15, h, 4, four, &f, 1);
	}

	/* an animation: only the first frame shows, with its own control
	 * block, not the second frame's */
	struct frame two[2] = {{0, 0, 30, 20, 0, 0, NULL, 1, a}, {0, 0, 30, 20, 0, 0, NULL, 3, c}};
	roundtrip("gifdec/first-of-two-frames", 30, 20, 8, eight, two, 2);

	struct frame one = {0, 0, 1, 1, 0, 0, NULL, -1, a};
	roundtrip("gifdec/one-pixel", 1, 1, 4, four, &one, 1);
	free(a);
	free(b);
	free(c);
}

/* ---- damaged GIFs ---- */

static int refused(const struct buf *g)
{
	struct pngdec_image img;
	memset(&img, 0x55, sizeof img);
	int rc = gifdec_decode((const unsigned char *)g->ptr, g->len, &img);
	int empty = !img.rgb && !img.alpha && !img.w && !img.h;
	if (!rc)
		pngdec_free(&img);
	return rc == -1 && empty;
}

static void put16(struct buf *g, size_t at, int v)
{
	g->ptr[at] = (char)(v & 0xff);
	g->ptr[at + 1] = (char)(v >> 8);
}

/* Remove n bytes at `at`. */
static void cut_out(struct buf *g, size_t at, size_t n)
{
	memmove(g->ptr + at, g->ptr + at + n, g->len - at - n);
	g->len -= n;
}

static void damaged(void)
{
	unsigned char *a = pattern(30 * 20, 4, 0);
	struct frame f = {0, 0, 30, 20, 0, 0, NULL, -1, a};
	struct buf g = BUF_INIT;
	CHECK("gifdec/damaged-setup", gif_write(&g, 30, 20, 4, four, &f, 1) == 0);
	/* layout: header 6, screen 7, global map 4*3, then the frame's
	 * descriptor (0x2C, left, top, width, height, flags) */
	const size_t desc = 6 + 7 + 12;
	CHECK("gifdec/damaged-layout", g.len > desc + 10 && (unsigned char)g.ptr[desc] == 0x2C);

	struct pngdec_image full;
	int have_full = gifdec_decode((unsigned char *)g.ptr, g.len, &full) == 0;
	CHECK("gifdec/damaged-original-reads", have_full);

	/* every cut: refused, or (when only the trailer is missing) the same
	 * pixels as the whole file */
	int cuts_ok = 1, refused_in_data = 1;
	for (size_t n = 0; n < g.len; n++) {
		struct pngdec_image img;
		if (gifdec_decode((unsigned char *)g.ptr, n, &img) == 0) {
			cuts_ok &= have_full && img.w == full.w && img.h == full.h &&
				   !memcmp(img.rgb, full.rgb, full.w * full.h * 3) && !img.alpha;
			/* only the trailer may be missing: the frame's data
			 * ends with an empty block, and until that is read
			 * the frame is not whole */
			refused_in_data &= n + 1 == g.len;
			pngdec_free(&img);
		}
	}
	CHECK("gifdec/truncated-every-length", cuts_ok);
	CHECK("gifdec/truncated-before-trailer-refused", refused_in_data);
	if (have_full)
		pngdec_free(&full);

	struct buf t = BUF_INIT;
#define DAMAGE(name, edit)                                   \
	do {                                                 \
		buf_clear(&t);                               \
		buf_put(&t, g.ptr, g.len);                   \
		edit;                                        \
		CHECK(name, refused(&t));                    \
	} while (0)
	/* no global map and no local one: clear the flag, drop the table */
	DAMAGE("gifdec/no-colour-map", (t.ptr[10] = (char)(t.ptr[10] & 0x7f), cut_out(&t, 13, 12)));
	DAMAGE("gifdec/frame-past-right-edge", put16(&t, desc + 1, 1));
	DAMAGE("gifdec/frame-past-bottom-edge", put16(&t, desc + 3, 1));
	DAMAGE("gifdec/frame-wider-than-screen", put16(&t, desc + 5, 31));
	DAMAGE("gifdec/frame-far-outside", (put16(&t, desc + 1, 65000), put16(&t, desc + 3, 65000)));
	DAMAGE("gifdec/frame-zero-width", put16(&t, desc + 5, 0));
	DAMAGE("gifdec/screen-65535-square", (put16(&t, 6, 65535), put16(&t, 8, 65535)));
	/* 7000×7000 is under the loader's limit but over the decoder's */
	DAMAGE("gifdec/screen-over-pixel-limit", (put16(&t, 6, 7000), put16(&t, 8, 7000)));
	DAMAGE("gifdec/screen-zero-height", put16(&t, 8, 0));
	DAMAGE("gifdec/not-a-gif", memcpy(t.ptr, "XIF", 3));
	DAMAGE("gifdec/trailer-before-frame", (t.ptr[desc] = 0x3B));
	DAMAGE("gifdec/garbage-record", (t.ptr[desc] = 0x77));
	CHECK("gifdec/empty-input", gifdec_decode(NULL, 0, &full) == -1 && !full.rgb);

	/* a local map of two colours while the pixels use indexes 0..3: the
	 * LZW code size still allows them, and those past the map are black */
	{
		unsigned char *q = pattern(30 * 20, 4, 2);
		struct frame lf = {0, 0, 30, 20, 0, 4, four, -1, q};
		struct buf l = BUF_INIT;
		struct pngdec_image img;
		int ok = gif_write(&l, 30, 20, 0, NULL, &lf, 1) == 0 && (unsigned char)l.ptr[13] == 0x2C;
		if (ok) {
			l.ptr[13 + 9] = (char)((l.ptr[13 + 9] & ~7) | 0); /* 2 entries */
			cut_out(&l, 13 + 10 + 6, 6);
			ok = gifdec_decode((unsigned char *)l.ptr, l.len, &img) == 0;
		}
		if (ok) {
			struct frame two = lf;
			two.n_local = 2;
			ok = expect_pixels(&img, 30, 20, 0, NULL, &two);
			pngdec_free(&img);
		}
		CHECK("gifdec/index-past-map-is-black", ok);
		buf_free(&l);
		free(q);
	}
	buf_free(&t);
	buf_free(&g);
	free(a);
}

int main(void)
{
	good();
	damaged();
	return unit_done();
}
