/* imgcache.h — pictures decoded on earlier builds, kept in the cache
 * folder (base/cache.h) as the PDF holds them: the deflated RGB samples
 * and alpha plane of an SVG rasterised at print resolution, or of a PNG
 * or GIF that cannot go into the PDF as it is. Rasterising the sample
 * course's one SVG and deflating its raster was 60 ms of a 70 ms build
 * (librsvg and the 40 libraries it brings, fontconfig reading the book's
 * fonts, 5 MB of samples to deflate); its three decoded PNGs 15 ms more.
 * A course rebuilt after an edit nearly always shows the same pictures. */
#ifndef OCTAVO_IMGCACHE_H
#define OCTAVO_IMGCACHE_H

#include <stddef.h>

#include "base/buf.h"
#include "pdf/device.h"

/* What a picture's planes are made from: this octavo binary (its build
 * ID), the picture's bytes (their CRC-32, Adler-32 and length) and kind,
 * and for an SVG the rasteriser's options (opt, opt_len bytes) and the
 * fonts its text is set in (every .ttf of fonts_dir, by name and stamp:
 * device, inode, size, change and modification times). Appended to key;
 * the file's name to name (of the picture's path in the course, src, and
 * one of 4 slots chosen by its bytes, so the folder holds at most 4
 * versions of a picture). Returns 0, or -1 when nothing can be cached
 * (no cache folder, or no build ID). */
int imgcache_key(const char *kind, const unsigned char *data, size_t len, const char *src,
		 const void *opt, size_t opt_len, const char *fonts_dir, struct buf *key,
		 struct buf *name);

/* The planes kept under name for exactly key, into *px (state 1), when
 * the libraries named with them (imgcache_put's deps) are the files they
 * were. Returns 0, or -1 (px untouched) when there are none, or they
 * were made for another key or by other libraries, or the file is
 * damaged. */
int imgcache_get(const char *name, const struct buf *key, struct png_pixels *px);

/* The libraries at paths[0..n) as imgcache_put keeps them (each path
 * and its stamp), appended to deps. */
void imgcache_deps(const char *const *paths, int n, struct buf *deps);

/* Keep px (decoded: state 1) under name for key, with deps: the
 * libraries that made it (imgcache_deps; empty for octavo's own
 * decoders, which the build ID covers). Silent when it cannot. */
void imgcache_put(const char *name, const struct buf *key, const struct buf *deps,
		  const struct png_pixels *px);

#endif
