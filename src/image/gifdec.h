/* gifdec.h — the first frame of a GIF as the planes a PDF draws an image
 * from. The PDF has no GIF filter, so a GIF in a lesson (a screenshot, a
 * short screen recording) is decoded here, with giflib, into the same
 * 8-bit RGB plane plus 8-bit alpha plane that the PNG decoder yields, and
 * the device makes the image and its soft mask exactly as for a PNG.
 * Only the first frame is read: a printed page cannot move. Pure: no
 * I/O, no shared state, safe on any thread. */
#ifndef OCTAVO_GIFDEC_H
#define OCTAVO_GIFDEC_H

#include <stddef.h>

#include "image/pngdec.h"

/* Decode the first frame of the n bytes of GIF at d into img, composed
 * onto the GIF's logical screen: pixels the frame does not cover and
 * pixels of the frame's transparent colour are transparent (alpha 0, RGB
 * white, so a viewer that ignores the mask shows paper). img->alpha is
 * NULL when every pixel is opaque. Returns 0, or -1 when the data is not
 * a GIF it can read (corrupt, cut short before the first frame ends, no
 * colour map, a frame outside the screen, a screen over
 * PNGDEC_MAX_PIXELS); img is then empty. Free with pngdec_free. */
int gifdec_decode(const unsigned char *d, size_t n, struct pngdec_image *img);

#endif
