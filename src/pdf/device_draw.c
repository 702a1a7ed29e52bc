/* device_draw.c — the pages: each layout page's items drawn at their
 * places (box backgrounds first, then the item's ops), then its header
 * and footer. Text, fonts and fill colours are written into the content
 * stream as raw operators, which cost a fraction of libharu's calls for
 * them; every character each font shows is recorded before any font
 * object is made, so that each font embeds exactly the glyphs it draws. */
#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"
#include "pdf/pdffont.h"

struct pen {
	int in_text;
	int font;
	double size;
	struct rgb fill, stroke;
	double line_w;
	int fill_set, stroke_set;
	long long tx, ty; /* start of the current text line, 1/100 pt (Td is relative) */
	struct buf out;  /* scratch for raw operators */
	struct marker mk; /* tagged: the marked content open (device_mark.c) */
};

/* v / 10^places for a content stream, with no trailing zeros: digits by
 * hand, since snprintf with %f cost more than libharu's own call. */
static void put_fixed(struct buf *b, long long v, int places)
{
	char t[40];
	int n = sizeof t;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int digits = 0;
	for (int i = 0; i < places; i++) {
		unsigned d = (unsigned)(u % 10);
		u /= 10;
		if (d || digits) {
			t[--n] = (char)('0' + d);
			digits++;
		}
	}
	if (digits)
		t[--n] = '.';
	do {
		t[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--n] = '-';
	buf_put(b, t + n, sizeof t - (size_t)n);
}

/* Show UTF-8 text at (x, y) in the current font by writing "Td" and a
 * literal string of 2-byte codes (the BMP code points, which the fonts'
 * CIDToGIDMap and ToUnicode map expect) straight into the page's content stream. HPDF_Page_TextOut
 * does the same with a byte-wise clear of a 512-byte buffer per number and
 * a glyph search plus width sum per character; it was a tenth of the time
 * of the sample course. The font's subset holds these glyphs because
 * device_draw marks every character each font shows before any font is
 * made. */
static void show_text(HPDF_Page pg, struct pen *p, double x, double y, const char *s, size_t n,
		      const struct font *f, const uint16_t *codes)
{
	struct buf *b = &p->out;
	buf_clear(b);
	/* whole hundredths, so relative moves never add up rounding errors */
	long long X = llround(x * 100), Y = llround(y * 100);
	put_fixed(b, X - p->tx, 2);
	buf_putc(b, ' ');
	put_fixed(b, Y - p->ty, 2);
	buf_puts(b, " Td (");
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		if (codes) /* a system font: glyph codes (pdffont.c) */
			cp = cp < f->n_cp ? codes[f->glyph[cp]] : 0;
		else if (cp > 0xFFFF)
			cp = 0;
		unsigned char by[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
		for (int k = 0; k < 2; k++) {
			/* a literal string holds any byte but these four; a raw CR
			 * would be read as a line end */
			if (by[k] == '(' || by[k] == ')' || by[k] == '\\')
				buf_putc(b, '\\');
			if (by[k] == '\r')
				buf_puts(b, "\\r");
			else
				buf_putc(b, by[k]);
		}
		i += len;
	}
	buf_puts(b, ") Tj\012");
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
	p->tx = X;
	p->ty = Y;
}

static void end_text(HPDF_Page pg, struct pen *p)
{
	if (p->in_text) {
		HPDF_Page_EndText(pg);
		p->in_text = 0;
	}
}

/* "/Fn size Tf", written raw like text: HPDF_Page_SetFontAndSize clears
 * a 512-byte buffer byte by byte per call, 2% of a build. libharu still
 * names the font and lists it in the page's resources. */
static void set_font(HPDF_Page pg, struct pen *p, HPDF_Font f, double size_pt)
{
	const char *name = HPDF_Page_GetLocalFontName(pg, f);
	if (!name)
		return;
	struct buf *b = &p->out;
	buf_clear(b);
	buf_putc(b, '/');
	buf_puts(b, name); /* "F1", "F2"...: nothing to escape */
	buf_putc(b, ' ');
	put_fixed(b, llround(size_pt * 10000), 4);
	buf_puts(b, " Tf\012");
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
}

static void set_fill(HPDF_Page pg, struct pen *p, struct rgb c)
{
	if (!p->fill_set || memcmp(&p->fill, &c, sizeof c)) {
		/* written raw, like text: HPDF_Page_SetRGBFill clears a 512-byte
		 * buffer byte by byte per call */
		struct buf *b = &p->out;
		buf_clear(b);
		put_fixed(b, llround(c.r * 10000), 4);
		buf_putc(b, ' ');
		put_fixed(b, llround(c.g * 10000), 4);
		buf_putc(b, ' ');
		put_fixed(b, llround(c.b * 10000), 4);
		buf_puts(b, " rg\012");
		HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
		HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
		p->fill = c;
		p->fill_set = 1;
	}
}

/* Tagged: put what is drawn next (a rule or box when artifact) into its
 * marked-content sequence, opening one if it is not the one open. */
static void mark(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		 int artifact)
{
	if (!dv->tagged)
		return;
	int want = mark_want(&p->mk, artifact);
	if (want != p->mk.open) {
		end_text(pg, p);
		mark_open(dv, pg, L, &p->mk, want);
	}
}

/* Remember which code points font id drew, for its ToUnicode map. */
static void mark_shown(struct device *dv, int id, const char *s, size_t n)
{
	uint32_t top = dv->fs->f[id].n_cp; /* beyond the BMP for a system font */
	if (!dv->shown[id])
		dv->shown[id] = xcalloc(top / 8, 1);
	unsigned char *bits = dv->shown[id];
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		if (cp < top && cp != 0xFFFF) /* U+FFFF is no character; the cmap's end marker */
			bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		i += len;
	}
}

static void draw_text(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		      const struct op *o, double ox, double oy)
{
	HPDF_Font f = device_font(dv, o->font);
	if (!f || !o->len)
		return;
	if (dv->tagged) {
		mark(dv, L, pg, p, 0);
		mark_text(dv, &p->mk, L, layout_op_text(L, o), o->len);
	}
	if (!p->in_text) {
		HPDF_Page_BeginText(pg);
		p->in_text = 1;
		p->tx = p->ty = 0;
		p->font = -1;
	}
	if (p->font != o->font || p->size != o->size) {
		set_font(pg, p, f, o->size);
		p->font = o->font;
		p->size = o->size;
	}
	set_fill(pg, p, o->colour);
	show_text(pg, p, ox + o->x, L->page_h - (oy + o->y), layout_op_text(L, o), o->len,
		  &dv->fs->f[o->font], pdffont_codes(dv->font_objs[o->font]));
}

static void draw_line(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		      const struct op *o, double ox, double oy)
{
	double H = L->page_h;
	mark(dv, L, pg, p, 1);
	end_text(pg, p);
	if (!p->stroke_set || memcmp(&p->stroke, &o->colour, sizeof o->colour)) {
		HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)o->colour.r, (HPDF_REAL)o->colour.g,
				       (HPDF_REAL)o->colour.b);
		p->stroke = o->colour;
		p->stroke_set = 1;
	}
	if (p->line_w != o->size) {
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)o->size);
		p->line_w = o->size;
	}
	HPDF_Page_MoveTo(pg, (HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y)));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y + o->h)));
	HPDF_Page_Stroke(pg);
}

/* A link annotation over the op's area, to a destination or a URI. */
static void draw_link(struct device *dv, const struct layout *L, HPDF_Page pg,
		      const struct pen *p, const struct op *o, double ox, double oy)
{
	double H = L->page_h;
	if (o->target < 0 || (size_t)o->target >= L->n_links)
		return;
	const struct link *lk = &L->links[o->target];
	if (dv->n_links >= DEVICE_MAX_LINKS) {
		if (dv->links_cut_lesson == -2)
			dv->links_cut_lesson = dv->item_lesson;
		return;
	}
	dv->n_links++;
	HPDF_Rect r = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
		       (HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y))};
	HPDF_Annotation a = NULL;
	if (lk->dest >= 0) {
		HPDF_Destination d = device_dest(dv, L, lk->dest);
		if (d)
			a = HPDF_Page_CreateLinkAnnot(pg, r, d);
	} else if (lk->uri && strlen(lk->uri) <= DEVICE_MAX_URI) {
		a = HPDF_Page_CreateURILinkAnnot(pg, r, lk->uri);
	}
	if (a) {
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
		HPDF_LinkAnnot_SetHighlightMode(a, HPDF_ANNOT_INVERT_BOX);
		if (dv->tagged)
			mark_annot(dv, &p->mk, L, a, o->target);
	}
}

static void draw_op(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		    const struct op *o, double ox, double oy)
{
	double H = L->page_h;
	switch (o->kind) {
	case OP_TEXT:
		draw_text(dv, L, pg, p, o, ox, oy);
		break;
	case OP_RECT:
		mark(dv, L, pg, p, 1);
		end_text(pg, p);
		set_fill(pg, p, o->colour);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
				    (HPDF_REAL)o->w, (HPDF_REAL)o->h);
		HPDF_Page_Fill(pg);
		break;
	case OP_LINE:
		draw_line(dv, L, pg, p, o, ox, oy);
		break;
	case OP_IMAGE:
		mark(dv, L, pg, p, 0);
		end_text(pg, p);
		if (o->target >= 0 && (size_t)o->target < dv->n_images)
			HPDF_Page_DrawImage(pg, dv->images[o->target], (HPDF_REAL)(ox + o->x),
					    (HPDF_REAL)(H - (oy + o->y + o->h)), (HPDF_REAL)o->w,
					    (HPDF_REAL)o->h);
		break;
	case OP_LINK:
		draw_link(dv, L, pg, p, o, ox, oy);
		break;
	case OP_DEST:
		break;
	case OP_TAG_BEGIN:
	case OP_TAG_END:
		if (dv->tagged)
			mark_tag_op(&p->mk, L, o);
		break;
	}
}

static void draw_item(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		      const struct item *it, double ox, double oy)
{
	dv->item_lesson = it->lesson;
	if (dv->tagged)
		mark_item(&p->mk, L, it);
	for (size_t k = it->op_first; k < it->op_first + it->op_count; k++)
		draw_op(dv, L, pg, p, &L->ops[k], ox, oy);
}

/* Box backgrounds: each item paints its slice, reaching up over the gap
 * to the previous item when that item belongs to the same box. */
static void draw_decos(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		       const struct page *page, size_t k)
{
	const struct place *pl = &L->places[k];
	const struct item *it = &L->items[pl->item];
	const struct item *prev = k > page->first ? &L->items[L->places[k - 1].item] : NULL;
	for (int i = 0; i < it->n_decos; i++) {
		const struct deco *dc = &layout_item_deco(L, it)[i];
		int joined = 0;
		if (prev)
			for (int j = 0; j < prev->n_decos; j++)
				if (layout_item_deco(L, prev)[j].id == dc->id)
					joined = 1;
		double top = L->body_y + pl->y - (joined ? it->space_before : 0);
		double bottom = L->body_y + pl->y + it->height;
		double x = L->body_x + page->dx + dc->x;
		mark(dv, L, pg, p, 1);
		end_text(pg, p);
		set_fill(pg, p, dc->bg);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom),
				    (HPDF_REAL)dc->w, (HPDF_REAL)(bottom - top));
		HPDF_Page_Fill(pg);
		if (dc->bar) {
			set_fill(pg, p, dc->bar_colour);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom), 2.5f,
					    (HPDF_REAL)(bottom - top));
			HPDF_Page_Fill(pg);
		}
	}
}

/* Every character each font will show, before any font object is made. */
static void mark_all_shown(struct device *dv, const struct layout *L, const size_t *order,
			   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct page *page = &L->pages[order[i]];
		for (size_t k = page->first; k <= page->first + page->count; k++) {
			long item = k < page->first + page->count ? (long)L->places[k].item : page->furniture;
			if (item < 0)
				continue;
			const struct item *it = &L->items[item];
			for (size_t j = it->op_first; j < it->op_first + it->op_count; j++) {
				const struct op *o = &L->ops[j];
				if (o->kind == OP_TEXT && o->len && o->font >= 0 && o->font < dv->fs->n)
					mark_shown(dv, o->font, layout_op_text(L, o), o->len);
			}
		}
	}
	dv->shown_ready = 1;
}

/* A page's items at their places, then its furniture. Tagged, the
 * furniture and a table header repeated on a later page are pagination
 * artifacts: read once, where they first stand. */
static void draw_page(struct device *dv, const struct layout *L, const struct page *page,
		      HPDF_Page pg, size_t key)
{
	struct pen p;
	memset(&p, 0, sizeof p);
	p.line_w = 1;
	mark_page(&p.mk, (int)(page - L->pages), key);
	for (size_t k = page->first; k < page->first + page->count; k++) {
		const struct place *pl = &L->places[k];
		if (dv->drawn) {
			p.mk.force = dv->drawn[pl->item] ? MARK_PAGINATION : 0;
			dv->drawn[pl->item] = 1;
		}
		draw_decos(dv, L, pg, &p, page, k);
		draw_item(dv, L, pg, &p, &L->items[pl->item], L->body_x + page->dx,
			  L->body_y + pl->y);
	}
	p.mk.force = MARK_PAGINATION;
	if (page->furniture >= 0)
		draw_item(dv, L, pg, &p, &L->items[page->furniture], L->body_x + page->dx,
			  L->body_y);
	end_text(pg, &p);
	mark_close(pg, &p.mk);
	buf_free(&p.out);
}

void device_draw(struct device *dv, const struct layout *L, const size_t *order, size_t n)
{
	dv->pages = xcalloc(L->n_pages ? L->n_pages : 1, sizeof *dv->pages);
	dv->dests = xcalloc(L->n_dests ? L->n_dests : 1, sizeof *dv->dests);
	dv->n_pages = L->n_pages;
	for (size_t i = 0; i < n; i++) {
		HPDF_Page pg = HPDF_AddPage(dv->pdf);
		HPDF_Page_SetWidth(pg, (HPDF_REAL)L->page_w);
		HPDF_Page_SetHeight(pg, (HPDF_REAL)L->page_h);
		if (dv->tagged) /* links are visited in the structure's order */
			HPDF_Dict_AddName(pg, "Tabs", "S");
		dv->pages[order[i]] = pg;
	}
	mark_all_shown(dv, L, order, n);
	if (dv->tagged)
		dv->drawn = xcalloc(L->n_items ? L->n_items : 1, 1);
	struct zpages *z = zpages_start(n);
	for (size_t i = 0; i < n; i++) {
		HPDF_Page pg = dv->pages[order[i]];
		draw_page(dv, L, &L->pages[order[i]], pg, i);
		zpages_add(dv, z, pg);
	}
	zpages_finish(dv, z);
	free(dv->drawn); /* items are freed after drawing (layout_free_display) */
	dv->drawn = NULL;
}
