/* zipw.c — the ZIP writer behind the EPUB (see zipw.h). It replaced
 * libzip, which wrote through a temporary file, deflated with zlib, and
 * pulled OpenSSL and libbzip2 into every run of octavo, a millisecond of
 * dynamic linking before main even for `--version`. Deflated entries are
 * compressed whole by libdeflate; one that would not shrink is stored.
 * The layout (APPNOTE 6.3): per entry a local header, the name and the
 * data; then the central directory, one record per entry; then the end
 * record. */
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "util.h"
#include "zipw.h"

/* libdeflate's level for deflated entries (XHTML, CSS, SVG): on the
 * sample course 6 is as fast as zlib's 3 was and as small as zlib's 6. */
#define ZIPW_LEVEL 6

#define LIMIT32 0xFFFFFFFFUL

struct packed {
	const unsigned char *data; /* what goes in the archive */
	size_t len;
	unsigned char *own;        /* data, when compressed here */
	unsigned long crc;
	int method;                /* 0 stored, 8 deflated */
};

static void le16(struct buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	buf_put(b, c, 2);
}

static void le32(struct buf *b, unsigned long v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	buf_put(b, c, 4);
}

/* General purpose flags: bit 11 says the name is UTF-8, set only when it
 * is not plain ASCII (which reads the same either way). */
static unsigned name_flags(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x80)
			return 0x0800;
	return 0;
}

/* The fields a local header and a central record share, from "version
 * needed" through the extra field's length. */
static void common(struct buf *b, const struct zipw_entry *e, const struct packed *p,
		   unsigned dos_time, unsigned dos_date)
{
	le16(b, p->method ? 20 : 10); /* version needed: 2.0 for deflate */
	le16(b, name_flags(e->name));
	le16(b, (unsigned)p->method);
	le16(b, dos_time);
	le16(b, dos_date);
	le32(b, p->crc);
	le32(b, (unsigned long)p->len);
	le32(b, (unsigned long)e->len);
	le16(b, (unsigned)strlen(e->name));
	le16(b, 0); /* no extra field */
}

static void pack(const struct zipw_entry *e, struct packed *p, struct libdeflate_compressor **c)
{
	p->data = e->data;
	p->len = e->len;
	p->crc = libdeflate_crc32(0, e->data, e->len);
	if (e->store || !e->len)
		return;
	if (!*c)
		*c = libdeflate_alloc_compressor(ZIPW_LEVEL);
	if (!*c)
		return;
	/* room for one byte less than the input: anything longer is stored */
	unsigned char *z = xmalloc(e->len);
	size_t zn = libdeflate_deflate_compress(*c, e->data, e->len, z, e->len - 1);
	if (!zn) {
		free(z);
		return;
	}
	p->data = p->own = z;
	p->len = zn;
	p->method = 8;
}

int zipw_write(const struct zipw_entry *e, size_t n, unsigned dos_time, unsigned dos_date,
	       struct buf *out)
{
	int rc = -1;
	size_t start = out->len;
	struct packed *p = xcalloc(n + 1, sizeof *p);
	struct libdeflate_compressor *c = NULL;
	if (n > 0xFFFF)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (e[i].len > LIMIT32 || strlen(e[i].name) > 0xFFFF)
			goto done;
		pack(&e[i], &p[i], &c);
	}
	unsigned long *offset = xmalloc((n + 1) * sizeof *offset);
	for (size_t i = 0; i < n; i++) {
		size_t at = out->len - start;
		offset[i] = (unsigned long)at;
		if (at > LIMIT32) {
			free(offset);
			goto done;
		}
		le32(out, 0x04034b50UL);
		common(out, &e[i], &p[i], dos_time, dos_date);
		buf_put(out, e[i].name, strlen(e[i].name));
		buf_put(out, p[i].data, p[i].len);
	}
	size_t cd = out->len - start;
	for (size_t i = 0; i < n; i++) {
		le32(out, 0x02014b50UL);
		le16(out, 3 << 8 | 20); /* made by Unix, so the mode below counts */
		common(out, &e[i], &p[i], dos_time, dos_date);
		le16(out, 0);                      /* no comment */
		le16(out, 0);                      /* disk 0 */
		le16(out, 0);                      /* internal attributes */
		le32(out, (unsigned long)0100644 << 16); /* -rw-r--r-- */
		le32(out, offset[i]);
		buf_put(out, e[i].name, strlen(e[i].name));
	}
	free(offset);
	size_t cd_len = out->len - start - cd;
	if (cd > LIMIT32 || cd_len > LIMIT32)
		goto done;
	le32(out, 0x06054b50UL);
	le16(out, 0);
	le16(out, 0);
	le16(out, (unsigned)n);
	le16(out, (unsigned)n);
	le32(out, (unsigned long)cd_len);
	le32(out, (unsigned long)cd);
	le16(out, 0); /* no comment */
	rc = 0;
done:
	if (rc)
		out->len = start;
	if (c)
		libdeflate_free_compressor(c);
	for (size_t i = 0; i < n; i++)
		free(p[i].own);
	free(p);
	return rc;
}
