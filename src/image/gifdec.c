/* gifdec.c — the first frame of a GIF, composed onto its logical screen,
 * as 8-bit RGB plus alpha (see gifdec.h). giflib does the LZW decoding;
 * everything a hostile file could lie about (screen size, where the frame
 * sits, which colour map applies, colour indexes past the map's end) is
 * checked here before it is used. The records are read one by one rather
 * than with DGifSlurp, which would decode every frame of an animation and
 * allocate each frame's claimed size before any check of ours. */
#include "image/gifdec.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* giflib reads through this callback from the bytes in memory. */
struct gif_source {
	const unsigned char *d;
	size_t n, pos;
};

static int read_bytes(GifFileType *g, GifByteType *out, int want)
{
	struct gif_source *s = g->UserData;
	if (want <= 0)
		return 0;
	size_t k = s->n - s->pos;
	if (k > (size_t)want)
		k = (size_t)want;
	memcpy(out, s->d + s->pos, k);
	s->pos += k;
	return (int)k;
}

/* The transparent colour index a Graphics Control Extension sets, or -1.
 * Its data block is: size (4), flags, delay (2 bytes), index. */
static int gce_transparent(const GifByteType *ext)
{
	if (!ext || ext[0] < 4 || !(ext[1] & 1))
		return -1;
	return ext[4];
}

/* Read the frame's rows (interlaced: in GIF's four passes) into the
 * screen-sized planes, mapping indexes through cmap. */
static int read_frame(GifFileType *g, const ColorMapObject *cmap, int transparent,
		      struct pngdec_image *img)
{
	static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
	const GifImageDesc *f = &g->Image;
	int passes = f->Interlace ? 4 : 1;
	GifPixelType *line = xmalloc((size_t)f->Width);
	int rc = -1;
	for (int p = 0; p < passes; p++) {
		int y0 = f->Interlace ? start[p] : 0, dy = f->Interlace ? step[p] : 1;
		for (int y = y0; y < f->Height; y += dy) {
			if (DGifGetLine(g, line, f->Width) != GIF_OK)
				goto done;
			size_t at = (size_t)(f->Top + y) * img->w + (size_t)f->Left;
			unsigned char *rgb = img->rgb + at * 3, *alpha = img->alpha + at;
			for (int x = 0; x < f->Width; x++) {
				int c = line[x];
				if (c == transparent)
					continue; /* stays as the screen was cleared */
				alpha[x] = 255;
				if (c < cmap->ColorCount) {
					rgb[3 * x] = cmap->Colors[c].Red;
					rgb[3 * x + 1] = cmap->Colors[c].Green;
					rgb[3 * x + 2] = cmap->Colors[c].Blue;
				} else {
					/* past the map's end: black, as browsers draw it */
					rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = 0;
				}
			}
		}
	}
	rc = 0;
done:
	free(line);
	return rc;
}

/* 1 when every pixel is opaque, so the alpha plane can go. */
static int all_opaque(const unsigned char *alpha, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (alpha[i] != 255)
			return 0;
	return 1;
}

int gifdec_decode(const unsigned char *d, size_t n, struct pngdec_image *img)
{
	memset(img, 0, sizeof *img);
	struct gif_source src = {d, n, 0};
	int err = 0, rc = -1, transparent = -1;
	GifFileType *g = d ? DGifOpen(&src, read_bytes, &err) : NULL;
	if (!g)
		return -1;
	if (g->SWidth <= 0 || g->SHeight <= 0 ||
	    (unsigned long long)g->SWidth * (unsigned long long)g->SHeight > PNGDEC_MAX_PIXELS)
		goto done;
	for (;;) {
		GifRecordType type;
		if (DGifGetRecordType(g, &type) != GIF_OK)
			goto done;
		if (type == EXTENSION_RECORD_TYPE) {
			int code;
			GifByteType *ext;
			if (DGifGetExtension(g, &code, &ext) != GIF_OK)
				goto done;
			/* the last control block before the frame is the frame's */
			if (code == GRAPHICS_EXT_FUNC_CODE)
				transparent = gce_transparent(ext);
			while (ext)
				if (DGifGetExtensionNext(g, &ext) != GIF_OK)
					goto done;
		} else if (type == IMAGE_DESC_RECORD_TYPE) {
			break;
		} else {
			goto done; /* the trailer, or garbage, before any frame */
		}
	}
	if (DGifGetImageDesc(g) != GIF_OK)
		goto done;
	const GifImageDesc *f = &g->Image;
	if (f->Left < 0 || f->Top < 0 || f->Width <= 0 || f->Height <= 0 ||
	    f->Width > g->SWidth - f->Left || f->Height > g->SHeight - f->Top)
		goto done;
	const ColorMapObject *cmap = f->ColorMap ? f->ColorMap : g->SColorMap;
	if (!cmap || !cmap->Colors || cmap->ColorCount <= 0)
		goto done;
	img->w = (unsigned long)g->SWidth;
	img->h = (unsigned long)g->SHeight;
	size_t px = (size_t)img->w * img->h;
	img->rgb = xmalloc(px * 3);
	memset(img->rgb, 255, px * 3);
	img->alpha = xcalloc(px, 1);
	if (read_frame(g, cmap, transparent, img))
		goto done;
	if (all_opaque(img->alpha, px)) {
		free(img->alpha);
		img->alpha = NULL;
	}
	rc = 0;
done:
	DGifCloseFile(g, &err);
	if (rc)
		pngdec_free(img);
	return rc;
}
