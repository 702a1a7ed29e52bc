/* fuzz_ttsubset.c — libFuzzer target for the TrueType subsetter, which
 * reads fonts named by a user's theme. Random bytes are almost never a
 * font, so the input is a recipe applied to a real font from fonts/: the
 * glyph ids to keep, then 4-byte patches (where, offset, value) that land
 * in the table directory, in a table, or in a kept glyph's outline. The
 * oracle beyond "no crash, no leak": a subset that is made must itself be
 * a font the subsetter accepts, with the whole-file checksum right. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "font/ttsubset.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *font;
static size_t font_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("OCTAVO_DATA_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/fonts/LiberationSerif-Regular.ttf", dir ? dir : ".");
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	font_len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	font = malloc(font_len);
	if (!font || fread(font, 1, font_len, f) != font_len)
		abort();
	fclose(f);
	return 0;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n_used = data[0] % 16, at = 1;
	uint16_t used[16];
	for (size_t i = 0; i < n_used; i++, at += 2)
		used[i] = at + 2 <= size ? (uint16_t)(be16(data + at) % 2600) : 0;
	unsigned char *d = malloc(font_len);
	memcpy(d, font, font_len);
	size_t nt = be16(font + 4);
	for (; at + 4 <= size; at += 4) {
		unsigned where = data[at], off = be16(data + at + 1);
		size_t pos;
		if (where == 0xFF) {
			pos = off % (12 + 16 * nt);
		} else if (where == 0xFE && n_used) {
			/* inside the first kept glyph, found through the
			 * original loca (long offsets in this font) */
			size_t loca = 0, glyf = 0;
			for (size_t i = 0; i < nt; i++) {
				const unsigned char *r = font + 12 + 16 * i;
				if (!memcmp(r, "loca", 4))
					loca = be32(r + 8);
				if (!memcmp(r, "glyf", 4))
					glyf = be32(r + 8);
			}
			pos = glyf + be32(font + loca + 4 * (size_t)used[0]) + off % 64;
		} else {
			const unsigned char *r = font + 12 + 16 * (where % nt);
			size_t len = be32(r + 12);
			pos = be32(r + 8) + (len ? off % len : 0);
		}
		if (pos < font_len)
			d[pos] = data[at + 3];
	}
	struct tt_info info;
	tt_info(d, font_len, &info);
	struct buf out = BUF_INIT;
	if (tt_subset(d, font_len, used, n_used, &out) == 0) {
		const unsigned char *s = (const unsigned char *)out.ptr;
		uint32_t sum = 0;
		for (size_t i = 0; i + 4 <= out.len; i += 4)
			sum += be32(s + i);
		struct buf again = BUF_INIT;
		if (out.len % 4 || sum != 0xB1B0AFBAu || tt_subset(s, out.len, used, n_used, &again))
			abort();
		buf_free(&again);
	}
	buf_free(&out);
	free(d);
	return 0;
}
