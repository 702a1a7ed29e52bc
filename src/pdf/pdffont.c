/* pdffont.c — one TrueType font of the book as PDF objects: a Type 0
 * font (Identity-H, character code = BMP code point) over a CIDFontType2
 * with the widths of the characters drawn, a CIDToGIDMap, a ToUnicode
 * map, and a descriptor with the subset font program from ttsubset.
 *
 * libharu's own TrueType path parsed each file with tiny reads, looked up
 * all 65,536 code points per font and built the subset a few bytes at a
 * time: a quarter of a build's instructions. Here the objects are made
 * with libharu's object calls, the subset by whichever thread drawing the
 * pages is free (device_pages.c), and libharu only writes them out. Widths are fontset's,
 * the ones layout measured with.
 *
 * A system font (sysfont.c) may have characters beyond the BMP and
 * thousands of glyphs, so its text is written with glyph codes instead:
 * a TrueType one's code is the glyph id (CIDToGIDMap /Identity, subset by
 * ttsubset), a CFF one's the glyph's place in its subset (cffsubset,
 * embedded as FontFile3 /CIDFontType0C); its ToUnicode map gives each
 * code back its character, in UTF-16. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/device_impl.h"
#include "pdf/fontcache.h"
#include "pdf/pdffont.h"
#include "font/cffsubset.h"
#include "font/ttsubset.h"
#include "base/util.h"
#include "base/zflate.h"

static int is_shown(const unsigned char *bits, uint32_t cp)
{
	return bits && (bits[cp >> 3] & (1u << (cp & 7)));
}

/* The first code point drawn from cp on, or 0xFFFF when none is: a
 * book draws a few hundred of the 65,536, so empty stretches are skipped
 * 64 code points at a time, then a byte at a time (a byte a step was
 * 1.2M instructions a small book, for its eight fonts). */
static uint32_t next_shown(const unsigned char *bits, uint32_t cp)
{
	while (cp < 0xFFFF) {
		if (!(cp & 63)) {
			uint64_t w;
			memcpy(&w, bits + (cp >> 3), sizeof w);
			if (!w) {
				cp += 64;
				continue;
			}
		}
		if (!bits[cp >> 3]) {
			cp = (cp | 7) + 1;
			continue;
		}
		if (is_shown(bits, cp))
			return cp;
		cp++;
	}
	return 0xFFFF;
}

/* A font's font program, CIDToGIDMap and ToUnicode map are made and
 * deflated by pdffont_make, on a thread that draws pages or else in
 * pdffont_finish, which puts them into their streams. pdffont_make reads
 * only what is copied or pointed to here, none of which changes once
 * made. */
struct pdffont {
	HPDF_Font font;
	const unsigned char *data; /* the font file (fontset's copy) */
	size_t len;
	const uint16_t *glyph;     /* glyph id per BMP code point */
	const unsigned char *shown;/* code points drawn */
	uint16_t *gids;            /* glyph ids drawn, owned */
	size_t n_gids;
	uint32_t top;              /* highest code point drawn */
	struct buf file, map, cmap;/* deflated results */
	size_t file_len;           /* the subset's size before deflating */
	int ok;
	HPDF_Dict file_s, map_s, cmap_s; /* the streams they go into */
	int made;                  /* pdffont_make has run */
	/* a system font, written with glyph codes */
	int coded, cff;
	uint16_t *code;            /* per glyph id: its character code, owned */
	uint32_t *uni;             /* per code: the code point it shows (0 none), owned */
	unsigned n_codes;
	/* the key and the file name of the font's streams in the cache
	 * (fontcache.h), and whether they came from it */
	int cached;
	struct buf key, cache_name;
	int from_cache;
};

/* What every ToUnicode CMap opens with: a two-byte code space. */
static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";

/* The ToUnicode CMap: with Identity-H a character code is the BMP code
 * point itself, so the map is the identity over the code points drawn,
 * as runs within one high byte (bfrange entries, at most 100 a block). */
static void to_unicode(const unsigned char *bits, uint32_t top, struct buf *out)
{
	buf_puts(out, cmap_head);
	struct buf body = BUF_INIT;
	int in_block = 0;
	for (uint32_t cp = next_shown(bits, 1); cp <= top; cp = next_shown(bits, cp + 1)) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		uint32_t end = cp;
		while (end < top && (end & 0xFF) != 0xFF && is_shown(bits, end + 1))
			end++;
		buf_printf(&body, "<%04X> <%04X> <%04X>\n", (unsigned)cp, (unsigned)end, (unsigned)cp);
		cp = end;
		if (++in_block == 100) {
			buf_printf(out, "%d beginbfrange\n", in_block);
			buf_put(out, body.ptr, body.len);
			buf_puts(out, "endbfrange\n");
			buf_clear(&body);
			in_block = 0;
		}
	}
	if (in_block) {
		buf_printf(out, "%d beginbfrange\n", in_block);
		buf_put(out, body.ptr, body.len);
		buf_puts(out, "endbfrange\n");
	}
	buf_free(&body);
	buf_puts(out, "endcmap\n"
		      "CMapName currentdict /CMap defineresource pop\n"
		      "end\n"
		      "end\n");
}

/* The ToUnicode CMap of a font written with glyph codes: each code used
 * and its character, in UTF-16 (bfchar entries, at most 100 a block). */
static void to_unicode_coded(const uint32_t *uni, unsigned n_codes, struct buf *out)
{
	buf_puts(out, cmap_head);
	unsigned c = 0;
	while (c < n_codes) {
		unsigned k = 0, from = c;
		for (; c < n_codes && k < 100; c++)
			k += uni[c] != 0;
		if (!k)
			break;
		buf_printf(out, "%u beginbfchar\n", k);
		for (unsigned i = from; i < c; i++) {
			uint32_t u = uni[i];
			if (!u)
				continue;
			if (u > 0xFFFF)
				buf_printf(out, "<%04X> <%04X%04X>\n", i, 0xD800 + ((u - 0x10000) >> 10),
					   0xDC00 + ((u - 0x10000) & 0x3FF));
			else
				buf_printf(out, "<%04X> <%04X>\n", i, (unsigned)u);
		}
		buf_puts(out, "endbfchar\n");
	}
	buf_puts(out, "endcmap\n"
		      "CMapName currentdict /CMap defineresource pop\n"
		      "end\n"
		      "end\n");
}

/* A font's subset: a system font's CFF table's, or the TrueType file's. */
static int subset(const struct pdffont *j, struct buf *raw)
{
	if (!j->cff)
		return tt_subset(j->data, j->len, j->gids, j->n_gids, raw);
	struct tt_table t = tt_find(j->data, j->len, "CFF ");
	return t.p ? cff_subset(t.p, t.len, j->gids, j->n_gids, raw) : -1;
}

/* The font program: the subset, deflated (a system font's is the CFF
 * or TrueType one, another's TrueType). */
static void font_program(struct pdffont *j)
{
	struct buf raw = BUF_INIT;
	j->ok = subset(j, &raw) == 0;
	j->file_len = raw.len;
	j->ok = j->ok && zflate(raw.ptr, raw.len, &j->file) == 0;
	buf_free(&raw);
}

/* A font written with glyph codes: its subset and CMap. */
static void run_coded(struct pdffont *j)
{
	struct buf raw = BUF_INIT;
	font_program(j);
	to_unicode_coded(j->uni, j->n_codes, &raw);
	j->ok = j->ok && zflate(raw.ptr, raw.len, &j->cmap) == 0;
	buf_free(&raw);
}

/* A font written with BMP code points: its subset, CIDToGIDMap and
 * CMap. */
static void run_bmp(struct pdffont *j)
{
	struct buf raw = BUF_INIT;
	font_program(j);
	/* the map only reaches the highest code point drawn: no other
	 * character code occurs in the text */
	unsigned char *m = (unsigned char *)buf_space(&raw, 2 * ((size_t)j->top + 1));
	for (uint32_t cp = 0; cp <= j->top; cp++) {
		unsigned g = is_shown(j->shown, cp) ? j->glyph[cp] : 0;
		m[2 * cp] = (unsigned char)(g >> 8);
		m[2 * cp + 1] = (unsigned char)g;
	}
	buf_commit(&raw, 2 * ((size_t)j->top + 1));
	j->ok = j->ok && zflate(raw.ptr, raw.len, &j->map) == 0;
	buf_clear(&raw);
	to_unicode(j->shown, j->top, &raw);
	j->ok = j->ok && zflate(raw.ptr, raw.len, &j->cmap) == 0;
	buf_free(&raw);
}

/* The font's streams, from the cache when an earlier build made them,
 * else made and kept there. */
void pdffont_make(struct pdffont *j)
{
	j->made = 1;
	if (!j->font)
		return; /* libharu failed making its objects: pdffont_finish says so */
	struct fontcache_streams s = {&j->file, &j->map, &j->cmap, &j->file_len};
	if (j->cached && fontcache_get(buf_cstr(&j->cache_name), &j->key, &s) == 0) {
		j->ok = 1;
		j->from_cache = 1;
		return;
	}
	if (j->coded)
		run_coded(j);
	else
		run_bmp(j);
	if (j->ok && j->cached)
		fontcache_put(buf_cstr(&j->cache_name), &j->key, &s);
}

int pdffont_was_cached(const struct pdffont *j)
{
	return j->from_cache;
}

void pdffont_free(struct pdffont *j)
{
	if (!j)
		return;
	buf_free(&j->file);
	buf_free(&j->map);
	buf_free(&j->cmap);
	buf_free(&j->key);
	buf_free(&j->cache_name);
	free(j->gids);
	free(j->code);
	free(j->uni);
	free(j);
}

/* libharu frees a dictionary's attr only through its free_fn. */
static void free_font_attr(HPDF_Dict d)
{
	if (d->attr)
		HPDF_FreeMem(d->mmgr, d->attr);
	d->attr = NULL;
}

/* A dictionary registered as an indirect object of the document. */
static HPDF_Dict new_object(HPDF_Doc pdf)
{
	HPDF_Dict o = HPDF_Dict_New(pdf->mmgr);
	if (o && HPDF_Xref_Add(pdf->xref, o) != HPDF_OK)
		return NULL; /* HPDF_Xref_Add frees o when it fails */
	return o;
}

/* A stream libharu writes as it is, marked as Flate (pdffont_finish
 * fills it). */
static HPDF_Dict flate_stream(HPDF_Doc pdf)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (s) {
		s->filter = HPDF_STREAM_FILTER_NONE;
		s->write_fn = device_flate_filter;
	}
	return s;
}

/* The PDF name of a font: "ABCDEF+" (a subset tag derived from the
 * glyphs drawn, so the same book names it the same way) and its
 * PostScript name, or its file name when it has none. */
static void font_name(const struct font *f, const struct tt_info *ti, const uint16_t *gids,
		      size_t n, char out[80])
{
	char base[64];
	if (ti->ps_name[0]) {
		snprintf(base, sizeof base, "%s", ti->ps_name);
	} else {
		const char *slash = strrchr(f->path, '/');
		const char *p = slash ? slash + 1 : f->path;
		size_t k = 0;
		for (; *p && *p != '.' && k + 1 < sizeof base; p++)
			if ((unsigned char)*p > 32 && (unsigned char)*p < 127 && !strchr("()<>[]{}/%#", *p))
				base[k++] = *p;
		base[k] = '\0';
		if (!k)
			snprintf(base, sizeof base, "Font");
	}
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *c = base; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ gids[i]) * 16777619u;
	for (int i = 0; i < 6; i++) {
		out[i] = (char)('A' + h % 26);
		h /= 26;
	}
	snprintf(out + 6, 74, "+%s", base);
}

/* The glyphs of the code points drawn, each once, in code point order,
 * and the highest code point drawn. */
static void gather_glyphs(struct pdffont *j, const struct font *f, const unsigned char *bits)
{
	unsigned char *seen = xcalloc(((size_t)f->n_glyphs + 8) / 8, 1);
	j->gids = xmalloc(((size_t)f->n_glyphs + 1) * sizeof *j->gids);
	for (uint32_t cp = next_shown(bits, 0); cp < 0xFFFF; cp = next_shown(bits, cp + 1)) {
		j->top = cp;
		unsigned g = f->glyph[cp];
		if (!(seen[g >> 3] & (1u << (g & 7)))) {
			seen[g >> 3] |= (unsigned char)(1u << (g & 7));
			j->gids[j->n_gids++] = (uint16_t)g;
		}
	}
	free(seen);
}

/* The glyphs of a system font's code points drawn, each once, in code
 * point order, and each one's code: its glyph id (TrueType), or its place
 * among them counting from 1 (CFF, whose subset renumbers them). */
static void gather_coded(struct pdffont *j, const struct font *f, const unsigned char *bits)
{
	j->gids = xmalloc(((size_t)f->n_glyphs + 1) * sizeof *j->gids);
	j->code = xcalloc((size_t)f->n_glyphs + 1, sizeof *j->code);
	j->uni = xcalloc((size_t)f->n_glyphs + 1, sizeof *j->uni);
	for (uint32_t cp = 0; cp < f->n_cp; cp++) {
		if (!bits[cp >> 3]) {
			cp |= 7;
			continue;
		}
		unsigned g = is_shown(bits, cp) ? f->glyph[cp] : 0;
		if (!g || j->code[g])
			continue;
		j->gids[j->n_gids++] = (uint16_t)g;
		unsigned c = j->cff ? (unsigned)j->n_gids : g;
		j->code[g] = (uint16_t)c;
		j->uni[c] = cp;
		if (c + 1 > j->n_codes)
			j->n_codes = c + 1;
	}
}

/* The Type 0 font the pages name, registered with the document; NULL if
 * libharu failed. */
static HPDF_Dict type0_font(HPDF_Doc pdf, const char *name)
{
	HPDF_Dict t0 = new_object(pdf);
	HPDF_FontAttr fa = t0 ? HPDF_GetMem(pdf->mmgr, sizeof *fa) : NULL;
	if (!fa)
		return NULL;
	memset(fa, 0, sizeof *fa);
	fa->type = HPDF_FONT_TYPE0_TT;
	fa->writing_mode = HPDF_WMODE_HORIZONTAL;
	t0->attr = fa;
	t0->free_fn = free_font_attr;
	t0->header.obj_class |= HPDF_OSUBCLASS_FONT;
	HPDF_Dict_AddName(t0, "Type", "Font");
	HPDF_Dict_AddName(t0, "Subtype", "Type0");
	HPDF_Dict_AddName(t0, "BaseFont", name);
	HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
	return t0;
}

/* The widths of a system font's codes, as runs "first [w w ...]". */
static void coded_widths(HPDF_MMgr mm, const struct pdffont *j, const struct font *f, HPDF_Array w)
{
	for (unsigned c = 0; c < j->n_codes; c++) {
		if (!j->uni[c])
			continue;
		HPDF_Array_AddNumber(w, (HPDF_INT32)c);
		HPDF_Array run = HPDF_Array_New(mm);
		HPDF_Array_Add(w, run);
		for (; c < j->n_codes && j->uni[c]; c++)
			HPDF_Array_AddNumber(run, f->advance[f->glyph[j->uni[c]]]);
	}
}

/* The CIDFontType2 under the Type 0 font, with its descriptor desc, its
 * CIDToGIDMap and the widths of the code points drawn, as runs
 * "first [w w ...]". */
static void cid_font(HPDF_MMgr mm, const struct pdffont *j, const struct font *f, HPDF_Dict cid,
		     HPDF_Dict desc, const char *name)
{
	HPDF_Dict_AddName(cid, "Type", "Font");
	HPDF_Dict_AddName(cid, "Subtype", j->cff ? "CIDFontType0" : "CIDFontType2");
	HPDF_Dict_AddName(cid, "BaseFont", name);
	HPDF_Dict si = HPDF_Dict_New(mm);
	HPDF_Dict_Add(cid, "CIDSystemInfo", si);
	HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	HPDF_Dict_AddNumber(si, "Supplement", 0);
	HPDF_Dict_Add(cid, "FontDescriptor", desc);
	if (!j->coded)
		HPDF_Dict_Add(cid, "CIDToGIDMap", j->map_s);
	else if (!j->cff) /* CID = glyph id; a CFF font maps CIDs itself */
		HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	HPDF_Array w = HPDF_Array_New(mm);
	HPDF_Dict_Add(cid, "W", w);
	if (j->coded) {
		coded_widths(mm, j, f, w);
		return;
	}
	const unsigned char *bits = j->shown;
	for (uint32_t cp = next_shown(bits, 0); cp <= j->top; cp = next_shown(bits, cp)) {
		HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
		HPDF_Array run = HPDF_Array_New(mm);
		HPDF_Array_Add(w, run);
		for (; cp <= j->top && is_shown(bits, cp); cp++) {
			unsigned g = f->glyph[cp];
			HPDF_Array_AddNumber(run, g ? f->advance[g] : 0);
		}
	}
}

/* The font descriptor, pointing at the font program's stream. */
static void descriptor(HPDF_MMgr mm, const struct pdffont *j, const struct tt_info *ti,
		       HPDF_Dict desc, const char *name)
{
	HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	HPDF_Dict_AddName(desc, "FontName", name);
	HPDF_Dict_AddNumber(desc, "Flags", ti->flags);
	HPDF_Array bb = HPDF_Array_New(mm);
	HPDF_Dict_Add(desc, "FontBBox", bb);
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bb, ti->bbox[i]);
	HPDF_Dict_AddNumber(desc, "ItalicAngle", ti->italic_angle);
	HPDF_Dict_AddNumber(desc, "Ascent", ti->ascent);
	HPDF_Dict_AddNumber(desc, "Descent", ti->descent);
	HPDF_Dict_AddNumber(desc, "CapHeight", ti->cap_height);
	HPDF_Dict_AddNumber(desc, "StemV", ti->stem_v);
	HPDF_Dict_Add(desc, j->cff ? "FontFile3" : "FontFile2", j->file_s);
}

HPDF_Font pdffont_new(HPDF_Doc pdf, const struct font *f, const unsigned char *bits,
		      struct pdffont **out)
{
	struct tt_info ti;
	*out = NULL;
	if (f->loaded != 1 || !bits || tt_info(f->data, f->len, &ti))
		return NULL;
	HPDF_MMgr mm = pdf->mmgr;
	struct pdffont *j = xcalloc(1, sizeof *j);
	*out = j;
	j->data = f->data;
	j->len = f->len;
	j->glyph = f->glyph;
	j->shown = bits;
	j->coded = f->sys;
	j->cff = f->cff;
	if (j->coded)
		gather_coded(j, f, bits);
	else
		gather_glyphs(j, f, bits);
	/* what the maps are made of, besides the glyphs: the code points
	 * drawn (up to the highest), or a system font's character per code */
	struct buf chars = BUF_INIT;
	if (j->coded) {
		buf_put(&chars, j->uni, (size_t)j->n_codes * sizeof *j->uni);
	} else {
		buf_put(&chars, &j->top, sizeof j->top);
		buf_put(&chars, bits, (size_t)j->top / 8 + 1);
	}
	j->cached = fontcache_key(f, j->gids, j->n_gids, &chars, &j->key, &j->cache_name) == 0;
	buf_free(&chars);
	char name[80];
	font_name(f, &ti, j->gids, j->n_gids, name);

	HPDF_Dict t0 = type0_font(pdf, name);
	if (!t0)
		return NULL;
	HPDF_Dict cid = new_object(pdf), desc = new_object(pdf);
	j->file_s = flate_stream(pdf);
	j->map_s = j->coded ? NULL : flate_stream(pdf);
	j->cmap_s = flate_stream(pdf);
	if (!cid || !desc || !j->file_s || (!j->map_s && !j->coded) || !j->cmap_s)
		return NULL;
	if (j->cff)
		HPDF_Dict_AddName(j->file_s, "Subtype", "CIDFontType0C");
	HPDF_Array df = HPDF_Array_New(mm);
	HPDF_Dict_Add(t0, "DescendantFonts", df);
	HPDF_Array_Add(df, cid);
	HPDF_Dict_Add(t0, "ToUnicode", j->cmap_s);
	cid_font(mm, j, f, cid, desc, name);
	descriptor(mm, j, &ti, desc, name);
	j->font = t0;
	return t0;
}

int pdffont_finish(struct pdffont *j)
{
	if (!j->made)
		pdffont_make(j);
	if (!j->ok || !j->font)
		return -1;
	device_hold(j->file_s, &j->file);
	if (!j->cff)
		HPDF_Dict_AddNumber(j->file_s, "Length1", (HPDF_INT32)j->file_len);
	if (j->map_s)
		device_hold(j->map_s, &j->map);
	device_hold(j->cmap_s, &j->cmap);
	return 0;
}


uint16_t *pdffont_glyph_codes(const struct font *f, const unsigned char *shown)
{
	if (!f->sys || f->loaded != 1 || !shown)
		return NULL;
	struct pdffont j;
	memset(&j, 0, sizeof j);
	j.cff = f->cff;
	gather_coded(&j, f, shown); /* what pdffont_new will find */
	free(j.gids);
	free(j.uni);
	return j.code;
}
