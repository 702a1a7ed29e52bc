/* test_zipw.c — the ZIP writer read back by a reader written here from the
 * format description: every entry found through the central directory and
 * its local header, in order, with the right method, CRC, sizes, time,
 * Unix mode and UTF-8 flag, and data that inflates to what was put in. */
#include <stdint.h>
#include <stdlib.h>

#include <libdeflate.h>

#include "buf.h"
#include "unit.h"
#include "zipw.h"

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	       (unsigned long)p[3] << 24;
}

/* Entry i of the archive z (n bytes) matches e: 1, else 0. */
static int entry_ok(const unsigned char *z, size_t n, size_t cd_at, const struct zipw_entry *e,
		    int want_method, size_t *next_cd)
{
	const unsigned char *c = z + cd_at;
	size_t name_len = strlen(e->name);
	if (cd_at + 46 > n || rd32(c) != 0x02014b50UL || rd16(c + 4) >> 8 != 3 ||
	    rd16(c + 10) != (unsigned)want_method || rd16(c + 12) != 0x6000 || rd16(c + 14) != 0x5A21 ||
	    rd32(c + 24) != e->len || rd16(c + 28) != name_len || rd16(c + 30) || rd16(c + 32) ||
	    rd32(c + 38) != (unsigned long)0100644 << 16 || memcmp(c + 46, e->name, name_len))
		return 0;
	int utf8 = 0;
	for (size_t i = 0; i < name_len; i++)
		utf8 |= (unsigned char)e->name[i] >= 0x80;
	if (!!(rd16(c + 8) & 0x0800) != utf8)
		return 0;
	unsigned long crc = rd32(c + 16), csize = rd32(c + 20), off = rd32(c + 42);
	const unsigned char *l = z + off;
	if (off + 30 + name_len + csize > n || rd32(l) != 0x04034b50UL || rd16(l + 8) != rd16(c + 10) ||
	    rd32(l + 14) != crc || rd32(l + 18) != csize || rd32(l + 22) != e->len ||
	    rd16(l + 26) != name_len || rd16(l + 28) != 0 || memcmp(l + 30, e->name, name_len))
		return 0;
	const unsigned char *data = l + 30 + name_len;
	unsigned char *plain = malloc(e->len + 1);
	int ok = 1;
	if (want_method == 0) {
		ok = csize == e->len && !memcmp(data, e->data, e->len);
	} else {
		struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
		ok = libdeflate_deflate_decompress(d, data, csize, plain, e->len, NULL) ==
			     LIBDEFLATE_SUCCESS &&
		     !memcmp(plain, e->data, e->len);
		libdeflate_free_decompressor(d);
	}
	free(plain);
	*next_cd = cd_at + 46 + name_len;
	return ok && crc == libdeflate_crc32(0, e->data, e->len);
}

int main(void)
{
	static char text[5000], noise[3000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = "<p>the quick brown fox</p>\n"[i % 27];
	uint32_t s = 7;
	for (size_t i = 0; i < sizeof noise; i++) {
		s = s * 1103515245u + 12345u;
		noise[i] = (char)(s >> 24);
	}
	const struct zipw_entry e[] = {
		{"mimetype", "application/epub+zip", 20, 1},
		{"OEBPS/ch01.xhtml", text, sizeof text, 0},
		{"OEBPS/empty.css", "", 0, 0},
		{"OEBPS/images/noise.bin", noise, sizeof noise, 0}, /* will not shrink */
		{"OEBPS/images/caf\xc3\xa9.png", noise, 100, 1},
	};
	const int method[] = {0, 8, 0, 0, 0};
	size_t n = sizeof e / sizeof e[0];
	struct buf z = BUF_INIT;
	buf_put(&z, "keep", 4); /* zipw appends */
	CHECK("zipw/write", zipw_write(e, n, 0x6000, 0x5A21, &z) == 0);
	const unsigned char *a = (const unsigned char *)z.ptr + 4;
	size_t len = z.len - 4;
	CHECK("zipw/appends", !memcmp(z.ptr, "keep", 4));
	/* the end record, at the very end (no comment) */
	const unsigned char *end = a + len - 22;
	CHECK("zipw/end-record", len >= 22 && rd32(end) == 0x06054b50UL && rd16(end + 8) == n &&
					 rd16(end + 10) == n && rd16(end + 20) == 0 &&
					 rd32(end + 16) + rd32(end + 12) == len - 22);
	/* mimetype first, stored, its bytes at offset 38 as OCF asks */
	CHECK("zipw/mimetype-first", !memcmp(a + 30, "mimetype", 8) &&
					     !memcmp(a + 38, "application/epub+zip", 20));
	size_t cd = rd32(end + 16);
	char name[64];
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof name, "zipw/entry-%zu", i);
		CHECK(name, entry_ok(a, len, cd, &e[i], method[i], &cd));
	}
	/* the same entries, the same bytes */
	struct buf again = BUF_INIT;
	zipw_write(e, n, 0x6000, 0x5A21, &again);
	CHECK("zipw/deterministic", again.len == len && !memcmp(again.ptr, a, len));
	/* an entry over 4 GB cannot be written without ZIP64 */
	struct zipw_entry big = {"big", text, (size_t)0x100000000ULL, 1};
	size_t before = again.len;
	CHECK("zipw/refuses-zip64", sizeof(size_t) < 8 || (zipw_write(&big, 1, 0, 0, &again) == -1 &&
							   again.len == before));
	buf_free(&z);
	buf_free(&again);
	return unit_done();
}
