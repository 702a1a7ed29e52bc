/* fontset.c — reads the `cmap`, `hhea`, `hmtx` and `head` tables of
 * TrueType fonts into flat lookup tables: glyph id per BMP code point and
 * advance per glyph scaled to 1/1000 em (what PDF widths use). Only the
 * subtables we need are understood: cmap format 4 (BMP) from the Unicode
 * platform; characters above U+FFFF are never covered by the book's own
 * fonts, because the PDF's 2-byte character codes (the code points) stop
 * at the BMP. A system font (sysfont.c) is written with glyph codes
 * instead, so it also reads cmap format 12 up to FONTSET_SYS_CP, may be a
 * face of a collection (.ttc) and may have CFF outlines. The file's
 * bytes are kept for the subset the PDF embeds (ttsubset.c, cffsubset.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/bytes.h"
#include "base/cache.h"
#include "font/fontset.h"
#include "font/cffsubset.h"
#include "font/ttsubset.h"
#include "base/util.h"

void fontset_init(struct fontset *fs)
{
	memset(fs, 0, sizeof *fs);
	fs->fallback = -1;
}

/* A font's glyph table, code point -> glyph id, zero for none, spans the
 * BMP (128 KB; a system font's 384 KB), and a font fills a few of its
 * pages: mapped memory (xmap_zeroed), not calloc'ed, which from the
 * padded heap (main.c) cleared all of it: 0.9M instructions and every page
 * faulted in for the Rust course's eight fonts. */
static void glyph_table_free(struct font *f)
{
	xunmap(f->glyph, (size_t)f->n_cp * sizeof *f->glyph);
	f->glyph = NULL;
}

/* d, the data font_load got for f: mapped or read. */
static void font_data_free(const struct font *f, unsigned char *d)
{
	if (d && f->mapped)
		munmap(d, f->len);
	else
		free(d);
}

void fontset_free(struct fontset *fs)
{
	for (int i = 0; i < fs->n; i++) {
		free(fs->f[i].path);
		glyph_table_free(&fs->f[i]);
		free(fs->f[i].advance);
		font_data_free(&fs->f[i], fs->f[i].data);
	}
	fs->n = 0;
	fontset_sys_free(fs);
}

int fontset_add(struct fontset *fs, const char *path)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].path, path))
			return i;
	if (fs->n == FONTSET_MAX)
		return -1;
	struct font *f = &fs->f[fs->n];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->n_cp = 0x10000;
	return fs->n++;
}

static int read_cmap4(struct font *f, const unsigned char *t, size_t len)
{
	if (len < 14)
		return -1;
	unsigned segx2 = be16(t + 6);
	if (14 + 4 * (size_t)segx2 + 2 > len)
		return -1;
	const unsigned char *ends = t + 14, *starts = t + 16 + segx2,
			    *deltas = starts + segx2, *ranges = deltas + segx2;
	for (unsigned s = 0; s < segx2; s += 2) {
		unsigned end = be16(ends + s), start = be16(starts + s);
		unsigned delta = be16(deltas + s), ro = be16(ranges + s);
		for (unsigned c = start; c <= end && c < 0xFFFF; c++) {
			unsigned g;
			if (ro == 0) {
				g = (c + delta) & 0xFFFF;
			} else {
				size_t at = (size_t)(ranges + s - t) + ro + 2 * (size_t)(c - start);
				if (at + 2 > len)
					continue;
				g = be16(t + at);
				if (g)
					g = (g + delta) & 0xFFFF;
			}
			if (g < f->n_glyphs)
				f->glyph[c] = (uint16_t)g;
		}
	}
	return 0;
}

/* Format 12 (segments of 32-bit code points), for a system font's
 * characters beyond the BMP. */
static void read_cmap12(struct font *f, const unsigned char *t, size_t len)
{
	if (len < 16)
		return;
	size_t ng = be32(t + 12);
	if (ng > (len - 16) / 12)
		ng = (len - 16) / 12;
	for (size_t i = 0; i < ng; i++) {
		const unsigned char *r = t + 16 + 12 * i;
		uint32_t start = be32(r), end = be32(r + 4), g = be32(r + 8);
		for (uint32_t c = start; c <= end && c < f->n_cp; c++, g++)
			if (g < f->n_glyphs && c != 0xFFFF)
				f->glyph[c] = (uint16_t)g;
	}
}

/* Table `tag` of d, or none: a table found at offset 0 would overlap the
 * file header, so it counts as absent. */
static struct tt_table table(const unsigned char *d, size_t n, const char *tag)
{
	struct tt_table t = tt_find(d, n, tag);
	if (t.p == d)
		t.p = NULL;
	return t;
}

/* Monospaced (post's isFixedPitch), serif (a PANOSE serif style from 2,
 * cove, to 10, flared) or sans, and bold (weight class 600 or more): the
 * kind of system font that stands in for this one. */
static void font_style(struct font *f, const unsigned char *d, size_t n)
{
	struct tt_table os2 = table(d, n, "OS/2"), post = table(d, n, "post");
	f->style = FONT_SANS;
	if (os2.p && os2.len >= 44) {
		unsigned serif = os2.p[33];
		f->bold = be16(os2.p + 4) >= 600;
		if (os2.p[32] == 2 && serif >= 2 && serif <= 10)
			f->style = FONT_SERIF;
	}
	if (post.p && post.len >= 16 && be32(post.p + 12))
		f->style = FONT_MONO;
}

static int font_parse(struct font *f, const unsigned char *d, size_t n)
{
	struct tt_table th = table(d, n, "hhea"), tm = table(d, n, "hmtx");
	struct tt_table tc = table(d, n, "cmap"), thd = table(d, n, "head");
	struct tt_table tx = table(d, n, "maxp");
	/* the PDF embeds TrueType outlines (ttsubset.c), and CFF ones
	 * (cffsubset.c) only for a system font, written with glyph codes */
	f->cff = !table(d, n, "glyf").p;
	struct tt_table cff = table(d, n, "CFF ");
	if (f->cff && (!f->sys || !cff.p || !cff_check(cff.p, cff.len)))
		return -1;
	if (!th.p || !tm.p || !tc.p || !thd.p || !tx.p || th.len < 36 || thd.len < 20 || tx.len < 6)
		return -1;
	size_t hhea = (size_t)(th.p - d), hmtx = (size_t)(tm.p - d), cmap = (size_t)(tc.p - d);
	size_t head = (size_t)(thd.p - d), maxp = (size_t)(tx.p - d);
	size_t ml = tm.len, cl = tc.len;
	unsigned upem = be16(d + head + 18);
	unsigned nlong = be16(d + hhea + 34);
	f->n_glyphs = be16(d + maxp + 4);
	if (!upem || !nlong || nlong > f->n_glyphs || 4 * (size_t)nlong > ml)
		return -1;
	font_style(f, d, n);
	f->advance = xcalloc(f->n_glyphs, sizeof *f->advance);
	for (unsigned g = 0; g < f->n_glyphs; g++) {
		unsigned a = be16(d + hmtx + 4 * (g < nlong ? g : nlong - 1));
		f->advance[g] = (uint16_t)((a * 1000UL + upem / 2) / upem);
	}
	f->glyph = xmap_zeroed((size_t)f->n_cp * sizeof *f->glyph);
	unsigned nsub = be16(d + cmap + 2);
	size_t best = 0, best12 = 0;
	for (unsigned i = 0; i < nsub && 4 + 8 * (size_t)(i + 1) <= cl; i++) {
		const unsigned char *r = d + cmap + 4 + 8 * i;
		unsigned plat = be16(r), enc = be16(r + 2);
		size_t off = be32(r + 4);
		if (off > cl || cl - off < 16 || !((plat == 3 && (enc == 1 || enc == 10)) || plat == 0))
			continue;
		if (be16(d + cmap + off) == 4)
			best = off;
		else if (be16(d + cmap + off) == 12 && f->sys)
			best12 = off;
	}
	/* format 12 covers the BMP too */
	if (best12) {
		read_cmap12(f, d + cmap + best12, cl - best12);
		return 0;
	}
	if (!best)
		return -1;
	size_t sublen = be16(d + cmap + best + 2);
	if (best + sublen > cl)
		sublen = cl - best;
	return read_cmap4(f, d + cmap + best, sublen);
}

/* pread until n bytes are in, or -1. */
static int read_at(int fd, void *buf, size_t n, size_t off)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* Whether a collection face's table is one octavo reads or embeds. */
static int wanted(const unsigned char *tag)
{
	static const char tags[][5] = {"head", "hhea", "hmtx", "maxp", "cmap", "OS/2", "post",
				       "name", "CFF ", "glyf", "loca", "cvt ", "fpgm", "prep"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (!memcmp(tag, tags[i], 4))
			return 1;
	return 0;
}

/* Face `index` of the TrueType collection open as fd (n bytes long) as a
 * font file of its own: its table directory and the tables octavo uses,
 * read from the collection one by one (a CJK collection is 20 MB, its
 * layout tables and other faces' directories are not needed); NULL if it
 * is no collection or its directory points outside it. */
static unsigned char *ttc_face(int fd, size_t n, int index, size_t *len)
{
	unsigned char h[16], dir[12 + 16 * 64];
	if (n < 16 || read_at(fd, h, 16, 0) || memcmp(h, "ttcf", 4) || index < 0 ||
	    (size_t)index >= be32(h + 8) || 16 + 4 * (size_t)index > n ||
	    read_at(fd, h, 4, 12 + 4 * (size_t)index))
		return NULL;
	size_t at = be32(h);
	if (at > n || n - at < 12 || read_at(fd, dir, 12, at))
		return NULL;
	size_t nt = be16(dir + 4), kept = 0, total = 12;
	if (nt > 64 || (n - at - 12) / 16 < nt || read_at(fd, dir + 12, 16 * nt, at + 12))
		return NULL;
	for (size_t i = 0; i < nt; i++) {
		const unsigned char *r = dir + 12 + 16 * i;
		size_t off = be32(r + 8), tl = be32(r + 12);
		if (!wanted(r))
			continue;
		if (off > n || tl > n - off)
			return NULL;
		memmove(dir + 12 + 16 * kept++, r, 16);
		total += 16 + ((tl + 3) & ~(size_t)3);
	}
	unsigned char *o = xcalloc(total, 1);
	memcpy(o, dir, 12 + 16 * kept);
	o[4] = (unsigned char)(kept >> 8);
	o[5] = (unsigned char)kept;
	size_t put = 12 + 16 * kept;
	for (size_t i = 0; i < kept; i++) {
		unsigned char *r = o + 12 + 16 * i;
		size_t off = be32(r + 8), tl = be32(r + 12);
		if (read_at(fd, o + put, tl, off)) {
			free(o);
			return NULL;
		}
		r[8] = (unsigned char)(put >> 24);
		r[9] = (unsigned char)(put >> 16);
		r[10] = (unsigned char)(put >> 8);
		r[11] = (unsigned char)put;
		put += (tl + 3) & ~(size_t)3;
	}
	*len = total;
	return o;
}

/* The file is mapped and kept: the PDF back end embeds a subset of it.
 * Mapped, not read: a book touches only the font's tables and the glyphs
 * it uses, and reading a whole file cost a copy and a page fault per 4 KB
 * for all of it (about 0.15 ms a font, eight fonts for a small course).
 * Files over 64 MB (four times the largest CJK fonts) are not fonts we
 * can use and are not read. A system font's collection gives only its
 * face, read into memory. */
static void font_load(struct font *f)
{
	if (f->loaded)
		return;
	f->loaded = -1;
	FILE *fp = fopen(f->path, "rb");
	if (!fp)
		return;
	struct stat st;
	unsigned char *d = NULL;
	size_t n = 0;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < 64ULL << 20) {
		cache_stamp(&st, f->stamp);
		unsigned char tag[4];
		if (f->sys && read_at(fileno(fp), tag, 4, 0) == 0 && !memcmp(tag, "ttcf", 4)) {
			d = ttc_face(fileno(fp), (size_t)st.st_size, f->index, &n);
		} else {
			void *m = xmap_file(fileno(fp), (size_t)st.st_size);
			if (m) {
				d = m;
				n = (size_t)st.st_size;
				f->mapped = 1;
			}
		}
	}
	fclose(fp);
	f->len = n;
	if (d && font_parse(f, d, n) == 0) {
		for (unsigned c = 0; c < 128; c++)
			f->ascii[c] = f->glyph[c] ? f->advance[f->glyph[c]] : 0;
		f->loaded = 1;
		f->data = d;
		return;
	}
	glyph_table_free(f);
	free(f->advance);
	f->advance = NULL;
	font_data_free(f, d);
	f->mapped = 0;
	f->len = 0;
}

void fontset_load_all(struct fontset *fs)
{
	for (int i = 0; i < fs->n; i++)
		font_load(&fs->f[i]);
}

int fontset_add_sys(struct fontset *fs, const char *path, int index)
{
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].sys && fs->f[i].index == index && !strcmp(fs->f[i].path, path))
			return fs->f[i].loaded == 1 ? i : -1;
	if (fs->n == FONTSET_MAX)
		return -1;
	struct font *f = &fs->f[fs->n];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->n_cp = FONTSET_SYS_CP;
	f->sys = 1;
	f->index = index;
	int id = fs->n++;
	font_load(f);
	return f->loaded == 1 ? id : -1;
}

int fontset_has(struct fontset *fs, int id, uint32_t cp)
{
	if (id < 0 || id >= fs->n || cp >= fs->f[id].n_cp)
		return 0;
	struct font *f = &fs->f[id];
	font_load(f);
	return f->loaded == 1 && f->glyph[cp] != 0;
}

unsigned fontset_advance(struct fontset *fs, int id, uint32_t cp)
{
	if (!fontset_has(fs, id, cp))
		return 0;
	struct font *f = &fs->f[id];
	return f->advance[f->glyph[cp]];
}

const uint16_t *fontset_ascii(struct fontset *fs, int id)
{
	if (id < 0 || id >= fs->n)
		return NULL;
	struct font *f = &fs->f[id];
	font_load(f);
	return f->loaded == 1 ? f->ascii : NULL;
}

int fontset_pick_other(struct fontset *fs, int id, uint32_t cp)
{
	if (fontset_has(fs, id, cp))
		return id;
	if (fontset_has(fs, fs->fallback, cp))
		return fs->fallback;
	return fontset_sys_pick(fs, id, cp);
}

uint32_t utf8_next_multi(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0];
	size_t need;
	if (c < 0x80) {
		*len = 1;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		need = 2;
		c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		need = 3;
		c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		need = 4;
		c &= 0x07;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	if (need > n) {
		*len = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		c = c << 6 | (u[i] & 0x3F);
	}
	*len = need;
	return c;
}

double fontset_width(struct fontset *fs, int id, const char *s, size_t n,
		     double size_pt)
{
	unsigned long units = 0;
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t c = utf8_next(s + i, n - i, &l);
		units += fontset_advance(fs, id, c);
		i += l;
	}
	return units * size_pt / 1000.0;
}
