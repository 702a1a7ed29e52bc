/* bytes.h — big-endian integers as TrueType and PNG files store them.
 * One definition for the readers of both formats (font/fontset.c,
 * font/ttsubset.c, image/pngdec.c, pdf/device_image.c); callers check the bounds before reading. */
#ifndef OCTAVO_BYTES_H
#define OCTAVO_BYTES_H

#include <stdint.h>

static inline unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
