/* pngdec.h — a PNG decoder for the images the PDF cannot take as they are
 * (transparency, 16-bit samples, interlacing, low bit depths): any valid
 * PNG becomes one 8-bit RGB plane plus one 8-bit alpha plane, the two
 * image streams a PDF draws it from. Pure: no I/O, no shared state, safe
 * on any thread. It accepts and refuses what libpng (as octavo used it)
 * does, and yields the same pixels: 16-bit samples keep their high byte,
 * grey is spread to RGB, tRNS becomes alpha. */
#ifndef OCTAVO_PNGDEC_H
#define OCTAVO_PNGDEC_H

#include <stddef.h>

/* Largest image decoded, in pixels: a bigger claim is refused before any
 * memory is spent on it. */
#define PNGDEC_MAX_PIXELS 40000000UL

struct pngdec_image {
	unsigned long w, h;   /* pixels */
	unsigned char *rgb;   /* w*h*3 bytes, rows top to bottom */
	unsigned char *alpha; /* w*h bytes; NULL when every pixel is opaque */
};

/* Decode the n bytes of PNG at d into img. Returns 0, or -1 when the data
 * is not a PNG it can read (corrupt, cut short, over the pixel limit);
 * img is then empty. Free a decoded image with pngdec_free. */
int pngdec_decode(const unsigned char *d, size_t n, struct pngdec_image *img);
void pngdec_free(struct pngdec_image *img);

#endif
