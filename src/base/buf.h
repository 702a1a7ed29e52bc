/* buf.h — the growable byte buffer every module builds text in.
 *
 * buf_cstr() never returns NULL: an empty buffer reads as "". The buffer
 * is always NUL-terminated after its `len` bytes. Ownership leaves the
 * buffer only through buf_detach(), which hands the caller a malloc'd
 * string and leaves the buffer empty and reusable. */
#ifndef OCTAVO_BUF_H
#define OCTAVO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *ptr;  /* NULL until the first write; use buf_cstr() to read */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_clear(struct buf *b);            /* len = 0, keeps memory */
/* buf_put and buf_space when the buffer must grow (buf.c). */
void buf_put_grow(struct buf *b, const void *data, size_t n);
char *buf_space_grow(struct buf *b, size_t n);
/* n bytes of data. Inline, as the fast path of every writer here (PDF
 * operators, the structure tree, XHTML): with room, a memcpy; and a
 * literal's strlen in buf_puts folds to a constant. */
static inline void buf_put(struct buf *b, const void *data, size_t n)
{
	if (n < b->cap - b->len) { /* room for n bytes and the NUL */
		memcpy(b->ptr + b->len, data, n);
		b->len += n;
		b->ptr[b->len] = '\0';
	} else {
		buf_put_grow(b, data, n);
	}
}
/* Room for n more bytes after len: returns where they go. Write at most n
 * bytes there, then call buf_commit with how many were written. */
static inline char *buf_space(struct buf *b, size_t n)
{
	return n < b->cap - b->len ? b->ptr + b->len : buf_space_grow(b, n);
}
static inline void buf_commit(struct buf *b, size_t n)
{
	b->len += n;
	b->ptr[b->len] = '\0';
}
static inline void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}
void buf_putc_grow(struct buf *b, int c);
/* v in decimal at d (at most 20 bytes); returns its end. Inline and by
 * hand: the PDF writes a number per word and per structure element, and
 * printf's parsing cost more than the writing. */
static inline char *fmt_uint(char *d, unsigned long long v)
{
	char t[20];
	int n = sizeof t;
	do {
		t[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < (int)sizeof t)
		*d++ = t[n++];
	return d;
}
/* v in decimal. */
static inline void buf_put_uint(struct buf *b, unsigned long long v)
{
	char *d = buf_space(b, 20);
	buf_commit(b, (size_t)(fmt_uint(d, v) - d));
}
/* One byte: inline, since content streams and XML are written a
 * character at a time. */
static inline void buf_putc(struct buf *b, int c)
{
	if (b->len + 1 < b->cap) {
		b->ptr[b->len++] = (char)c;
		b->ptr[b->len] = '\0';
	} else {
		buf_putc_grow(b, c);
	}
}
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Append s with &, <, >, " escaped for XML text and attributes. */
void buf_put_xml(struct buf *b, const char *s, size_t n);
void buf_puts_xml(struct buf *b, const char *s);
const char *buf_cstr(const struct buf *b);
/* Give the contents to the caller (free() them); the buffer is left empty. */
char *buf_detach(struct buf *b);

#endif
