/* image.h — src/image/: image bytes, sniffed and decoded.
 *
 * Lessons bring PNG, JPEG, GIF and SVG files. This folder tells what a
 * file really is and how big it says it is (below, used by the loader),
 * and decodes what the PDF cannot take as it is: PNGs with transparency
 * or 16-bit samples (pngdec.h), the first frame of a GIF (gifdec.h) and
 * SVGs (svgdec.h, through librsvg), into 8-bit pixels and an alpha plane.
 * It takes bytes and returns pixels; it uses only src/base/ and never
 * reads a file itself.
 *
 * What kind of image a file is, and how big it says it is.
 *
 * The loader trusts bytes, not names: a .png that holds a JPEG is a JPEG,
 * a .png that holds text is corrupt, and a .webp is unsupported. Width and
 * height come from the PNG IHDR, the JPEG frame header or the GIF screen
 * descriptor; SVG is recognised but has no pixel size. */
#ifndef OCTAVO_IMAGE_H
#define OCTAVO_IMAGE_H

#include <stddef.h>

/* The most pixels (width × height) an image may claim. The loader refuses
 * larger ones (LIMIT_IMAGE_PIXELS) and the SVG rasteriser draws no more. */
#define IMAGE_MAX_PIXELS (50u * 1000 * 1000)

/* "image/png", "image/jpeg", "image/gif" or "image/svg+xml" (SVG only
 * when `name` ends in .svg), else NULL. *w and *h in pixels, 0 when the
 * header does not say. */
const char *image_sniff(const unsigned char *data, size_t len, const char *name, int *w,
			int *h);
/* 1 when the name claims a supported image type (so bad bytes are
 * "corrupt" rather than "unsupported"). */
int image_named_like(const char *name);

#endif
