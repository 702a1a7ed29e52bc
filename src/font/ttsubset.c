/* ttsubset.c — reads the tables of a TrueType file that a PDF font
 * descriptor needs, and writes the subset font program the PDF embeds.
 *
 * libharu did this through its own font machinery, which parsed the file
 * with tiny reads, walked all 65,536 code points per font and built the
 * subset a few bytes at a time: a quarter of the instructions of a whole
 * build. Here the font is one array in memory and the subset one pass
 * over the glyphs. Glyph ids are kept (unused ones become empty outlines
 * and zero metrics), so nothing outside needs a glyph renumbering. */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "font/ttsubset.h"
#include "base/util.h"

static int sbe16(const unsigned char *p)
{
	unsigned v = be16(p);
	return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

struct tt_table tt_find(const unsigned char *d, size_t n, const char *tag)
{
	struct tt_table t = {NULL, 0};
	if (n < 12)
		return t;
	size_t nt = be16(d + 4);
	for (size_t i = 0; i < nt && 12 + 16 * (i + 1) <= n; i++) {
		const unsigned char *r = d + 12 + 16 * i;
		if (memcmp(r, tag, 4))
			continue;
		size_t off = be32(r + 8), len = be32(r + 12);
		if (off > n || len > n - off)
			return t;
		t.p = d + off;
		t.len = len;
		return t;
	}
	return t;
}

/* v font units in 1/1000 em, rounded half away from zero. */
static int per_mille(long v, unsigned upem)
{
	long s = v * 1000;
	return (int)(s >= 0 ? (s + upem / 2) / (long)upem : -((-s + upem / 2) / (long)upem));
}

/* The PostScript name (name id 6), keeping only characters a PDF name
 * can hold without escapes. */
static void ps_name(struct tt_table nm, char *out, size_t cap)
{
	out[0] = '\0';
	if (!nm.p || nm.len < 6)
		return;
	size_t count = be16(nm.p + 2), strings = be16(nm.p + 4);
	int best = -1;
	size_t at = 0, len = 0;
	for (size_t i = 0; i < count && 6 + 12 * (i + 1) <= nm.len; i++) {
		const unsigned char *r = nm.p + 6 + 12 * i;
		unsigned plat = be16(r), enc = be16(r + 2), id = be16(r + 6);
		int rank = plat == 3 && (enc == 1 || enc == 0) ? 2 : plat == 1 && enc == 0 ? 1 : -1;
		if (id != 6 || rank <= best)
			continue;
		size_t l = be16(r + 8), o = strings + be16(r + 10);
		if (o > nm.len || l > nm.len - o)
			continue;
		best = rank;
		at = o;
		len = l;
	}
	if (best < 0)
		return;
	size_t k = 0;
	size_t step = best == 2 ? 2 : 1;
	for (size_t i = 0; i + step <= len && k + 1 < cap; i += step) {
		unsigned c = step == 2 ? be16(nm.p + at + i) : nm.p[at + i];
		if (c > 32 && c < 127 && !strchr("()<>[]{}/%#", (int)c))
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

int tt_info(const unsigned char *d, size_t n, struct tt_info *info)
{
	memset(info, 0, sizeof *info);
	struct tt_table head = tt_find(d, n, "head"), hhea = tt_find(d, n, "hhea"), maxp = tt_find(d, n, "maxp");
	struct tt_table post = tt_find(d, n, "post"), os2 = tt_find(d, n, "OS/2");
	int outlines = (tt_find(d, n, "glyf").p && tt_find(d, n, "loca").p) || tt_find(d, n, "CFF ").p;
	if (!head.p || head.len < 54 || !hhea.p || hhea.len < 36 || !maxp.p || maxp.len < 6 || !outlines)
		return -1;
	unsigned upem = be16(head.p + 18);
	if (upem < 16 || upem > 16384)
		return -1;
	info->units_per_em = upem;
	info->n_glyphs = be16(maxp.p + 4);
	for (int i = 0; i < 4; i++)
		info->bbox[i] = per_mille(sbe16(head.p + 36 + 2 * i), upem);
	info->ascent = per_mille(sbe16(hhea.p + 4), upem);
	info->descent = per_mille(sbe16(hhea.p + 6), upem);
	info->cap_height = info->ascent;
	info->flags = TT_NONSYMBOLIC;
	if (be16(head.p + 44) & 2)
		info->flags |= TT_ITALIC;
	if (post.p && post.len >= 16) {
		int32_t angle = (int32_t)be32(post.p + 4);
		info->italic_angle = angle / 65536;
		if (angle)
			info->flags |= TT_ITALIC;
		if (be32(post.p + 12))
			info->flags |= TT_FIXED_PITCH;
	}
	unsigned weight = 400;
	if (os2.p && os2.len >= 32) {
		weight = be16(os2.p + 4);
		/* IBM font classes 1–5 and 7 are the serif ones */
		unsigned cls = be16(os2.p + 30) >> 8;
		if ((cls >= 1 && cls <= 5) || cls == 7)
			info->flags |= TT_SERIF;
		if (be16(os2.p) >= 2 && os2.len >= 90 && sbe16(os2.p + 88) > 0)
			info->cap_height = per_mille(sbe16(os2.p + 88), upem);
	}
	if (weight < 100 || weight > 1000)
		weight = 400;
	/* the usual estimate: no TrueType table records stem widths */
	info->stem_v = 50 + (int)(weight * weight / 4225);
	ps_name(tt_find(d, n, "name"), info->ps_name, sizeof info->ps_name);
	return 0;
}

/* Where glyph g lies inside glyf: 0, or -1 when loca points outside. */
static int glyph_at(struct tt_table loca, struct tt_table glyf, int long_loca, unsigned g, size_t *off,
		    size_t *len)
{
	size_t a, b;
	if (long_loca) {
		a = be32(loca.p + 4 * (size_t)g);
		b = be32(loca.p + 4 * (size_t)g + 4);
	} else {
		a = 2 * (size_t)be16(loca.p + 2 * (size_t)g);
		b = 2 * (size_t)be16(loca.p + 2 * (size_t)g + 2);
	}
	if (a > b || b > glyf.len)
		return -1;
	*off = a;
	*len = b - a;
	return 0;
}

/* Mark the glyphs composite glyph p (len bytes) is built from, pushing
 * the newly marked ones on stack. -1 if its component list overruns it. */
static int mark_components(const unsigned char *p, size_t len, unsigned ng, unsigned char *keep,
			   uint16_t *stack, size_t *top)
{
	size_t at = 10;
	unsigned flags;
	do {
		if (at + 4 > len)
			return -1;
		flags = be16(p + at);
		unsigned g = be16(p + at + 2);
		at += 4 + (flags & 0x0001 ? 4 : 2); /* ARG_1_AND_2_ARE_WORDS */
		if (flags & 0x0008)                  /* WE_HAVE_A_SCALE */
			at += 2;
		else if (flags & 0x0040)             /* WE_HAVE_AN_X_AND_Y_SCALE */
			at += 4;
		else if (flags & 0x0080)             /* WE_HAVE_A_TWO_BY_TWO */
			at += 8;
		if (at > len)
			return -1;
		if (g < ng && !keep[g]) {
			keep[g] = 1;
			stack[(*top)++] = (uint16_t)g;
		}
	} while (flags & 0x0020); /* MORE_COMPONENTS */
	return 0;
}

struct out_table {
	char tag[5];
	struct buf data;
};

static void add_table(struct out_table *t, int *nt, const char *tag, const void *p, size_t len)
{
	struct out_table *o = &t[(*nt)++];
	memcpy(o->tag, tag, 5);
	buf_init(&o->data);
	buf_put(&o->data, p, len);
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		sum += be32(p + i);
	if (i < len) {
		unsigned char last[4] = {0, 0, 0, 0};
		memcpy(last, p + i, len - i);
		sum += be32(last);
	}
	return sum;
}

static int tag_order(const void *a, const void *b)
{
	return memcmp(((const struct out_table *)a)->tag, ((const struct out_table *)b)->tag, 4);
}

/* The sfnt file: directory, then each table padded to 4 bytes, with
 * the checksums and head.checkSumAdjustment filled in. */
static void write_font(struct out_table *t, int nt, struct buf *out)
{
	qsort(t, (size_t)nt, sizeof *t, tag_order);
	int pow2 = 1, log2 = 0;
	while (pow2 * 2 <= nt) {
		pow2 *= 2;
		log2++;
	}
	size_t dir = 12 + 16 * (size_t)nt, total = dir;
	for (int i = 0; i < nt; i++)
		total += (t[i].data.len + 3) & ~(size_t)3;
	unsigned char *f = (unsigned char *)buf_space(out, total);
	memset(f, 0, total);
	put32(f, 0x00010000);
	put16(f + 4, (unsigned)nt);
	put16(f + 6, (unsigned)pow2 * 16);
	put16(f + 8, (unsigned)log2);
	put16(f + 10, (unsigned)(nt - pow2) * 16);
	size_t at = dir, head_at = 0;
	for (int i = 0; i < nt; i++) {
		unsigned char *r = f + 12 + 16 * (size_t)i;
		memcpy(r, t[i].tag, 4);
		put32(r + 4, checksum((const unsigned char *)t[i].data.ptr, t[i].data.len));
		put32(r + 8, (uint32_t)at);
		put32(r + 12, (uint32_t)t[i].data.len);
		memcpy(f + at, t[i].data.ptr, t[i].data.len);
		if (!memcmp(t[i].tag, "head", 4))
			head_at = at;
		at += (t[i].data.len + 3) & ~(size_t)3;
	}
	put32(f + head_at + 8, 0xB1B0AFBAu - checksum(f, total));
	buf_commit(out, total);
}

/* A subset being made: the font's tables, the glyphs kept, and the
 * tables rebuilt for them. */
struct subset {
	const unsigned char *d;
	size_t n;
	struct tt_table head, hhea, maxp, hmtx, loca, glyf;
	unsigned ng;           /* glyphs in the font */
	unsigned nlong;        /* long metrics in its hmtx */
	int long_loca;         /* its loca holds 32-bit offsets */
	unsigned char *keep;   /* per glyph: in the subset */
	unsigned max_kept;     /* highest glyph id kept */
	struct buf glyf_out;   /* the kept glyphs, 4-byte aligned */
	unsigned char *loca_out;
	size_t loca_len;
	int out_long;          /* loca_out holds 32-bit offsets */
	struct buf hmtx_out;
	unsigned n_long_out;   /* long metrics in hmtx_out */
};

/* Find and check the tables a subset is made from: -1 if the font is
 * malformed. */
static int subset_open(struct subset *S, const unsigned char *d, size_t n)
{
	S->d = d;
	S->n = n;
	S->head = tt_find(d, n, "head");
	S->hhea = tt_find(d, n, "hhea");
	S->maxp = tt_find(d, n, "maxp");
	S->hmtx = tt_find(d, n, "hmtx");
	S->loca = tt_find(d, n, "loca");
	S->glyf = tt_find(d, n, "glyf");
	if (!S->head.p || S->head.len < 54 || !S->hhea.p || S->hhea.len < 36 || !S->maxp.p ||
	    S->maxp.len < 6 || !S->hmtx.p || !S->loca.p || !S->glyf.p)
		return -1;
	S->ng = be16(S->maxp.p + 4);
	S->nlong = be16(S->hhea.p + 34);
	S->long_loca = sbe16(S->head.p + 50);
	if (S->ng == 0 || (S->long_loca != 0 && S->long_loca != 1) ||
	    S->loca.len < (S->long_loca ? 4 : 2) * ((size_t)S->ng + 1) || S->nlong == 0 ||
	    S->nlong > S->ng || S->hmtx.len < 4 * (size_t)S->nlong)
		return -1;
	return 0;
}

/* Keep glyph 0, the used ones and the glyphs their composites are built
 * from: -1 if a glyph kept lies outside glyf or is malformed. */
static int mark_glyphs(struct subset *S, const uint16_t *used, size_t n_used)
{
	unsigned ng = S->ng;
	unsigned char *keep = S->keep = xcalloc(ng, 1);
	uint16_t *stack = xmalloc(((size_t)ng + 1) * sizeof *stack);
	size_t top = 0;
	int rc = 0;
	keep[0] = 1;
	stack[top++] = 0;
	for (size_t i = 0; i < n_used; i++)
		if (used[i] < ng && !keep[used[i]]) {
			keep[used[i]] = 1;
			stack[top++] = used[i];
		}
	/* glyphs made of other glyphs (accented letters) need those too */
	while (top && rc == 0) {
		size_t off, len;
		unsigned gid = stack[--top];
		if (glyph_at(S->loca, S->glyf, S->long_loca, gid, &off, &len))
			rc = -1;
		else if (len == 0)
			continue;
		else if (len < 10)
			rc = -1;
		else if (sbe16(S->glyf.p + off) < 0 &&
			 mark_components(S->glyf.p + off, len, ng, keep, stack, &top))
			rc = -1;
	}
	free(stack);
	return rc;
}

/* glyf and loca for the kept glyphs: the others become empty. */
static void build_glyf(struct subset *S)
{
	unsigned ng = S->ng, max_kept = 0;
	const unsigned char *keep = S->keep;
	struct tt_table loca = S->loca, glyf = S->glyf;
	struct buf *g = &S->glyf_out;
	unsigned char *new_loca = xmalloc(4 * ((size_t)ng + 1));
	for (unsigned gid = 0; gid < ng; gid++) {
		put32(new_loca + 4 * (size_t)gid, (uint32_t)g->len);
		if (!keep[gid])
			continue;
		size_t off, len;
		glyph_at(loca, glyf, S->long_loca, gid, &off, &len); /* checked above */
		buf_put(g, glyf.p + off, len);
		static const unsigned char zero[4] = {0, 0, 0, 0};
		buf_put(g, zero, (4 - len % 4) % 4);
		max_kept = gid;
	}
	put32(new_loca + 4 * (size_t)ng, (uint32_t)g->len);
	/* short offsets hold half the byte offset in 16 bits */
	int out_long = g->len > 2 * 0xFFFFu;
	if (!out_long)
		for (size_t i = 0; i <= ng; i++)
			put16(new_loca + 2 * i, (unsigned)(be32(new_loca + 4 * i) / 2));
	S->loca_out = new_loca;
	S->loca_len = (out_long ? 4 : 2) * ((size_t)ng + 1);
	S->out_long = out_long;
	S->max_kept = max_kept;
}

/* hmtx for the kept glyphs: they keep their metrics, the others are
 * zeros (which compress to nothing); the long metrics stop after the last
 * kept glyph unless the font's own list stops earlier. */
static void build_hmtx(struct subset *S)
{
	unsigned ng = S->ng, nlong = S->nlong;
	const unsigned char *keep = S->keep;
	struct tt_table hmtx = S->hmtx;
	struct buf *h = &S->hmtx_out;
	unsigned nl2 = S->max_kept + 1 < nlong ? S->max_kept + 1 : nlong;
	for (unsigned gid = 0; gid < ng; gid++) {
		unsigned char m[4] = {0, 0, 0, 0};
		if (gid < nl2) {
			if (keep[gid] || gid == nl2 - 1)
				memcpy(m, hmtx.p + 4 * (size_t)gid, 4);
			buf_put(h, m, 4);
			continue;
		}
		if (keep[gid]) {
			size_t at = gid < nlong ? 4 * (size_t)gid + 2
						: 4 * (size_t)nlong + 2 * (size_t)(gid - nlong);
			if (at + 2 <= hmtx.len)
				memcpy(m, hmtx.p + at, 2);
		}
		buf_put(h, m, 2);
	}
	S->n_long_out = nl2;
}

/* The subset's tables, rebuilt or copied, written as one font to out. */
static void write_subset(struct subset *S, struct buf *out)
{
	const unsigned char *d = S->d;
	size_t n = S->n;
	int nt = 0;
	struct out_table t[12];
	add_table(t, &nt, "head", S->head.p, 54);
	unsigned char *hd = (unsigned char *)t[nt - 1].data.ptr;
	put32(hd + 8, 0);
	put16(hd + 50, (unsigned)S->out_long);
	add_table(t, &nt, "hhea", S->hhea.p, 36);
	put16((unsigned char *)t[nt - 1].data.ptr + 34, S->n_long_out);
	add_table(t, &nt, "maxp", S->maxp.p, S->maxp.len);
	add_table(t, &nt, "hmtx", S->hmtx_out.ptr, S->hmtx_out.len);
	add_table(t, &nt, "loca", S->loca_out, S->loca_len);
	add_table(t, &nt, "glyf", S->glyf_out.ptr ? S->glyf_out.ptr : "", S->glyf_out.len);
	static const char *const copied[] = {"OS/2", "cvt ", "fpgm", "prep"};
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		struct tt_table c = tt_find(d, n, copied[i]);
		if (c.p)
			add_table(t, &nt, copied[i], c.p, c.len);
	}
	/* post format 3: the header without the glyph names */
	struct tt_table post = tt_find(d, n, "post");
	if (post.p && post.len >= 32) {
		add_table(t, &nt, "post", post.p, 32);
		put32((unsigned char *)t[nt - 1].data.ptr, 0x00030000);
	}
	write_font(t, nt, out);
	for (int i = 0; i < nt; i++)
		buf_free(&t[i].data);
}

int tt_subset(const unsigned char *d, size_t n, const uint16_t *used, size_t n_used,
	      struct buf *out)
{
	struct subset S;
	memset(&S, 0, sizeof S);
	if (subset_open(&S, d, n))
		return -1;
	buf_init(&S.glyf_out);
	buf_init(&S.hmtx_out);
	int rc = mark_glyphs(&S, used, n_used);
	if (rc == 0) {
		build_glyf(&S);
		build_hmtx(&S);
		write_subset(&S, out);
	}
	buf_free(&S.glyf_out);
	buf_free(&S.hmtx_out);
	free(S.loca_out);
	free(S.keep);
	return rc;
}
