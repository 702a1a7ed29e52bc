/* test_ttsubset.c — the TrueType subsetter on the fonts shipped in fonts/:
 * the subset is re-read as a font and checked table by table, and broken
 * fonts must be refused without a crash. */
#include <stdlib.h>

#include "font/fontset.h"
#include "font/ttsubset.h"
#include "unit.h"
#include "base/util.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *d = NULL;
	size_t cap = 0;
	*n = 0;
	if (!f)
		return NULL;
	for (;;) {
		d = xgrow(d, &cap, *n + 65536, 1);
		size_t got = fread(d + *n, 1, cap - *n, f);
		if (!got)
			break;
		*n += got;
	}
	fclose(f);
	return d;
}

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long u32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Offset and length of table tag, or 0 when absent. */
static size_t table(const unsigned char *d, size_t n, const char *tag, size_t *len)
{
	for (unsigned i = 0; i < u16(d + 4) && 12 + 16 * (size_t)(i + 1) <= n; i++)
		if (!memcmp(d + 12 + 16 * i, tag, 4)) {
			*len = u32(d + 12 + 16 * i + 12);
			return u32(d + 12 + 16 * i + 8);
		}
	return 0;
}

static unsigned long sum32(const unsigned char *p, size_t len)
{
	unsigned long s = 0;
	for (size_t i = 0; i < len; i += 4) {
		unsigned char w[4] = {0, 0, 0, 0};
		memcpy(w, p + i, len - i < 4 ? len - i : 4);
		s = (s + u32(w)) & 0xFFFFFFFFUL;
	}
	return s;
}

/* Byte range of glyph g in a font. */
static void glyph(const unsigned char *d, size_t n, unsigned g, size_t *off, size_t *len)
{
	size_t hl, ll, gl;
	size_t head = table(d, n, "head", &hl), loca = table(d, n, "loca", &ll),
	       glyf = table(d, n, "glyf", &gl);
	size_t a, b;
	if (u16(d + head + 50)) {
		a = u32(d + loca + 4 * g);
		b = u32(d + loca + 4 * g + 4);
	} else {
		a = 2 * (size_t)u16(d + loca + 2 * g);
		b = 2 * (size_t)u16(d + loca + 2 * g + 2);
	}
	*off = glyf + a;
	*len = b - a;
}

int main(void)
{
	size_t n;
	unsigned char *d = slurp("fonts/LiberationSerif-Regular.ttf", &n);
	CHECK("ttsubset: test font readable", d && n > 100000);
	if (!d)
		return unit_done();

	struct tt_info info;
	CHECK("info: a TrueType font", tt_info(d, n, &info) == 0);
	CHECK_STR("info: PostScript name from the name table", info.ps_name, "LiberationSerif");
	CHECK("info: serif, not italic, not fixed",
	      (info.flags & (TT_SERIF | TT_NONSYMBOLIC | TT_ITALIC | TT_FIXED_PITCH)) ==
		  (TT_SERIF | TT_NONSYMBOLIC));
	CHECK("info: ascent above, descent below", info.ascent > 500 && info.descent < 0);
	CHECK("info: bbox in 1/1000 em", info.bbox[0] < 0 && info.bbox[2] > 1000);

	struct fontset fs;
	fontset_init(&fs);
	int id = fontset_add(&fs, "fonts/LiberationSerif-Regular.ttf");
	CHECK("fontset reads the font", fontset_has(&fs, id, 'A') && fontset_has(&fs, id, 0xE9));
	unsigned gA = fs.f[id].glyph['A'], gE = fs.f[id].glyph[0xE9], gZ = fs.f[id].glyph['Z'];
	size_t o, l;
	glyph(d, n, gE, &o, &l);
	int composite = l >= 10 && (d[o] & 0x80);
	CHECK("e-acute is a composite glyph in the test font", composite);
	unsigned comp = composite ? u16(d + o + 12) : 0; /* its first component */

	uint16_t used[3] = {(uint16_t)gA, (uint16_t)gE, (uint16_t)gA};
	struct buf out = BUF_INIT;
	CHECK("subset made", tt_subset(d, n, used, 3, &out) == 0);
	const unsigned char *s = (const unsigned char *)out.ptr;
	size_t sn = out.len;
	CHECK("subset much smaller", sn > 0 && sn < n / 4);
	CHECK("subset: whole-file checksum", sn && sum32(s, sn) == 0xB1B0AFBAUL);
	int sums_ok = sn > 12, sorted = 1;
	unsigned nt = sn > 12 ? u16(s + 4) : 0;
	for (unsigned i = 0; i < nt; i++) {
		const unsigned char *r = s + 12 + 16 * i;
		size_t off = u32(r + 8), len = u32(r + 12);
		unsigned long want = u32(r + 4);
		if (off + len > sn || off % 4)
			sums_ok = 0;
		else if (memcmp(r, "head", 4) && sum32(s + off, len) != want)
			sums_ok = 0;
		if (i && memcmp(r - 16, r, 4) >= 0)
			sorted = 0;
	}
	CHECK("subset: table checksums and alignment", sums_ok);
	CHECK("subset: directory sorted by tag", sorted);
	size_t len;
	const char *need[] = {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cvt ", "fpgm", "prep"};
	int all = 1;
	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (!table(s, sn, need[i], &len))
			all = 0;
	CHECK("subset: has the tables a PDF font program needs", all);
	CHECK("subset: no cmap (the PDF maps codes to glyphs)", !table(s, sn, "cmap", &len));

	size_t maxp = table(s, sn, "maxp", &len);
	unsigned ng = u16(s + maxp + 4);
	CHECK("subset: glyph ids kept", ng == fs.f[id].n_glyphs);
	size_t head = table(s, sn, "head", &len), loca = table(s, sn, "loca", &len);
	int lf = u16(s + head + 50);
	int mono = 1;
	size_t prev = 0;
	for (unsigned g = 0; g <= ng; g++) {
		size_t v = lf ? u32(s + loca + 4 * g) : 2 * (size_t)u16(s + loca + 2 * g);
		if (v < prev)
			mono = 0;
		prev = v;
	}
	CHECK("subset: loca never decreases", mono);
	int same = 1;
	unsigned kept[] = {0, gA, gE, comp};
	for (size_t i = 0; i < 4; i++) {
		size_t o1, l1, o2, l2;
		glyph(d, n, kept[i], &o1, &l1);
		glyph(s, sn, kept[i], &o2, &l2);
		if (l1 != l2 || o2 + l2 > sn || memcmp(d + o1, s + o2, l1))
			same = 0;
	}
	CHECK("subset: kept glyphs (and composite parts) byte-identical", same);
	glyph(s, sn, gZ, &o, &l);
	CHECK("subset: a glyph not asked for is empty", l == 0);
	size_t hmtx = table(s, sn, "hmtx", &len), hmtx0 = table(d, n, "hmtx", &len);
	CHECK("subset: kept advance widths", !memcmp(s + hmtx + 4 * gA, d + hmtx0 + 4 * gA, 4));
	buf_free(&out);

	/* a cut-short file or a loca pointing outside glyf is refused */
	struct buf junk = BUF_INIT;
	CHECK("truncated: info refuses", tt_info(d, 5000, &info) == -1);
	CHECK("truncated: subset refuses", tt_subset(d, 5000, used, 3, &junk) == -1 && junk.len == 0);
	unsigned char *bad = xmalloc(n);
	memcpy(bad, d, n);
	size_t bl, bh = table(bad, n, "head", &bl), bloc = table(bad, n, "loca", &bl);
	if (u16(bad + bh + 50))
		memset(bad + bloc + 4 * (gA + 1), 0x7F, 4);
	else
		memset(bad + bloc + 2 * (gA + 1), 0xFF, 2);
	CHECK("bad loca: subset refuses", tt_subset(bad, n, used, 3, &junk) == -1 && junk.len == 0);
	/* scrambled bytes anywhere: refused or subset, never a crash (the
	 * sanitizer builds catch out-of-bounds reads) */
	unsigned long seed = 12345;
	for (int round = 0; round < 40; round++) {
		memcpy(bad, d, n);
		for (int k = 0; k < 200; k++) {
			seed = seed * 1103515245UL + 12345UL;
			size_t at = (seed >> 8) % (round < 20 ? 12 + 16 * (size_t)u16(d + 4) : n);
			bad[at] = (unsigned char)(seed >> 24);
		}
		tt_info(bad, n, &info);
		buf_clear(&junk);
		tt_subset(bad, n, used, 3, &junk);
	}
	CHECK("scrambled fonts: no crash", 1);
	buf_free(&junk);
	free(bad);
	fontset_free(&fs);
	free(d);
	return unit_done();
}
