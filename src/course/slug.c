/* slug.c — heading ids and file names (see slug.h). */
#include "course/slug.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"

/* Decode one UTF-8 sequence (input already validated); returns length. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1]) {
		*cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
		*cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
		      ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Non-ASCII code points GitHub drops: general punctuation (curly quotes,
 * dashes), symbols and emoji, private use, and the replacement char. */
static int dropped(unsigned cp)
{
	return (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFFD ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF) || cp >= 0xF0000 || cp == 0xA0 ||
	       (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
	       cp == 0xD7 || cp == 0xF7;
}

char *slug_heading(const char *text)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		unsigned cp;
		size_t n = utf8_next(s, &cp);
		if (cp < 0x80) {
			if (isalnum((int)cp))
				buf_putc(&b, tolower((int)cp));
			else if (cp == ' ' || cp == '-')
				buf_putc(&b, '-');
			else if (cp == '_')
				buf_putc(&b, '_');
		} else if (!dropped(cp)) {
			if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
				cp += 0x20; /* Latin-1 capitals */
			unsigned char tmp[4];
			size_t k;
			if (cp < 0x800) {
				tmp[0] = (unsigned char)(0xC0 | (cp >> 6));
				tmp[1] = (unsigned char)(0x80 | (cp & 0x3F));
				k = 2;
			} else {
				memcpy(tmp, s, n);
				k = n;
			}
			buf_put(&b, tmp, k);
		}
		s += n;
	}
	return buf_detach(&b);
}

char *slug_file(const char *text)
{
	struct buf b = BUF_INIT;
	int dash = 0;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (isalnum(*s) && *s < 0x80) {
			if (dash && b.len)
				buf_putc(&b, '-');
			dash = 0;
			buf_putc(&b, tolower(*s));
		} else {
			dash = 1;
		}
	}
	if (!b.len)
		buf_puts(&b, "book");
	return buf_detach(&b);
}

char *slugset_unique(struct slugset *s, const char *base)
{
	if (!*base)
		base = "section";
	size_t blen = strlen(base);
	if (!strmap_get(&s->used, base, blen, NULL)) {
		strmap_put(&s->used, base, blen, 1);
		return xstrdup(base);
	}
	intptr_t k = 1;
	strmap_get(&s->next, base, blen, &k);
	struct buf b = BUF_INIT;
	for (;; k++) {
		buf_clear(&b);
		buf_printf(&b, "%s-%ld", base, (long)k);
		if (!strmap_get(&s->used, b.ptr, b.len, NULL))
			break;
	}
	strmap_put(&s->next, base, blen, k + 1);
	strmap_put(&s->used, b.ptr, b.len, 1);
	return buf_detach(&b);
}

int slugset_has(const struct slugset *s, const char *id)
{
	return strmap_get(&s->used, id, strlen(id), NULL);
}

void slugset_free(struct slugset *s)
{
	strmap_free(&s->used);
	strmap_free(&s->next);
}
