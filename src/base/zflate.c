/* zflate.c — Flate compression for the PDF streams, whole buffer at once,
 * with libdeflate at its fastest level. Every stream is in memory already,
 * so a whole-buffer compressor fits, and on this tool's streams (fonts,
 * pages, image samples) libdeflate's level 1 takes about a quarter less
 * time than zlib's fastest level and still writes a smaller PDF; its
 * higher levels save a few percent of size for much more time. */
#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>

#include "base/zflate.h"

#define ZFLATE_LEVEL 1

/* Each thread keeps its compressor for the next call: making one fills a
 * table of match offsets, about 32,000 instructions, as much as
 * deflating a few kilobytes (100 lessons made 441 of them: 14.2M
 * instructions, 1.9 % of the build under callgrind). A thread's is freed
 * as the thread ends (the key's destructor); the main thread's by
 * zflate_done(). */
struct zc {
	struct libdeflate_compressor *c;
	int level;
};
static pthread_key_t zc_key;
static int zc_key_ok; /* set by zflate_init, before any thread starts */

static void zc_free(void *p)
{
	struct zc *z = p;
	libdeflate_free_compressor(z->c);
	free(z);
}

/* This thread's compressor at level, or NULL: none could be made. The
 * caller frees it unless *kept. */
static struct libdeflate_compressor *compressor(int level, int *kept)
{
	struct zc *z = zc_key_ok ? pthread_getspecific(zc_key) : NULL;
	*kept = 0;
	if (z && z->level == level) {
		*kept = 1;
		return z->c;
	}
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	if (!c || !zc_key_ok)
		return c;
	if (!z) {
		z = malloc(sizeof *z);
		if (!z || pthread_setspecific(zc_key, z)) {
			free(z);
			return c;
		}
	} else {
		libdeflate_free_compressor(z->c);
	}
	z->c = c;
	z->level = level;
	*kept = 1;
	return c;
}

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
	/* the key for each thread's compressor (without it, as in a test
	 * that never calls this, each call makes its own) */
	if (!zc_key_ok)
		zc_key_ok = pthread_key_create(&zc_key, zc_free) == 0;
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	if (d) {
		libdeflate_zlib_decompress(d, empty_zlib, sizeof empty_zlib, out, sizeof out, &got);
		libdeflate_free_decompressor(d);
	}
}

void zflate_done(void)
{
	struct zc *z = zc_key_ok ? pthread_getspecific(zc_key) : NULL;
	if (z) {
		pthread_setspecific(zc_key, NULL);
		zc_free(z);
	}
}

/* in, compressed by libdeflate at level in the format of bound and run
 * (zlib or raw deflate), appended to out. */
static int compress(int level, const void *in, size_t n, struct buf *out,
		    size_t (*bound)(struct libdeflate_compressor *, size_t),
		    size_t (*run)(struct libdeflate_compressor *, const void *, size_t, void *,
				  size_t))
{
	int kept;
	struct libdeflate_compressor *c = compressor(level, &kept);
	if (!c)
		return -1;
	size_t max = bound(c, n);
	void *at = buf_space(out, max);
	size_t zn = run(c, in, n, at, max);
	if (!kept)
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
	*crc = zcrc32(0, in, n);
	return 0;
}

uint32_t zcrc32(uint32_t crc, const void *p, size_t n)
{
	return (uint32_t)libdeflate_crc32(crc, p, n);
}
