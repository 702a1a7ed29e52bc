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

/* Compressors are kept for the next call, by any thread: making one
 * fills a table of match offsets, about 32,000 instructions, and its
 * first use touches 100 KB of fresh memory, 0.1 ms in all, as much as
 * deflating a dozen pages (100 lessons made 441 of them: 14.2M
 * instructions, 1.9 % of the build under callgrind). One kept per thread
 * made one for the EPUB's thread and one for each thread that draws
 * pages, though the EPUB is zipped before the pages are drawn; a shared
 * free list hands the EPUB's on to the drawing, and holds no more
 * compressors than ever ran at once. zflate_done() frees them. */
struct zc {
	struct libdeflate_compressor *c;
	int level;
	struct zc *next;
};
static pthread_mutex_t zc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct zc *zc_free_list;

/* A compressor at level, from the free list or made now, or NULL. */
static struct zc *compressor_take(int level)
{
	pthread_mutex_lock(&zc_lock);
	struct zc **at = &zc_free_list;
	while (*at && (*at)->level != level)
		at = &(*at)->next;
	struct zc *z = *at;
	if (z)
		*at = z->next;
	pthread_mutex_unlock(&zc_lock);
	if (z)
		return z;
	z = malloc(sizeof *z);
	if (!z)
		return NULL;
	z->c = libdeflate_alloc_compressor(level);
	if (!z->c) {
		free(z);
		return NULL;
	}
	z->level = level;
	return z;
}

static void compressor_give_back(struct zc *z)
{
	pthread_mutex_lock(&zc_lock);
	z->next = zc_free_list;
	zc_free_list = z;
	pthread_mutex_unlock(&zc_lock);
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
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	if (d) {
		libdeflate_zlib_decompress(d, empty_zlib, sizeof empty_zlib, out, sizeof out, &got);
		libdeflate_free_decompressor(d);
	}
}

void zflate_done(void)
{
	pthread_mutex_lock(&zc_lock);
	struct zc *z = zc_free_list;
	zc_free_list = NULL;
	pthread_mutex_unlock(&zc_lock);
	while (z) {
		struct zc *next = z->next;
		libdeflate_free_compressor(z->c);
		free(z);
		z = next;
	}
}

/* in, compressed by libdeflate at level in the format of bound and run
 * (zlib or raw deflate), appended to out. */
static int compress(int level, const void *in, size_t n, struct buf *out,
		    size_t (*bound)(struct libdeflate_compressor *, size_t),
		    size_t (*run)(struct libdeflate_compressor *, const void *, size_t, void *,
				  size_t))
{
	struct zc *z = compressor_take(level);
	if (!z)
		return -1;
	size_t max = bound(z->c, n);
	void *at = buf_space(out, max);
	size_t zn = run(z->c, in, n, at, max);
	compressor_give_back(z);
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

uint32_t zadler32(const void *p, size_t n)
{
	return n ? (uint32_t)libdeflate_adler32(1, p, n) : 1;
}

uint32_t zcrc32(uint32_t crc, const void *p, size_t n)
{
	/* libdeflate gives a NULL buffer a new CRC's start value, whatever
	 * crc was: an empty part (an empty buffer's pointer is NULL) would
	 * restart the sum */
	if (!n)
		return crc;
	return (uint32_t)libdeflate_crc32(crc, p, n);
}
