/* ial_marker.h — the marker a span IAL leaves in the text, private to
 * ial.c (which writes it) and ial_tree.c (which reads it back).
 *
 * The marker is U+FDD0 (a noncharacter no real text uses) followed by one
 * private-use character that numbers the IAL: U+E000+k, or U+F0000+k past
 * the 6,400 the BMP area holds. cmark keeps both as plain text. Both
 * functions run once per span IAL, so they are inline here. */
#ifndef OCTAVO_COURSE_IAL_MARKER_H
#define OCTAVO_COURSE_IAL_MARKER_H

#include <stddef.h>

#include "base/buf.h"

/* Append the marker of IAL number k to b. */
static inline void put_marker(struct buf *b, size_t k)
{
	unsigned cp = k < 6400 ? 0xE000u + (unsigned)k : 0xF0000u + (unsigned)(k - 6400);
	buf_put(b, "\xEF\xB7\x90", 3); /* U+FDD0 */
	if (cp < 0x10000) {
		buf_putc(b, 0xE0 | (cp >> 12));
		buf_putc(b, 0x80 | ((cp >> 6) & 0x3F));
		buf_putc(b, 0x80 | (cp & 0x3F));
	} else {
		buf_putc(b, 0xF0 | (cp >> 18));
		buf_putc(b, 0x80 | ((cp >> 12) & 0x3F));
		buf_putc(b, 0x80 | ((cp >> 6) & 0x3F));
		buf_putc(b, 0x80 | (cp & 0x3F));
	}
}

/* Decode a marker at s (U+FDD0 + numbering char); returns its length and
 * the IAL index, or 0. */
static inline size_t marker_at(const unsigned char *s, size_t n, size_t *k)
{
	if (n < 6 || s[0] != 0xEF || s[1] != 0xB7 || s[2] != 0x90)
		return 0;
	if (s[3] >= 0xEE && s[3] <= 0xEF && (s[3] & 0xF0) == 0xE0) {
		unsigned cp = ((s[3] & 0x0Fu) << 12) | ((s[4] & 0x3Fu) << 6) | (s[5] & 0x3Fu);
		if (cp < 0xE000 || cp >= 0xE000 + 6400)
			return 0;
		*k = cp - 0xE000;
		return 6;
	}
	if (n >= 7 && s[3] == 0xF3) {
		unsigned cp = ((s[3] & 0x07u) << 18) | ((s[4] & 0x3Fu) << 12) |
			      ((s[5] & 0x3Fu) << 6) | (s[6] & 0x3Fu);
		if (cp < 0xF0000)
			return 0;
		*k = 6400 + (cp - 0xF0000);
		return 7;
	}
	return 0;
}

#endif
