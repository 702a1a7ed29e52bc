/* zflate.c — Flate compression for the PDF streams, whole buffer at once
 * at zlib's fastest level: at the default level compressing the fonts and
 * pages took longer than laying the book out, and the fastest level costs
 * only a few percent of file size on text and outlines. */
#include <zlib.h>

#include "zflate.h"

int zflate(const void *in, size_t n, struct buf *out)
{
	uLongf zn = compressBound((uLong)n);
	Bytef *at = (Bytef *)buf_space(out, (size_t)zn);
	if (compress2(at, &zn, (const Bytef *)in, (uLong)n, Z_BEST_SPEED) != Z_OK)
		return -1;
	buf_commit(out, (size_t)zn);
	return 0;
}
