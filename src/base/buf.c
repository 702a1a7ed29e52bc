/* buf.c — growable byte buffer (see buf.h for the ownership rules). */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void buf_init(struct buf *b)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void buf_free(struct buf *b)
{
	free(b->ptr);
	buf_init(b);
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

static void reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		need = (size_t)-1; /* overflow: let xgrow abort */
	/* a new buffer starts at 64 bytes, not xgrow's 8: most grow past
	 * that (a word, a PDF operator, an XHTML element), and the three
	 * reallocations between 8 and 64 were a third of all the build's */
	if (!b->cap && need < 64)
		need = 64;
	b->ptr = xgrow(b->ptr, &b->cap, need, 1);
}

char *buf_space_grow(struct buf *b, size_t n)
{
	reserve(b, n);
	return b->ptr + b->len;
}

void buf_put_grow(struct buf *b, const void *data, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_putc_grow(struct buf *b, int c)
{
	char ch = (char)c;
	buf_put(b, &ch, 1);
}

/* Whether fmt uses only %s, %c, %d, %u, %ld, %lu, %zu and %%: the formats
 * the writers use most ("<h%d", " class=\"%s\""), which buf_vprintf
 * writes by hand. */
static int simple_format(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 1, '%')) {
		p++;
		if (*p == 's' || *p == 'c' || *p == 'd' || *p == 'u' || *p == '%')
			continue;
		if ((*p == 'l' && (p[1] == 'd' || p[1] == 'u')) || (*p == 'z' && p[1] == 'u')) {
			p++;
			continue;
		}
		return 0;
	}
	return 1;
}

static void put_signed(struct buf *b, long long v)
{
	if (v < 0) {
		buf_putc(b, '-');
		buf_put_uint(b, 0ull - (unsigned long long)v);
	} else {
		buf_put_uint(b, (unsigned long long)v);
	}
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* vsnprintf parses the format twice over (once to size, once to
	 * write): for the common formats, a tenth of the cost */
	if (simple_format(fmt)) {
		const char *p = fmt;
		for (const char *q; (q = strchr(p, '%')); p = q + 1) {
			buf_put(b, p, (size_t)(q - p));
			q++;
			char len = 0;
			if (*q == 'l' || *q == 'z')
				len = *q++;
			switch (*q) {
			case 's': {
				const char *s = va_arg(ap, const char *);
				buf_puts(b, s ? s : "(null)"); /* as glibc writes it */
				break;
			}
			case 'c': buf_putc(b, (char)va_arg(ap, int)); break;
			case '%': buf_putc(b, '%'); break;
			case 'd':
				put_signed(b, len == 'l' ? va_arg(ap, long) : va_arg(ap, int));
				break;
			default: /* 'u' */
				buf_put_uint(b, len == 'l' ? va_arg(ap, unsigned long)
					       : len == 'z' ? va_arg(ap, size_t)
							    : va_arg(ap, unsigned));
			}
		}
		buf_puts(b, p);
		return;
	}
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_put_xml(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

void buf_puts_xml(struct buf *b, const char *s)
{
	buf_put_xml(b, s, strlen(s));
}

const char *buf_cstr(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->ptr ? b->ptr : xstrdup("");
	buf_init(b);
	return p;
}
