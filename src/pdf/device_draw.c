/* device_draw.c — one page: each layout page's items drawn at their
 * places (box backgrounds first, then the item's ops), then its header
 * and footer. Nothing here calls libharu, so pages are drawn on any
 * thread (device_pages.c): every operator is written as libharu's page
 * calls write it (numbers through its own HPDF_FToA, so the bytes are
 * the same), and fonts and images are named as libharu names them in a
 * page's resources (F1, F2... and X1, X2... in the order of first use),
 * which device_pages.c then asks libharu for, in that order. Text, its
 * font and fill colour cost a fraction of libharu's calls written this
 * way: those clear a 512-byte buffer byte by byte per call. The words of
 * a line go into one TJ array, which libharu has no call for
 * (show_text). */
#include <math.h>
#include <string.h>

#include <hpdf_utils.h> /* HPDF_FToA: libharu's own number format */

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"

struct pen {
	const struct draw_ctx *c;
	struct page_draw *pd;
	struct buf *b;    /* pd->raw */
	int in_text;
	int font;
	double size;
	struct rgb fill, stroke;
	double line_w;
	int fill_set, stroke_set;
	long long tx, ty; /* start of the current text line, 1/100 pt (Td is relative) */
	/* the strings shown since the last Td: 0 none open, 1 one "(...)"
	 * still to be ended by " Tj", more an array "[(...)n(...)" ended by
	 * "]TJ" (show_text says why) */
	int tj;
	size_t tj_at;     /* where the first string's "(" is in b */
	double pen_x;     /* where a viewer's pen stands after them, in pt */
	int pen_known;    /* and whether it does: every code has its width */
	int lesson;       /* lesson of the item being drawn */
	/* the page's resources: the number of each font's and image's name,
	 * 0 not named yet; fonts made (device_font) from this page */
	unsigned char font_made[FONTSET_MAX];
	int font_name[FONTSET_MAX];
	int n_font_names;
	int *image_name;  /* image ids, the k-th named X(k+1) */
	int n_image_names;
	size_t cap_image_names;
	struct marker mk; /* tagged: the marked content open (device_mark.c) */
};

void draw_ev_add(struct page_draw *pd, const struct draw_ev *ev)
{
	pd->ev = xgrow(pd->ev, &pd->cap_ev, pd->n_ev + 1, sizeof *pd->ev);
	pd->ev[pd->n_ev++] = *ev;
}

/* v / 10^places (places 0 to 4) for a content stream, with no trailing
 * zeros, written at d (at most 22 bytes); returns its end. Digits by hand, since snprintf
 * with %f cost more than libharu's own call. */
static char *fmt_fixed(char *d, long long v, int places)
{
	static const unsigned long long scale[] = {1, 10, 100, 1000, 10000};
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	if (v < 0)
		*d++ = '-';
	unsigned long long fp = u % scale[places];
	d = fmt_uint(d, u / scale[places]);
	if (fp) {
		*d++ = '.';
		for (int i = places - 1; i >= 0; i--) {
			d[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		int k = places;
		while (d[k - 1] == '0')
			k--;
		d += k;
	}
	return d;
}

static void put_fixed(struct buf *b, long long v, int places)
{
	char *d = buf_space(b, 24);
	buf_commit(b, (size_t)(fmt_fixed(d, v, places) - d));
}

/* n numbers as libharu writes them (HPDF_FToA: at most 5 decimals, no
 * trailing zeros, clamped to +-32767), separated by spaces, then the
 * operator op. */
static void put_reals(struct buf *b, const HPDF_REAL *v, int n, const char *op)
{
	char t[32];
	for (int i = 0; i < n; i++) {
		char *e = HPDF_FToA(t, v[i], t + sizeof t - 1);
		buf_put(b, t, (size_t)(e - t));
		buf_putc(b, ' ');
	}
	buf_puts(b, op);
	buf_putc(b, '\012');
}

/* llround(x) for |x| < 2^63, inline: a page draws a few hundred
 * thousand coordinates and libm's call was a tenth of the drawing. x
 * minus its truncation is exact, so the halves go where llround's go. */
static inline long long round_away(double x)
{
	long long t = (long long)x;
	double f = x - (double)t;
	if (f >= 0.5)
		t++;
	else if (f <= -0.5)
		t--;
	return t;
}

/* A character's width as the font's W array gives it (pdffont.c): its
 * glyph's advance, 0 when the font has no glyph for it. */
static inline unsigned code_width(const struct font *f, uint32_t cp)
{
	unsigned g = f->glyph[cp];
	return g ? f->advance[g] : 0;
}

/* End the strings shown since the last Td: " Tj" after one, "]TJ"
 * after an array of them. */
static void close_tj(struct pen *p)
{
	if (p->tj == 1)
		buf_put(p->b, " Tj\012", 4);
	else if (p->tj > 1)
		buf_put(p->b, "]TJ\012", 4);
	p->tj = 0;
}

/* s as 2-byte codes in a literal string's body, written at d; returns
 * its end. *width: the codes' widths added up as the font's W array
 * gives them, in 1/1000 of the font size; -1 if a code has none there
 * (a character past the font's table or the BMP). */
static char *put_codes(char *d, const char *s, size_t n, const struct font *f,
		       const uint16_t *codes, long *width)
{
	long w = 0;
	int known = 1;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		uint32_t cp = (unsigned char)s[i];
		if (cp >= 0x80 || codes)
			cp = utf8_next(s + i, n - i, &len);
		if (cp < f->n_cp)
			w += code_width(f, cp);
		else
			known = 0;
		if (codes) { /* a system font: glyph codes (pdffont.c) */
			cp = cp < f->n_cp ? codes[f->glyph[cp]] : 0;
			known &= cp != 0;
		} else if (cp > 0xFFFF) {
			cp = 0;
			known = 0;
		}
		unsigned char by[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
		for (int k = 0; k < 2; k++) {
			/* a literal string holds any byte but these four; a raw CR
			 * would be read as a line end */
			if (by[k] == '(' || by[k] == ')' || by[k] == '\\') {
				*d++ = '\\';
				*d++ = (char)by[k];
			} else if (by[k] == '\r') {
				*d++ = '\\';
				*d++ = 'r';
			} else {
				*d++ = (char)by[k];
			}
		}
		i += len;
	}
	*width = known ? w : -1;
	return d;
}

/* Show UTF-8 text at (x, y) in the current font as a literal string of
 * 2-byte codes (the BMP code points, which the fonts' CIDToGIDMap and
 * ToUnicode map expect). HPDF_Page_TextOut does the same with a
 * byte-wise clear of a 512-byte buffer per number and a glyph search
 * plus width sum per character; it was a tenth of the time of the sample
 * course. The font's subset holds these glyphs because device_pages.c
 * marks every character each font shows before any font is made.
 *
 * The first string of a line is placed with "Td". The next ones on the
 * same baseline, in the same font and colour, join it in one TJ array,
 * each after the number that moves a viewer's pen from the end of the
 * string before (its codes' widths, as the font's W array gives them) to
 * where the layout put this one: "[(One)-243.5(of)-243.2(Rust's)]TJ"
 * instead of a "Td (...) Tj" per word. The Rust course's page content
 * went from 316 KB to 260 KB before compression, its PDF 3.6 % smaller
 * (the 1,000-lesson book's 4.2 %), and the instructions to draw and
 * compress its pages 2 % fewer (callgrind). The pen's place is followed
 * exactly, so a word stands within 0.00005 of the font size of where the
 * layout put it (the number's tenths), whatever came before it on the
 * line: closer than the hundredths of a point each Td was rounded to. */
static void show_text(struct pen *p, double x, double y, const char *s, size_t n,
		      const struct font *f, const uint16_t *codes)
{
	struct buf *b = p->b;
	/* whole hundredths, so relative moves never add up rounding errors */
	long long X = round_away(x * 100), Y = round_away(y * 100);
	int join = p->tj && p->pen_known && Y == p->ty && p->size > 0;
	if (!join) {
		close_tj(p);
	} else if (p->tj == 1) { /* the line's first string opens the array */
		buf_space(b, 1);
		memmove(b->ptr + p->tj_at + 1, b->ptr + p->tj_at, b->len - p->tj_at);
		b->ptr[p->tj_at] = '[';
		buf_commit(b, 1);
	}
	/* written straight into the buffer, with room made once: each byte of
	 * s gives at most two code bytes, each escaped at most */
	char *d0 = buf_space(b, 64 + 4 * n), *d = d0;
	if (join) {
		long long adj = round_away((p->pen_x - x) * 10000 / p->size);
		if (adj)
			d = fmt_fixed(d, adj, 1);
		p->pen_x -= (double)adj * p->size / 10000;
		p->tj++;
	} else {
		d = fmt_fixed(d, X - p->tx, 2);
		*d++ = ' ';
		d = fmt_fixed(d, Y - p->ty, 2);
		memcpy(d, " Td ", 4);
		d += 4;
		p->tj_at = b->len + (size_t)(d - d0);
		p->tj = 1;
		p->tx = X;
		p->ty = Y;
		p->pen_x = (double)X / 100;
	}
	*d++ = '(';
	long width;
	d = put_codes(d, s, n, f, codes, &width);
	*d++ = ')';
	buf_commit(b, (size_t)(d - d0));
	p->pen_x += (double)width * p->size / 1000;
	p->pen_known = width >= 0;
}

static void end_text(struct pen *p)
{
	close_tj(p);
	if (p->in_text) {
		buf_put(p->b, "ET\012", 3);
		p->in_text = 0;
	}
}

/* "/Fn size Tf", the font named as HPDF_Page_GetLocalFontName names it:
 * F and its place among the page's fonts, in the order of first use. */
static void set_font(struct pen *p, int id, double size_pt)
{
	if (!p->font_name[id]) {
		p->font_name[id] = ++p->n_font_names;
		draw_ev_add(p->pd,
			    &(struct draw_ev){.kind = EV_FONT_NAME, .a = id, .b = p->n_font_names});
	}
	struct buf *b = p->b;
	close_tj(p);
	buf_put(b, "/F", 2);
	put_fixed(b, p->font_name[id], 0);
	buf_putc(b, ' ');
	put_fixed(b, round_away(size_pt * 10000), 4);
	buf_puts(b, " Tf\012");
}

static void set_fill(struct pen *p, struct rgb c)
{
	if (!p->fill_set || !rgb_same(&p->fill, &c)) {
		close_tj(p);
		char *d0 = buf_space(p->b, 80), *d = d0;
		d = fmt_fixed(d, round_away(c.r * 10000), 4);
		*d++ = ' ';
		d = fmt_fixed(d, round_away(c.g * 10000), 4);
		*d++ = ' ';
		d = fmt_fixed(d, round_away(c.b * 10000), 4);
		memcpy(d, " rg\012", 4);
		buf_commit(p->b, (size_t)(d + 4 - d0));
		p->fill = c;
		p->fill_set = 1;
	}
}

/* A filled rectangle, as HPDF_Page_Rectangle and HPDF_Page_Fill. */
static void fill_rect(struct pen *p, HPDF_REAL x, HPDF_REAL y, HPDF_REAL w, HPDF_REAL h)
{
	HPDF_REAL v[4] = {x, y, w, h};
	put_reals(p->b, v, 4, "re");
	buf_put(p->b, "f\012", 2);
}

/* Tagged: put what is drawn next (a rule or box when artifact) into its
 * marked-content sequence, opening one if it is not the one open. */
static void mark(struct pen *p, int artifact)
{
	if (!p->c->dv->tagged)
		return;
	int want = mark_want(&p->mk, artifact);
	if (want != p->mk.open) {
		end_text(p);
		mark_open(p->pd, p->c->L, &p->mk, want);
	}
}

static void draw_text(struct pen *p, const struct op *o, double ox, double oy)
{
	const struct device *dv = p->c->dv;
	const struct layout *L = p->c->L;
	if (o->font < 0 || o->font >= dv->fs->n)
		return;
	/* the font is made where the book first draws with it (device_font);
	 * one that cannot be embedded fails the book at device_save */
	if (!p->font_made[o->font]) {
		p->font_made[o->font] = 1;
		draw_ev_add(p->pd, &(struct draw_ev){.kind = EV_FONT_MAKE, .a = o->font});
	}
	if (!o->len)
		return;
	if (dv->tagged) {
		mark(p, 0);
		if (mark_is_link_text(&p->mk, L))
			draw_ev_add(p->pd, &(struct draw_ev){.kind = EV_LINK_TEXT, .a = p->mk.cur,
							     .p = layout_op_text(L, o), .n = o->len});
	}
	if (!p->in_text) {
		buf_put(p->b, "BT\012", 3);
		p->in_text = 1;
		p->tx = p->ty = 0;
		p->font = -1;
	}
	if (p->font != o->font || p->size != o->size) {
		set_font(p, o->font, o->size);
		p->font = o->font;
		p->size = o->size;
	}
	set_fill(p, layout_op_colour(L, o));
	show_text(p, ox + o->x, L->page_h - (oy + o->y), layout_op_text(L, o), o->len,
		  &dv->fs->f[o->font], p->c->codes[o->font]);
}

/* A libharu call's range check failing: it would write nothing and fail
 * the document (the first error is the one reported). */
static void range_error(struct pen *p)
{
	if (!p->pd->error)
		p->pd->error = HPDF_PAGE_OUT_OF_RANGE;
}

static void draw_line(struct pen *p, const struct op *o, double ox, double oy)
{
	double H = p->c->L->page_h;
	struct rgb c = layout_op_colour(p->c->L, o);
	mark(p, 1);
	end_text(p);
	if (!p->stroke_set || !rgb_same(&p->stroke, &c)) {
		/* HPDF_Page_SetRGBStroke */
		HPDF_REAL v[3] = {(HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b};
		if (v[0] < 0 || v[0] > 1 || v[1] < 0 || v[1] > 1 || v[2] < 0 || v[2] > 1)
			range_error(p);
		else
			put_reals(p->b, v, 3, "RG");
		p->stroke = c;
		p->stroke_set = 1;
	}
	if (p->line_w != o->size) {
		/* HPDF_Page_SetLineWidth */
		HPDF_REAL w = (HPDF_REAL)o->size;
		if (w < 0)
			range_error(p);
		else
			put_reals(p->b, &w, 1, "w");
		p->line_w = o->size;
	}
	HPDF_REAL from[2] = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y))};
	HPDF_REAL to[2] = {(HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y + o->h))};
	put_reals(p->b, from, 2, "m");
	put_reals(p->b, to, 2, "l");
	buf_put(p->b, "S\012", 2);
}

/* An image as HPDF_Page_DrawImage draws it: "q", the matrix, the
 * XObject by its name in the page's resources (X1, X2... in the order of
 * first use), "Q". */
static void draw_image(struct pen *p, const struct op *o, double ox, double oy)
{
	const struct device *dv = p->c->dv;
	if (o->target < 0 || (size_t)o->target >= dv->n_images)
		return;
	int k = 0;
	while (k < p->n_image_names && p->image_name[k] != o->target)
		k++;
	if (k == p->n_image_names) {
		p->image_name = xgrow(p->image_name, &p->cap_image_names, (size_t)k + 1,
				      sizeof *p->image_name);
		p->image_name[p->n_image_names++] = o->target;
		draw_ev_add(p->pd, &(struct draw_ev){.kind = EV_XOBJECT, .a = o->target, .b = k + 1});
	}
	double H = p->c->L->page_h;
	HPDF_REAL m[6] = {(HPDF_REAL)o->w, 0, 0, (HPDF_REAL)o->h, (HPDF_REAL)(ox + o->x),
			  (HPDF_REAL)(H - (oy + o->y + o->h))};
	buf_put(p->b, "q\012", 2);
	put_reals(p->b, m, 6, "cm");
	buf_put(p->b, "/X", 2);
	put_fixed(p->b, k + 1, 0);
	buf_puts(p->b, " Do\012Q\012");
}

static void draw_op(struct pen *p, const struct op *o, double ox, double oy)
{
	double H = p->c->L->page_h;
	switch (o->kind) {
	case OP_TEXT:
		draw_text(p, o, ox, oy);
		break;
	case OP_RECT:
		mark(p, 1);
		end_text(p);
		set_fill(p, layout_op_colour(p->c->L, o));
		fill_rect(p, (HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
			  (HPDF_REAL)o->w, (HPDF_REAL)o->h);
		break;
	case OP_LINE:
		draw_line(p, o, ox, oy);
		break;
	case OP_IMAGE:
		mark(p, 0);
		end_text(p);
		draw_image(p, o, ox, oy);
		break;
	case OP_LINK: /* the annotation is made where the events are replayed */
		draw_ev_add(p->pd, &(struct draw_ev){.kind = EV_LINK, .a = p->mk.force,
						     .b = p->mk.cur, .c = p->mk.cur_artifact,
						     .lesson = p->lesson, .p = o, .ox = ox, .oy = oy});
		break;
	case OP_DEST:
		break;
	case OP_TAG_BEGIN:
	case OP_TAG_END:
		if (p->c->dv->tagged)
			mark_tag_op(&p->mk, p->c->L, o);
		break;
	}
}

static void draw_item(struct pen *p, const struct item *it, double ox, double oy)
{
	const struct layout *L = p->c->L;
	p->lesson = it->lesson;
	if (p->c->dv->tagged)
		mark_item(&p->mk, L, it);
	for (size_t k = it->op_first; k < it->op_first + it->op_count; k++)
		draw_op(p, &L->ops[k], ox, oy);
}

/* Box backgrounds: each item paints its slice, reaching up over the gap
 * to the previous item when that item belongs to the same box. */
static void draw_decos(struct pen *p, const struct page *page, size_t k)
{
	const struct layout *L = p->c->L;
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
		mark(p, 1);
		end_text(p);
		set_fill(p, dc->bg);
		fill_rect(p, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom), (HPDF_REAL)dc->w,
			  (HPDF_REAL)(bottom - top));
		if (dc->bar) {
			set_fill(p, dc->bar_colour);
			fill_rect(p, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom), 2.5f,
				  (HPDF_REAL)(bottom - top));
		}
	}
}

/* A page's items at their places, then its furniture. Tagged, the
 * furniture and a table header repeated on a later page are pagination
 * artifacts: read once, where they first stand. */
void draw_page(const struct draw_ctx *c, size_t page_index, size_t key, struct page_draw *out)
{
	const struct layout *L = c->L;
	const struct page *page = &L->pages[page_index];
	struct pen p;
	memset(&p, 0, sizeof p);
	p.c = c;
	p.pd = out;
	p.b = &out->raw;
	p.line_w = 1;
	mark_page(&p.mk, (int)page_index, key);
	for (size_t k = page->first; k < page->first + page->count; k++) {
		const struct place *pl = &L->places[k];
		if (c->again)
			p.mk.force = c->again[k] ? MARK_PAGINATION : 0;
		draw_decos(&p, page, k);
		draw_item(&p, &L->items[pl->item], L->body_x + page->dx, L->body_y + pl->y);
	}
	p.mk.force = MARK_PAGINATION;
	if (page->furniture >= 0)
		draw_item(&p, &L->items[page->furniture], L->body_x + page->dx, L->body_y);
	end_text(&p);
	mark_close(out, &p.mk);
	free(p.image_name);
}
