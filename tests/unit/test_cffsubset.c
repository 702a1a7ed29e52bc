/* test_cffsubset.c — system fonts read through fontset (a face of a .ttc
 * collection, cmap format 12, CFF outlines) and the CFF subsetter, on the
 * Debian fonts the test dependencies install (fonts-noto-cjk,
 * fonts-symbola): the subset is read back, subsetting it again gives the
 * same bytes, and every truncation and byte flip of it, and random
 * patches of the font itself, are refused or subset without a crash (ASan
 * watches the reads in `make asan`). */
#include <stdlib.h>

#include "font/cffsubset.h"
#include "font/fontset.h"
#include "font/ttsubset.h"
#include "unit.h"

#define NOTO "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define SYMBOLA "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"

/* Damaged copies of a subset: each is refused or subset, never read past. */
static void damaged(const struct buf *sub, const uint16_t *gids, size_t n)
{
	unsigned char *d = malloc(sub->len);
	size_t refused = 0;
	for (size_t cut = 0; cut < sub->len; cut++) {
		struct buf out = BUF_INIT;
		memcpy(d, sub->ptr, cut);
		refused += cff_subset(d, cut, gids, n, &out) != 0;
		buf_free(&out);
	}
	for (size_t i = 0; i < sub->len; i++) {
		struct buf out = BUF_INIT;
		memcpy(d, sub->ptr, sub->len);
		d[i] ^= 0xA5;
		cff_check(d, sub->len);
		cff_subset(d, sub->len, gids, n, &out);
		buf_free(&out);
	}
	free(d);
	CHECK("cff: every truncation refused", refused == sub->len);
}

/* Random patches of one to four bytes on the font's own CFF, half of them
 * in its first 20 KB (header, DICTs, strings, global subroutines), each
 * undone after: whatever they break, the subsetter refuses or subsets
 * without reading outside the table. */
static void patched(unsigned char *cff, size_t n, const uint16_t *gids)
{
	unsigned seed = 12345;
	int made = 0;
	for (int k = 0; k < 3000; k++) {
		seed = seed * 1103515245u + 12345u;
		size_t at = (seed >> 4) % (k % 2 ? n - 4 : 20000);
		unsigned char old[4];
		memcpy(old, cff + at, 4);
		for (unsigned b = 0; b <= (seed & 3); b++)
			cff[at + b] ^= (unsigned char)(seed >> (8 + 4 * b));
		struct buf out = BUF_INIT;
		made += cff_subset(cff, n, gids, 3, &out) == 0;
		buf_free(&out);
		memcpy(cff + at, old, 4);
	}
	CHECK("cff: patched fonts subset or refused", made > 0);
}

static void subset_checks(struct fontset *fs, int id)
{
	const struct font *f = &fs->f[id];
	struct tt_table cff = tt_find(f->data, f->len, "CFF ");
	CHECK("cff: the face has a CFF table", cff.p != NULL);
	if (!cff.p)
		return;
	CHECK("cff: CID-keyed, readable", cff_check(cff.p, cff.len));
	uint16_t gids[3] = {f->glyph[0x4E2D], f->glyph[0x65E5], f->glyph[0x3042]};
	struct buf sub = BUF_INIT, again = BUF_INIT;
	CHECK("cff: subset made", cff_subset(cff.p, cff.len, gids, 3, &sub) == 0);
	CHECK("cff: subset is small", sub.len > 100 && sub.len < 8000);
	CHECK("cff: subset reads as a CID-keyed CFF", cff_check((unsigned char *)sub.ptr, sub.len));
	uint16_t renum[3] = {1, 2, 3};
	CHECK("cff: subset of the subset made",
	      cff_subset((unsigned char *)sub.ptr, sub.len, renum, 3, &again) == 0);
	CHECK("cff: subset of the subset is the same bytes",
	      again.len == sub.len && !memcmp(again.ptr, sub.ptr, sub.len));
	uint16_t past = 4;
	struct buf no = BUF_INIT;
	CHECK("cff: glyph past the font refused",
	      cff_subset((unsigned char *)sub.ptr, sub.len, &past, 1, &no) != 0 && no.len == 0);
	CHECK("cff: a TrueType file is no CFF", !cff_check(f->data, 64));
	damaged(&sub, renum, 3);
	patched((unsigned char *)cff.p, cff.len, gids);
	buf_free(&sub);
	buf_free(&again);
	buf_free(&no);
}

int main(void)
{
	struct fontset fs;
	fontset_init(&fs);
	int noto = fontset_add_sys(&fs, NOTO, 0);
	CHECK("sysfont: Noto Sans CJK face 0 loads (fonts-noto-cjk)", noto >= 0);
	if (noto >= 0) {
		CHECK("sysfont: CFF outlines", fs.f[noto].cff);
		CHECK("sysfont: has 中 日 あ", fontset_has(&fs, noto, 0x4E2D) &&
						fontset_has(&fs, noto, 0x65E5) &&
						fontset_has(&fs, noto, 0x3042));
		CHECK("sysfont: ideograph is a full em", fontset_advance(&fs, noto, 0x4E2D) == 1000);
		CHECK("sysfont: no snake in a CJK font", !fontset_has(&fs, noto, 0x1F40D));
		subset_checks(&fs, noto);
	}
	CHECK("sysfont: a face past the collection is refused", fontset_add_sys(&fs, NOTO, 99) < 0);
	int sym = fontset_add_sys(&fs, SYMBOLA, 0);
	CHECK("sysfont: Symbola loads (fonts-symbola)", sym >= 0);
	CHECK("sysfont: Symbola has U+1F40D (cmap format 12)", fontset_has(&fs, sym, 0x1F40D));
	CHECK("sysfont: Symbola is TrueType", sym >= 0 && !fs.f[sym].cff);
	int bundled = fontset_add(&fs, "fonts/DejaVuSans.ttf");
	CHECK("fontset: a bundled font stays in the BMP", !fontset_has(&fs, bundled, 0x1F40D) &&
							   fontset_has(&fs, bundled, 'a'));
	fontset_free(&fs);
	return unit_done();
}
