/* device_image.c — the device's images. A JPEG goes in as it is (once it
 * is known to hold image data); so does an opaque 8-bit PNG, its IDAT
 * data being a Flate stream already. Any other PNG, and every GIF, is
 * decoded to 8-bit RGB plus an alpha plane (a soft mask), compressed by
 * zflate; that decoding uses no libharu state, so the back end runs it on
 * two threads ahead of making the image objects, which happens in asset
 * order whatever finished first. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/bytes.h"
#include "base/util.h"
#include "base/zflate.h"
#include "image/gifdec.h"
#include "image/pngdec.h"
#include "image/svgdec.h"
#include "pdf/device_impl.h"

/* Whether a JPEG reaches a start-of-scan segment: libharu embeds a JPEG
 * after reading only its frame header, so a file cut short before its
 * image data would make a PDF that readers (and qpdf) reject. */
static int jpeg_has_scan(const unsigned char *p, size_t n)
{
	size_t i = 2;
	while (i + 4 <= n) {
		if (p[i] != 0xFF)
			return 0;
		unsigned m = p[i + 1];
		if (m == 0xFF || m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
			i += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == 0xDA)
			return 1;
		if (m == 0xD9)
			return 0;
		i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
	}
	return 0;
}

/* Whether PNG data d can go in as it is (see png_passthrough); when idat
 * is not NULL its IDAT data is gathered there. */
static int png_scan(const unsigned char *d, size_t n, struct buf *idat,
		    const unsigned char **plte_out, size_t *plte_len_out)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (n < 33 || memcmp(d, sig, 8) || memcmp(d + 12, "IHDR", 4))
		return 0;
	unsigned long w = be32(d + 16), h = be32(d + 20);
	int depth = d[24], ctype = d[25], interlace = d[28];
	if (!w || !h || w > 20000 || h > 20000 || interlace || depth != 8 ||
	    (ctype != 0 && ctype != 2 && ctype != 3))
		return 0;
	const unsigned char *plte = NULL;
	size_t plte_len = 0, idat_len = 0;
	for (size_t at = 8; at + 12 <= n;) {
		size_t len = be32(d + at);
		const unsigned char *type = d + at + 4;
		if (len > n - at - 12)
			break;
		if (!memcmp(type, "tRNS", 4))
			return 0; /* transparency: decode and split off an alpha mask */
		if (!memcmp(type, "PLTE", 4)) {
			plte = d + at + 8;
			plte_len = len;
		} else if (!memcmp(type, "IDAT", 4)) {
			if (idat)
				buf_put(idat, d + at + 8, len);
			idat_len += len;
		} else if (!memcmp(type, "IEND", 4)) {
			break;
		}
		at += 12 + len;
	}
	if (!idat_len || (ctype == 3 && (!plte || plte_len % 3 || plte_len == 0 || plte_len > 768)))
		return 0;
	if (plte_out) {
		*plte_out = plte;
		*plte_len_out = plte_len;
	}
	return 1;
}

int device_png_direct(const unsigned char *d, size_t n)
{
	return png_scan(d, n, NULL, NULL, NULL);
}

/* An image XObject stream of w × h pixels, registered with the document,
 * for the callers to describe its samples and fill its stream (libharu 2.3
 * has no public call for image data that is already compressed). */
static HPDF_Dict image_dict(struct device *dv, unsigned long w, unsigned long h)
{
	HPDF_Doc pdf = dv->pdf;
	HPDF_Dict im = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!im)
		return NULL;
	im->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	HPDF_Dict_AddName(im, "Type", "XObject");
	HPDF_Dict_AddName(im, "Subtype", "Image");
	HPDF_Dict_AddNumber(im, "Width", (HPDF_INT)w);
	HPDF_Dict_AddNumber(im, "Height", (HPDF_INT)h);
	return im;
}

/* An opaque, non-interlaced PNG of 8-bit grey, RGB or palette colour goes
 * into the PDF as it is: its IDAT data is already a Flate stream with PNG
 * row filters, which PDF readers undo with /Predictor 15. That skips
 * decoding and recompressing, the slowest part of a book with pictures.
 * libharu has no call for a pre-compressed image, so the image dictionary
 * is built with its object functions. Returns NULL to take the slow path. */
static HPDF_Image png_passthrough(struct device *dv, const unsigned char *d, size_t n)
{
	const unsigned char *plte = NULL;
	size_t plte_len = 0;
	struct buf idat = BUF_INIT;
	if (!png_scan(d, n, &idat, &plte, &plte_len)) {
		buf_free(&idat);
		return NULL;
	}
	unsigned long w = be32(d + 16), h = be32(d + 20);
	int depth = d[24], ctype = d[25];
	HPDF_Doc pdf = dv->pdf;
	HPDF_Dict im = image_dict(dv, w, h);
	if (!im) {
		buf_free(&idat);
		return NULL;
	}
	HPDF_Dict_AddNumber(im, "BitsPerComponent", depth);
	int colours = 1;
	if (ctype == 0) {
		HPDF_Dict_AddName(im, "ColorSpace", "DeviceGray");
	} else if (ctype == 2) {
		HPDF_Dict_AddName(im, "ColorSpace", "DeviceRGB");
		colours = 3;
	} else {
		HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
		HPDF_Dict_Add(im, "ColorSpace", cs);
		HPDF_Array_AddName(cs, "Indexed");
		HPDF_Array_AddName(cs, "DeviceRGB");
		HPDF_Array_AddNumber(cs, (HPDF_INT)(plte_len / 3 - 1));
		HPDF_Array_Add(cs, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)plte, (HPDF_UINT)plte_len));
	}
	im->write_fn = device_flate_filter;
	HPDF_Dict parms = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict_Add(im, "DecodeParms", parms);
	HPDF_Dict_AddNumber(parms, "Predictor", 15);
	HPDF_Dict_AddNumber(parms, "Colors", colours);
	HPDF_Dict_AddNumber(parms, "BitsPerComponent", depth);
	HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT)w);
	im->filter = HPDF_STREAM_FILTER_NONE; /* the data is compressed already */
	device_hold(im, &idat);
	return dv->error ? NULL : (HPDF_Image)im;
}

/* Raw 8-bit samples, Flate-compressed by zflate: libharu would copy the
 * samples through its memory streams byte by byte and compress them at
 * the default level, which for a screenshot with transparency cost more
 * than laying out a lesson. NULL if the compressor fails. */
static unsigned char *deflate_fast(const unsigned char *px, size_t n, size_t *out_len)
{
	struct buf z = BUF_INIT;
	if (zflate(px, n, &z)) {
		buf_free(&z);
		return NULL;
	}
	*out_len = z.len;
	return (unsigned char *)buf_detach(&z);
}

/* An image dictionary over Flate-compressed 8-bit samples. */
static HPDF_Image raw_image(struct device *dv, const unsigned char *z, size_t zn, unsigned long w,
			    unsigned long h, int colours)
{
	HPDF_Dict im = image_dict(dv, w, h);
	if (!im)
		return NULL;
	HPDF_Dict_AddName(im, "ColorSpace", colours == 3 ? "DeviceRGB" : "DeviceGray");
	HPDF_Dict_AddNumber(im, "BitsPerComponent", 8);
	im->write_fn = device_flate_filter;
	im->filter = HPDF_STREAM_FILTER_NONE; /* compressed already */
	struct buf b = BUF_INIT;
	buf_put(&b, z, zn);
	device_hold(im, &b);
	return dv->error ? NULL : (HPDF_Image)im;
}

void device_png_free(struct png_pixels *px)
{
	free(px->rgb);
	free(px->alpha);
	memset(px, 0, sizeof *px);
}

/* Compress the planes a decoder returned (rc 0) into px and free them;
 * px->state is 1, or -1 when the decoder failed (img is then empty). */
static void pixels_deflate(int rc, struct pngdec_image *img, struct png_pixels *px)
{
	memset(px, 0, sizeof *px);
	px->state = -1;
	if (rc)
		return;
	px->w = img->w;
	px->h = img->h;
	px->rgb = deflate_fast(img->rgb, (size_t)img->w * img->h * 3, &px->rgb_len);
	if (px->rgb && img->alpha)
		px->alpha = deflate_fast(img->alpha, (size_t)img->w * img->h, &px->alpha_len);
	if (px->rgb && (!img->alpha || px->alpha))
		px->state = 1;
	pngdec_free(img);
	if (px->state != 1) {
		device_png_free(px);
		px->state = -1;
	}
}

/* Decode a PNG ourselves to 8-bit RGB plus an 8-bit alpha plane (libharu
 * 2.3 draws 16-bit PNGs garbled and drops palette transparency, so every
 * PNG that cannot go in as it is takes this one path), and compress both.
 * It touches no libharu state, so books with many pictures decode them on
 * two threads. */
void device_png_decode(const unsigned char *data, size_t len, struct png_pixels *px)
{
	struct pngdec_image img;
	pixels_deflate(pngdec_decode(data, len, &img), &img, px);
}

/* A GIF's first frame becomes the same two planes, so it takes the PNG
 * path from here on: one image, its transparency a soft mask. */
void device_gif_decode(const unsigned char *data, size_t len, struct png_pixels *px)
{
	struct pngdec_image img;
	pixels_deflate(gifdec_decode(data, len, &img), &img, px);
}

/* An SVG rasterised at print resolution becomes the same two planes;
 * the size to draw it at travels with them, since the raster's pixel
 * size is not its size on the page. */
void device_svg_decode(const unsigned char *data, size_t len, const struct svgdec_options *o,
		       struct png_pixels *px)
{
	struct svgdec_image img;
	int rc = svgdec_decode(data, len, o, &img);
	pixels_deflate(rc, &img.px, px);
	if (rc == -3)
		px->svg_notes = SVGDEC_PICTURE_REFUSED;
	if (px->state == 1) {
		px->svg_w = img.w;
		px->svg_h = img.h;
		px->svg_declared_w = img.declared_w;
		px->svg_declared_h = img.declared_h;
		px->svg_notes = img.notes;
	}
}

/* The image objects for a decoded PNG or GIF (decoded now if pre is NULL
 * or not yet decoded). */
static HPDF_Image load_pixels(struct device *dv, const unsigned char *data, size_t len,
			      enum device_format format, const struct png_pixels *pre)
{
	struct png_pixels own;
	const struct png_pixels *px = pre;
	if (!px || !px->state) {
		if (format == DEVICE_SVG)
			return NULL; /* needs the options it was planned with */
		if (format == DEVICE_GIF)
			device_gif_decode(data, len, &own);
		else
			device_png_decode(data, len, &own);
		px = &own;
	}
	HPDF_Image im = NULL;
	if (px->state == 1) {
		im = raw_image(dv, px->rgb, px->rgb_len, px->w, px->h, 3);
		if (im && px->alpha) {
			HPDF_Image mask = raw_image(dv, px->alpha, px->alpha_len, px->w, px->h, 1);
			if (mask)
				HPDF_Image_AddSMask(im, mask);
		}
	}
	if (px == &own)
		device_png_free(&own);
	return im;
}

int device_image(struct device *dv, const unsigned char *data, size_t len,
		 enum device_format format, const struct png_pixels *pre, double *w_px,
		 double *h_px)
{
	unsigned long before = dv->error;
	HPDF_Image im = NULL;
	if (format == DEVICE_PNG) {
		im = png_passthrough(dv, data, len);
		if (!im) {
			dv->error = before;
			HPDF_ResetError(dv->pdf);
			im = load_pixels(dv, data, len, format, pre);
		}
	} else if (format == DEVICE_GIF || format == DEVICE_SVG) {
		im = load_pixels(dv, data, len, format, pre);
	} else if (jpeg_has_scan(data, len)) {
		im = HPDF_LoadJpegImageFromMem(dv->pdf, data, (HPDF_UINT)len);
		/* its bytes as a stream of ours: libharu copied them into its
		 * memory stream a byte at a time, and would read them back out
		 * the same way when the file is written */
		if (im && !dv->error) {
			struct buf b = BUF_INIT;
			buf_put(&b, data, len);
			device_hold(im, &b);
		}
	}
	if (!im) {
		/* a bad image is the book's problem, not a failed document */
		dv->error = before;
		HPDF_ResetError(dv->pdf);
		return -1;
	}
	dv->images = xgrow(dv->images, &dv->cap_images, dv->n_images + 1, sizeof *dv->images);
	dv->images[dv->n_images] = im;
	*w_px = HPDF_Image_GetWidth(im);
	*h_px = HPDF_Image_GetHeight(im);
	return (int)dv->n_images++;
}
