/* zflate.c — Flate compression for the PDF streams, whole buffer at once,
 * with libdeflate at its fastest level. Every stream is in memory already,
 * so a whole-buffer compressor fits, and on this tool's streams (fonts,
 * pages, image samples) libdeflate's level 1 takes about a quarter less
 * time than zlib's fastest level and still writes a smaller PDF; its
 * higher levels save a few percent of size for much more time. */
#include <libdeflate.h>

#include "base/zflate.h"

#define ZFLATE_LEVEL 1

void zflate_init(void)
{
	/* libdeflate picks its checksum and inflate routines for this CPU on
	 * first use and stores them in function pointers. Two threads making
	 * that first call together both write the pointer: harmless in
	 * practice, but a data race (helgrind reports it). One call of each
	 * here, before any thread starts, leaves the threads only reading. */
	static const unsigned char empty_zlib[] = {0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
	unsigned char out[1];
	size_t got = 0;
	libdeflate_adler32(1, empty_zlib, 1);
	libdeflate_crc32(0, empty_zlib, 1);
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	if (d) {
		libdeflate_zlib_decompress(d, empty_zlib, sizeof empty_zlib, out, sizeof out, &got);
		libdeflate_free_decompressor(d);
	}
}

/* in, compressed by libdeflate at level in the format of bound and run
 * (zlib or raw deflate), appended to out. */
static int compress(int level, const void *in, size_t n, struct buf *out,
		    size_t (*bound)(struct libdeflate_compressor *, size_t),
		    size_t (*run)(struct libdeflate_compressor *, const void *, size_t, void *,
				  size_t))
{
	/* A compressor per call, not one shared: zflate runs on several
	 * threads at once and a compressor holds its match finder's state.
	 * Allocating it is cheap next to the compressing (measured: keeping
	 * one per thread saved nothing). */
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	if (!c)
		return -1;
	size_t max = bound(c, n);
	void *at = buf_space(out, max);
	size_t zn = run(c, in, n, at, max);
	libdeflate_free_compressor(c);
	if (!zn)
		return -1;
	buf_commit(out, zn);
	return 0;
}

int zflate(const void *in, size_t n, struct buf *out)
{
	return compress(ZFLATE_LEVEL, in, n, out, libdeflate_zlib_compress_bound,
			libdeflate_zlib_compress);
}

int zflate_raw(const void *in, size_t n, int level, struct buf *out, uint32_t *crc)
{
	if (compress(level, in, n, out, libdeflate_deflate_compress_bound,
		     libdeflate_deflate_compress))
		return -1;
	*crc = (uint32_t)libdeflate_crc32(0, in, n);
	return 0;
}
