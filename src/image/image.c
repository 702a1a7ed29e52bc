/* image.c — recognise image files by their bytes and read their size
 * from the header (see image.h). Only the first bytes are looked at; the
 * JPEG marker walk stops at the first frame header or at the data. */
#include "image/image.h"

#include <string.h>
#include <strings.h>
#include <stdint.h>

static const char *sniff_raster(const unsigned char *p, size_t n, int *w, int *h)
{
	*w = *h = 0;
	if (n >= 24 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8) && !memcmp(p + 12, "IHDR", 4)) {
		*w = (int)((uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 | (uint32_t)p[18] << 8 | p[19]);
		*h = (int)((uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 | (uint32_t)p[22] << 8 | p[23]);
		return "image/png";
	}
	if (n >= 10 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) {
		*w = p[6] | p[7] << 8;
		*h = p[8] | p[9] << 8;
		return "image/gif";
	}
	if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		size_t i = 2;
		while (i + 9 < n) {
			if (p[i] != 0xFF) {
				i++;
				continue;
			}
			unsigned m = p[i + 1];
			if (m == 0xFF) {
				i++;
				continue;
			}
			if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
				i += 2;
				continue;
			}
			size_t seglen = (size_t)p[i + 2] << 8 | p[i + 3];
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				*h = p[i + 5] << 8 | p[i + 6];
				*w = p[i + 7] << 8 | p[i + 8];
				break;
			}
			if (m == 0xD9 || m == 0xDA || seglen < 2)
				break;
			i += 2 + seglen;
		}
		return "image/jpeg";
	}
	return NULL;
}

static int has_ext(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);
	return n > e && !strcasecmp(s + n - e, ext);
}

static int is_svg(const unsigned char *p, size_t n, const char *name)
{
	if (!has_ext(name, ".svg"))
		return 0;
	size_t lim = n < 4096 ? n : 4096;
	for (size_t i = 0; i + 4 <= lim; i++)
		if (!memcmp(p + i, "<svg", 4))
			return 1;
	return 0;
}

const char *image_sniff(const unsigned char *data, size_t len, const char *name, int *w,
			int *h)
{
	const char *mt = sniff_raster(data, len, w, h);
	if (!mt && is_svg(data, len, name))
		mt = "image/svg+xml";
	return mt;
}

int image_named_like(const char *name)
{
	return has_ext(name, ".png") || has_ext(name, ".jpg") || has_ext(name, ".jpeg") ||
	       has_ext(name, ".gif") || has_ext(name, ".svg");
}
