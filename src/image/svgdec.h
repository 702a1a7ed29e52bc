/* svgdec.h — an SVG image as the planes a PDF draws an image from. The
 * PDF is written by libharu, which cannot take cairo's vector drawing, so
 * an SVG is rasterised with librsvg onto a cairo image surface at the
 * theme's print resolution for the largest size it can be drawn at, and
 * becomes the same 8-bit RGB plane plus 8-bit alpha plane the PNG decoder
 * yields; the device then makes the image and its soft mask as for a PNG.
 *
 * The SVG is parsed from memory with no base file, so librsvg resolves
 * no reference: no image, stylesheet or entity outside the document (a
 * file: or http: URL, a path beside the course) is ever read; only data:
 * URLs inside the document itself are. Scripts are never run (librsvg has
 * no script engine); librsvg's own limits on XML entities and element
 * counts stay on. Pure apart from librsvg: no file I/O, no shared state,
 * safe on any thread. librsvg is loaded on first use (svgdec.c says
 * why), so a book without SVGs never pays for it. */
#ifndef OCTAVO_SVGDEC_H
#define OCTAVO_SVGDEC_H

#include <stddef.h>

#include "image/image.h"
#include "image/pngdec.h"

/* CSS pixels per inch: an SVG's width="100" is 100/96 in, as in a browser
 * and as the PDF sizes PNGs. */
#define SVGDEC_PX_PER_IN 96.0

/* The ceiling on the pixels an image may claim, the loader's too
 * (image/image.h). For an SVG it bounds both the declared size and the
 * raster. */
#define SVGDEC_MAX_PIXELS IMAGE_MAX_PIXELS

/* What the decoder had to give up; a caller warns about each. */
enum {
	/* the declared size was over max_pixels: scaled down */
	SVGDEC_SIZE_CLAMPED = 1,
	/* the raster at dpi would pass max_pixels (or cairo's 32767-pixel
	 * side): made coarser */
	SVGDEC_DPI_LOWERED = 2,
	/* for a caller's record of a -3 from svgdec_decode */
	SVGDEC_PICTURE_REFUSED = 4,
};

struct svgdec_options {
	/* raster pixels per inch at the drawn size */
	double dpi;
	/* the largest it can be drawn, CSS px; 0: no bound */
	double max_w, max_h;
	/* ceiling for the declared size and for the raster */
	unsigned long max_pixels;
};

struct svgdec_image {
	/* the raster; px.alpha NULL when opaque */
	struct pngdec_image px;
	/* natural size to draw at, CSS px, after any clamping (a caller
	 * still fits it to the column) */
	double w, h;
	/* SVGDEC_* flags */
	int notes;
	/* the size the file declares, CSS px */
	double declared_w, declared_h;
};

/* Set SVG text in the fonts of folder dir only (a book's fonts/), not in
 * the machine's: call before the first svgdec_decode; later calls do
 * nothing. Any thread. */
void svgdec_fonts(const char *dir);

/* 1 when librsvg could be loaded (the first call loads it; any thread). */
int svgdec_available(void);

/* The files of the libraries that rasterise (librsvg and cairo, once
 * loaded), into paths[0..n): each a path in the loader's own memory.
 * Returns n, 0 when librsvg is not loaded. */
int svgdec_libraries(const char *paths[2]);

/* Rasterise the n bytes of SVG at d for options o into img. The size is
 * the SVG's width and height (in any CSS unit), else its viewBox, else
 * its drawing's extent. Returns 0; -1 when librsvg cannot parse it or it
 * has no positive finite size; -2 when librsvg is not installed; -3 when
 * it embeds a data: picture that is not a PNG, JPEG or GIF within
 * max_pixels (librsvg's decoder would allocate whatever such a picture
 * claims). img then holds no pixels. Free the pixels with
 * pngdec_free(&img->px). */
int svgdec_decode(const unsigned char *d, size_t n,
                  const struct svgdec_options *o, struct svgdec_image *img);

#endif
