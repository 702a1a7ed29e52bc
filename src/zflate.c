/* zflate.c — Flate compression for the PDF streams, whole buffer at once,
 * with libdeflate at its fastest level. Every stream is in memory already,
 * so a whole-buffer compressor fits, and on this tool's streams (fonts,
 * pages, image samples) libdeflate's level 1 takes about a quarter less
 * time than zlib's fastest level and still writes a smaller PDF; its
 * higher levels save a few percent of size for much more time. */
#include <libdeflate.h>

#include "zflate.h"

#define ZFLATE_LEVEL 1

int zflate(const void *in, size_t n, struct buf *out)
{
	/* A compressor per call, not one shared: zflate runs on several
	 * threads at once and a compressor holds its match finder's state.
	 * Allocating it is cheap next to the compressing (measured: keeping
	 * one per thread saved nothing). */
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(ZFLATE_LEVEL);
	if (!c)
		return -1;
	size_t bound = libdeflate_zlib_compress_bound(c, n);
	void *at = buf_space(out, bound);
	size_t zn = libdeflate_zlib_compress(c, in, n, at, bound);
	libdeflate_free_compressor(c);
	if (!zn)
		return -1;
	buf_commit(out, zn);
	return 0;
}
