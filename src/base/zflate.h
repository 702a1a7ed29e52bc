/* zflate.h — the one place octavo compresses bytes: the PDF's page
 * content streams, embedded font files and image samples go through
 * zflate(), the EPUB's files through zflate_raw(), so the compressor (and
 * its speed/size trade-off) is chosen here once. No libharu; its only
 * state is the compressors kept for the next call, shared by the
 * threads; safe on any thread once zflate_init() has run. */
#ifndef OCTAVO_ZFLATE_H
#define OCTAVO_ZFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Append the zlib stream (RFC 1950, what PDF's FlateDecode reads) of the
 * n bytes at in to out. Returns 0, or -1 if the compressor failed (out is
 * then left as it was). */
int zflate(const void *in, size_t n, struct buf *out);
/* The raw deflate stream (RFC 1951, what a zip entry holds) of the n
 * bytes at in, at libdeflate level 1-12, appended to out, and their
 * CRC-32 in *crc. Returns 0, or -1 if the compressor failed. */
int zflate_raw(const void *in, size_t n, int level, struct buf *out, uint32_t *crc);
/* The CRC-32 (zip's, ISO 3309) of n bytes at p, continuing crc (0 to
 * start): libdeflate's, with the CPU's carry-less multiply where there is
 * one. */
uint32_t zcrc32(uint32_t crc, const void *p, size_t n);
/* The Adler-32 (zlib's) of n bytes at p: libdeflate's. */
uint32_t zadler32(const void *p, size_t n);
/* Call once before starting threads that compress or decode PNGs (the
 * PDF back end does, first thing): it settles libdeflate's choice of
 * routines for this CPU, so the threads share it read-only. */
void zflate_init(void);
/* Free the compressors kept from call to call, once no other thread
 * compresses; zflate works again after it (making new ones). */
void zflate_done(void);

#endif
