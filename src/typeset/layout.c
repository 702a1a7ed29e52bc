/* layout.c — the engine behind layout.h: display-list storage, paragraph
 * building and line drawing, the vertical list and page breaking.
 *
 * Page breaking is first fit with look-back: items fill a page until one
 * does not fit; the break then moves back over every item that must stay
 * with its successor (headings, first and last lines of paragraphs, short
 * code blocks, a table header), unless that would empty the page. A table
 * row that starts a page gets a copy of its table's header row above it.
 *
 * Footnotes: an item carries the notes its text refers to (draw_line
 * records them), and a note's own items stay out of the flow. A page that
 * takes an item reserves room at its foot for the item's notes not yet
 * placed, so the item fits only if it and its notes do; otherwise it goes
 * to the next page like any item that does not fit. When the page is done
 * its notes are placed bottom-up under a rule, as places of that page. The
 * client keeps notes no taller than half the text area (longer ones stay
 * in the flow), so a note always fits a fresh page; only an item whose
 * notes could not all fit under it even on an empty page (or one that
 * fills a page alone) leaves notes without room: it stays where it is, and
 * they go first on the next page (one holding only notes if a new lesson
 * starts there). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "font/fontset.h"
#include "typeset/hyph.h"
#include "typeset/layout.h"
#include "base/util.h"

void layout_init(struct layout *L, const struct metrics *m, double page_w, double page_h,
		 double margin_top, double margin_right, double margin_bottom,
		 double margin_left)
{
	memset(L, 0, sizeof *L);
	L->m = *m;
	L->page_w = page_w;
	L->page_h = page_h;
	L->body_x = margin_left;
	L->body_y = margin_top;
	L->body_w = page_w - margin_left - margin_right;
	L->body_h = page_h - margin_top - margin_bottom;
	L->tolerance = 2;
	L->note_rule = -1;
	L->note_gap = 3;
	buf_init(&L->strings);
}

void layout_free(struct layout *L)
{
	for (size_t i = 0; i < L->n_links; i++)
		free(L->links[i].uri);
	for (size_t i = 0; i < L->n_dests; i++)
		free(L->dests[i].name);
	free(L->ops);
	free(L->items);
	free(L->places);
	free(L->pages);
	free(L->links);
	free(L->dests);
	free(L->dest_hash);
	free(L->decos);
	free(L->notes);
	free(L->refs);
	buf_free(&L->strings);
}

static struct op *new_op(struct layout *L, enum op_kind k)
{
	L->ops = xgrow(L->ops, &L->cap_ops, L->n_ops + 1, sizeof *L->ops);
	struct op *o = &L->ops[L->n_ops++];
	memset(o, 0, sizeof *o);
	o->kind = k;
	return o;
}

size_t layout_copy_op(struct layout *L, struct op o, double dy)
{
	struct op *n = new_op(L, o.kind);
	*n = o;
	n->y += dy;
	return L->n_ops - 1;
}

size_t layout_text_op(struct layout *L, double x, double y, int font, double size,
		      struct rgb colour, const char *s, size_t n)
{
	struct op *o = new_op(L, OP_TEXT);
	o->x = x;
	o->y = y;
	o->font = font;
	o->size = size;
	o->colour = colour;
	o->text = L->strings.len;
	o->len = n;
	buf_put(&L->strings, s, n);
	buf_putc(&L->strings, '\0');
	return L->n_ops - 1;
}

size_t layout_rect_op(struct layout *L, double x, double y, double w, double h,
		      struct rgb colour)
{
	struct op *o = new_op(L, OP_RECT);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->colour = colour;
	return L->n_ops - 1;
}

size_t layout_line_op(struct layout *L, double x1, double y1, double x2, double y2,
		      double width, struct rgb colour)
{
	struct op *o = new_op(L, OP_LINE);
	o->x = x1;
	o->y = y1;
	o->w = x2 - x1;
	o->h = y2 - y1;
	o->size = width;
	o->colour = colour;
	return L->n_ops - 1;
}

size_t layout_image_op(struct layout *L, double x, double y, double w, double h, int image)
{
	struct op *o = new_op(L, OP_IMAGE);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->target = image;
	return L->n_ops - 1;
}

size_t layout_link_op(struct layout *L, double x, double y, double w, double h, int link)
{
	struct op *o = new_op(L, OP_LINK);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->target = link;
	return L->n_ops - 1;
}

size_t layout_dest_op(struct layout *L, double x, double y, int dest)
{
	struct op *o = new_op(L, OP_DEST);
	o->x = x;
	o->y = y;
	o->target = dest;
	return L->n_ops - 1;
}

const char *layout_op_text(const struct layout *L, const struct op *o)
{
	return L->strings.ptr ? L->strings.ptr + o->text : "";
}

/* FNV-1a: destinations are looked up by name for every internal link. */
static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void dest_rehash(struct layout *L)
{
	size_t cap = L->dest_hash_cap ? L->dest_hash_cap * 2 : 256;
	free(L->dest_hash);
	L->dest_hash = xcalloc(cap, sizeof *L->dest_hash);
	L->dest_hash_cap = cap;
	for (size_t i = 0; i < L->n_dests; i++) {
		size_t h = name_hash(L->dests[i].name) & (cap - 1);
		while (L->dest_hash[h])
			h = (h + 1) & (cap - 1);
		L->dest_hash[h] = i + 1;
	}
}

int layout_dest(struct layout *L, const char *name)
{
	if (L->dest_hash_cap) {
		size_t h = name_hash(name) & (L->dest_hash_cap - 1);
		while (L->dest_hash[h]) {
			if (!strcmp(L->dests[L->dest_hash[h] - 1].name, name))
				return (int)(L->dest_hash[h] - 1);
			h = (h + 1) & (L->dest_hash_cap - 1);
		}
	}
	L->dests = xgrow(L->dests, &L->cap_dests, L->n_dests + 1, sizeof *L->dests);
	L->dests[L->n_dests] = (struct dest){xstrdup(name), -1, 0};
	L->n_dests++;
	if (L->n_dests * 2 > L->dest_hash_cap)
		dest_rehash(L);
	else {
		size_t h = name_hash(name) & (L->dest_hash_cap - 1);
		while (L->dest_hash[h])
			h = (h + 1) & (L->dest_hash_cap - 1);
		L->dest_hash[h] = L->n_dests;
	}
	return (int)L->n_dests - 1;
}

int layout_link_dest(struct layout *L, int dest)
{
	L->links = xgrow(L->links, &L->cap_links, L->n_links + 1, sizeof *L->links);
	L->links[L->n_links] = (struct link){dest, NULL};
	return (int)L->n_links++;
}

int layout_link_uri(struct layout *L, const char *uri)
{
	L->links = xgrow(L->links, &L->cap_links, L->n_links + 1, sizeof *L->links);
	L->links[L->n_links] = (struct link){-1, xstrdup(uri)};
	return (int)L->n_links++;
}

/* ------------------------------------------------------------------ */

static int same_deco(const struct deco *a, const struct deco *b)
{
	return a->id == b->id && a->x == b->x && a->w == b->w && !memcmp(&a->bg, &b->bg, sizeof a->bg) &&
	       a->bar == b->bar && !memcmp(&a->bar_colour, &b->bar_colour, sizeof a->bar_colour) &&
	       a->border == b->border;
}

void layout_item_decos(struct layout *L, struct item *it, int n, const struct deco *d)
{
	if (n > ITEM_DECOS)
		n = ITEM_DECOS;
	it->n_decos = n > 0 ? n : 0;
	it->deco_first = 0;
	if (n <= 0)
		return;
	/* the lines of one code block or callout share one copy */
	if (L->n_decos >= (size_t)n) {
		const struct deco *last = L->decos + L->n_decos - n;
		int same = 1;
		for (int i = 0; i < n && same; i++)
			same = same_deco(&last[i], &d[i]);
		if (same) {
			it->deco_first = L->n_decos - (size_t)n;
			return;
		}
	}
	L->decos = xgrow(L->decos, &L->cap_decos, L->n_decos + (size_t)n, sizeof *L->decos);
	memcpy(L->decos + L->n_decos, d, (size_t)n * sizeof *d);
	it->deco_first = L->n_decos;
	L->n_decos += (size_t)n;
}

void layout_begin_item(struct layout *L)
{
	L->item_ops_start = L->n_ops;
	L->item_refs_start = L->n_refs;
}

struct item *layout_end_item(struct layout *L, double height, double space_before)
{
	L->items = xgrow(L->items, &L->cap_items, L->n_items + 1, sizeof *L->items);
	struct item *it = &L->items[L->n_items++];
	memset(it, 0, sizeof *it);
	it->op_first = L->item_ops_start;
	it->op_count = L->n_ops - L->item_ops_start;
	it->height = height;
	it->space_before = space_before;
	it->lesson = -1;
	it->table_header = -1;
	it->ref_first = L->item_refs_start;
	it->n_refs = (uint32_t)(L->n_refs - L->item_refs_start);
	for (size_t k = L->item_refs_start; k < L->n_refs; k++)
		if (L->notes[L->refs[k]].ref_item < 0)
			L->notes[L->refs[k]].ref_item = (long)(L->n_items - 1);
	L->item_refs_start = L->n_refs;
	if (L->keep_lines > 0) {
		L->keep_lines--;
		if (L->keep_lines > 0)
			it->keep_next = 1;
	}
	L->item_ops_start = L->n_ops;
	return it;
}

void layout_keep_next_items(struct layout *L, int n)
{
	L->keep_lines = n;
}

/* ------------------------------------------------------------------ */

int layout_note_new(struct layout *L)
{
	L->notes = xgrow(L->notes, &L->cap_notes, L->n_notes + 1, sizeof *L->notes);
	L->notes[L->n_notes] = (struct note){0, 0, -1, -1};
	return (int)L->n_notes++;
}

void layout_note_items(struct layout *L, int id, size_t first, size_t count)
{
	L->notes[id].first = first;
	L->notes[id].count = count;
	for (size_t k = first; k < first + count; k++)
		L->items[k].note = 1;
}

void layout_note_ref(struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_notes)
		return;
	L->refs = xgrow(L->refs, &L->cap_refs, L->n_refs + 1, sizeof *L->refs);
	L->refs[L->n_refs++] = id;
}

double layout_note_height(const struct layout *L, int id)
{
	const struct note *n = &L->notes[id];
	double h = 0;
	for (size_t k = n->first; k < n->first + n->count; k++)
		h += L->items[k].height + (k > n->first ? L->items[k].space_before : 0);
	return h;
}

/* ------------------------------------------------------------------ */

void para_init(struct para *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->text);
}

void para_free(struct para *p)
{
	free(p->v);
	free(p->styles);
	buf_free(&p->text);
	memset(p, 0, sizeof *p);
}

void para_clear(struct para *p)
{
	p->n = 0;
	p->n_styles = 0;
	buf_clear(&p->text);
}

int para_empty(const struct para *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lb.type == LB_BOX)
			return 0;
	return 1;
}

static int style_index(struct para *p, const struct run_style *st)
{
	if (p->n_styles && !memcmp(&p->styles[p->n_styles - 1], st, sizeof *st))
		return (int)p->n_styles - 1;
	p->styles = xgrow(p->styles, &p->cap_styles, p->n_styles + 1, sizeof *p->styles);
	p->styles[p->n_styles] = *st;
	return (int)p->n_styles++;
}

static struct para_item *push(struct para *p, enum lb_type t)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	struct para_item *x = &p->v[p->n++];
	memset(x, 0, sizeof *x);
	x->lb.type = t;
	return x;
}

static void push_box(struct para *p, const struct layout *L, int si, const char *s, size_t n)
{
	if (!n)
		return;
	const struct run_style *st = &p->styles[si];
	struct para_item *x = push(p, LB_BOX);
	x->text = p->text.len;
	x->len = n;
	x->style = si;
	buf_put(&p->text, s, n);
	x->lb.width = L->m.width(L->m.ctx, st->font, s, n, st->size);
}

static void push_penalty(struct para *p, double width, int penalty, int flagged, int si)
{
	struct para_item *x = push(p, LB_PENALTY);
	x->lb.width = width;
	x->lb.penalty = penalty;
	x->lb.flagged = flagged;
	x->style = si;
}

static int is_url_break(char c)
{
	return c == '/' || c == '.' || c == '_' || c == '?' || c == '&' || c == '=' ||
	       c == ':' || c == ',' || c == ';' || c == ')' || c == ']' || c == '>' || c == '#';
}

/* Whether the ASCII byte c is a letter. */
static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Add one word (no spaces) as boxes with break points between them. */
static void add_word(struct para *p, const struct layout *L, int si, const char *w, size_t n)
{
	const struct run_style *st = &p->styles[si];
	char *ok = NULL;
	/* bytes of letters: ASCII and the Latin, Greek and Cyrillic letters
	 * the hyphenator knows ("Größe", "été") */
	size_t letters = 0;
	for (size_t i = 0; i < n;) {
		size_t cl = 1;
		uint32_t cp = utf8_next(w + i, n - i, &cl);
		if (hyph_is_letter(cp))
			letters += cl;
		i += cl;
	}
	/* hyphenate the letters of a word, leaving punctuation around it
	 * ("(hyphenation)," → "hyphenation") */
	size_t a = 0, b = n;
	while (a < n && !is_letter(w[a]) && !((unsigned char)w[a] & 0x80))
		a++;
	while (b > a && !is_letter(w[b - 1]) && !((unsigned char)w[b - 1] & 0x80))
		b--;
	if (p->hyphenate && L->m.hyphenate && !st->code_bg && b - a >= 5 && b - a < 64 &&
	    letters == b - a) {
		ok = xcalloc(n + 1, 1);
		L->m.hyphenate(L->m.ctx, w + a, b - a, ok + a);
	}
	/* long tokens (URLs, identifiers) may break anywhere, at a high cost */
	int anywhere = n > 18 && letters * 10 < n * 9;
	/* any word too wide for its column, however ordinary, must break */
	if (!anywhere && p->max_width > 0 && n > 1 &&
	    L->m.width(L->m.ctx, st->font, w, n, st->size) > p->max_width)
		anywhere = 1;
	int long_word = n > 24;
	double hy_w = L->m.width(L->m.ctx, st->font, "-", 1, st->size);
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		size_t cl = 1;
		utf8_next(w + i, n - i, &cl);
		size_t next = i + cl;
		if (next >= n)
			break;
		int pen = 0, flagged = 0;
		double pw = 0;
		if (ok && ok[i] && i >= 1 && n - next >= 2) {
			pen = 50;
			flagged = 1;
			pw = hy_w;
		} else if (w[i] == '-' && i > 0 && n - next >= 2 && !anywhere && !st->code_bg) {
			/* (a hyphen in code is part of a name, not a place to break) */
			pen = 50;
			flagged = 1;
		} else if ((anywhere || long_word) && is_url_break(w[i]) && i > 0) {
			pen = 200;
		} else if (anywhere || long_word) {
			pen = 2000;
		}
		if (pen) {
			push_box(p, L, si, w + start, next - start);
			push_penalty(p, pw, pen, flagged, si);
			start = next;
		}
		i = next;
	}
	push_box(p, L, si, w + start, n - start);
	free(ok);
}

void para_add(struct para *p, const struct layout *L, const struct run_style *st,
	      const char *s, size_t n)
{
	int si = style_index(p, st);
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
			while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
				i++;
			if (st->nobreak) {
				push_box(p, L, si, " ", 1);
				continue;
			}
			/* collapse with a space already there */
			if (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
				continue;
			if (!p->n)
				continue;
			double sw = L->m.width(L->m.ctx, st->font, " ", 1, st->size);
			struct para_item *g = push(p, LB_GLUE);
			g->lb.width = sw;
			g->lb.stretch = sw * 0.6;
			g->lb.shrink = sw * 0.3;
			g->style = si;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t')
			j++;
		if (st->nobreak)
			push_box(p, L, si, s + i, j - i);
		else
			add_word(p, L, si, s + i, j - i);
		i = j;
	}
}

void para_hard_break(struct para *p)
{
	/* drop a trailing space, then fill the line and force a break */
	while (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
		p->n--;
	struct para_item *g = push(p, LB_GLUE);
	g->lb.stretch = LB_FIL;
	push_penalty(p, 0, LB_FORCE, 0, 0);
}

/* ------------------------------------------------------------------ */

struct line_geom {
	size_t start, end;
	double ratio;
	int last;
};

/* Natural width of a line and the font size that sets its baseline. */
static double line_natural(const struct para *p, const struct line_geom *g, double *size)
{
	double w = 0;
	*size = 0;
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *x = &p->v[i];
		if (x->lb.type == LB_BOX) {
			w += x->lb.width;
			if (p->styles[x->style].size > *size && p->styles[x->style].rise == 0)
				*size = p->styles[x->style].size;
		} else if (x->lb.type == LB_GLUE && x->lb.stretch < LB_FIL) {
			w += x->lb.width;
		}
	}
	const struct para_item *e = &p->v[g->end];
	if (e->lb.type == LB_PENALTY && e->lb.flagged)
		w += e->lb.width;
	if (*size == 0 && g->start < g->end)
		*size = p->styles[p->v[g->start].style].size;
	return w;
}

/* Draw one line as ops with its top at (x, top). */
static void draw_line(struct layout *L, const struct para *p, const struct line_geom *g,
		      double x, double top, double width, double line_h, enum para_align align,
		      double *baseline_out)
{
	double size;
	double nat = line_natural(p, g, &size);
	if (size == 0)
		size = 10;
	double base = top + line_h / 2 + 0.33 * size;
	if (baseline_out)
		*baseline_out = base;
	double r = 0;
	/* a last line is not stretched, but it may have been broken on the
	 * assumption that its spaces shrink */
	if (align == ALIGN_JUSTIFY && (!g->last || g->ratio < 0))
		r = g->ratio;
	if (r > 3)
		r = 3; /* a line that could not be filled: do not spread it absurdly */
	double cx = x;
	if (align == ALIGN_CENTER && nat < width)
		cx += (width - nat) / 2;
	else if (align == ALIGN_RIGHT && nat < width)
		cx += width - nat;
	/* positions first, so backgrounds can be drawn under the text */
	size_t n = g->end - g->start;
	double *pos = xmalloc((n + 1) * sizeof *pos);
	double px = cx;
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		pos[i - g->start] = px;
		if (it->lb.type == LB_BOX)
			px += it->lb.width;
		else if (it->lb.type == LB_GLUE && it->lb.stretch < LB_FIL)
			px += it->lb.width + (r > 0 ? r * it->lb.stretch : r * it->lb.shrink);
	}
	pos[n] = px;
	/* inline code backgrounds */
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		if (it->lb.type != LB_BOX || !p->styles[it->style].code_bg)
			continue;
		/* one background for a whole code span, across its spaces */
		size_t j = i;
		for (size_t k = i + 1; k < g->end; k++) {
			const struct para_item *nx = &p->v[k];
			if (nx->lb.type == LB_BOX) {
				if (!p->styles[nx->style].code_bg)
					break;
				j = k;
			} else if (nx->lb.type != LB_GLUE || !p->styles[nx->style].code_bg) {
				break;
			}
		}
		double x0 = pos[i - g->start], x1 = pos[j - g->start] + p->v[j].lb.width;
		const struct run_style *st = &p->styles[it->style];
		layout_rect_op(L, x0 - 1.2, base - st->size * 0.78, x1 - x0 + 2.4, st->size * 1.0,
			       st->bg);
		i = j;
	}
	/* text: merge neighbouring boxes of one style into one run */
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		if (it->lb.type != LB_BOX)
			continue;
		size_t j = i;
		while (j + 1 < g->end && p->v[j + 1].lb.type == LB_BOX && p->v[j + 1].style == it->style)
			j++;
		const struct run_style *st = &p->styles[it->style];
		if (st->note && (size_t)st->note <= L->n_notes) {
			layout_note_ref(L, st->note - 1);
			if (L->notes[st->note - 1].ref_dest >= 0)
				layout_dest_op(L, pos[i - g->start], top, L->notes[st->note - 1].ref_dest);
		}
		size_t from = it->text, to = p->v[j].text + p->v[j].len;
		int hy = 0;
		if (j + 1 == g->end && p->v[g->end].lb.type == LB_PENALTY && p->v[g->end].lb.flagged &&
		    p->v[g->end].lb.width > 0)
			hy = 1;
		double x0 = pos[i - g->start];
		double x1 = pos[j - g->start] + p->v[j].lb.width;
		if (hy) {
			struct buf t = BUF_INIT;
			buf_put(&t, p->text.ptr + from, to - from);
			buf_putc(&t, '-');
			layout_text_op(L, x0, base - st->rise, st->font, st->size, st->colour,
				       buf_cstr(&t), t.len);
			buf_free(&t);
			x1 += p->v[g->end].lb.width;
		} else {
			layout_text_op(L, x0, base - st->rise, st->font, st->size, st->colour,
				       p->text.ptr + from, to - from);
		}
		if (st->strike)
			layout_line_op(L, x0, base - st->size * 0.28, x1, base - st->size * 0.28,
				       st->size * 0.06, st->colour);
		if (st->underline)
			layout_line_op(L, x0, base + st->size * 0.12, x1, base + st->size * 0.12,
				       st->size * 0.05, st->colour);
		i = j;
	}
	/* link areas: one rectangle per run of one link, spaces included */
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		if (it->lb.type != LB_BOX || p->styles[it->style].link < 0)
			continue;
		int link = p->styles[it->style].link;
		size_t j = i, k = i;
		while (k + 1 < g->end) {
			const struct para_item *nx = &p->v[k + 1];
			if (nx->lb.type == LB_BOX && p->styles[nx->style].link != link)
				break;
			k++;
			if (nx->lb.type == LB_BOX)
				j = k;
		}
		double x0 = pos[i - g->start], x1 = pos[j - g->start] + p->v[j].lb.width;
		layout_link_op(L, x0, top, x1 - x0, line_h, link);
		i = j;
	}
	free(pos);
}

static size_t break_lines(struct layout *L, struct para *p, double width, enum para_align align,
			  struct line_geom **out)
{
	/* strip trailing glue, end with fill + forced break */
	while (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
		p->n--;
	if (p->n && p->v[p->n - 1].lb.type == LB_PENALTY && p->v[p->n - 1].lb.penalty <= LB_FORCE) {
		/* a hard break at the very end adds nothing */
		p->n--;
		while (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
			p->n--;
	}
	struct para_item *g = push(p, LB_GLUE);
	g->lb.stretch = LB_FIL;
	push_penalty(p, 0, LB_FORCE, 0, 0);
	/* Ragged lines: every space becomes glue(0, S) penalty(0) glue(w, -S),
	 * Knuth's recipe, so a line's badness depends on the room left at its
	 * end, not on how many spaces it has; spaces never shrink. `map` takes
	 * an index back to the paragraph's items. */
	int ragged = align != ALIGN_JUSTIFY;
	struct lb_item *lb = xmalloc(3 * p->n * sizeof *lb);
	size_t *map = xmalloc(3 * p->n * sizeof *map);
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++) {
		struct lb_item x = p->v[i].lb;
		if (ragged && x.type == LB_GLUE && x.stretch < LB_FIL) {
			double S = 6 * x.width;
			lb[n] = (struct lb_item){LB_GLUE, 0, S, 0, 0, 0};
			map[n++] = i;
			lb[n] = (struct lb_item){LB_PENALTY, 0, 0, 0, 0, 0};
			map[n++] = i;
			lb[n] = (struct lb_item){LB_GLUE, x.width, -S, 0, 0, 0};
			map[n++] = i;
			continue;
		}
		if (ragged && x.type == LB_GLUE)
			x.shrink = 0;
		lb[n] = x;
		map[n++] = i;
	}
	struct lb_line *lines;
	size_t nl = linebreak(lb, n, width, L->tolerance, &lines);
	free(lb);
	struct line_geom *G = xcalloc(nl ? nl : 1, sizeof *G);
	for (size_t i = 0; i < nl; i++) {
		G[i].start = map[lines[i].start];
		G[i].end = map[lines[i].end];
		G[i].ratio = lines[i].ratio;
		/* a line starts at a box even when the break fell inside a space */
		while (G[i].start < G[i].end && p->v[G[i].start].lb.type != LB_BOX)
			G[i].start++;
		/* the line before a forced break is set like a last line */
		const struct para_item *e = &p->v[G[i].end];
		G[i].last = i + 1 == nl || (e->lb.type == LB_PENALTY && e->lb.penalty <= LB_FORCE);
	}
	free(lines);
	free(map);
	*out = G;
	return nl;
}

size_t layout_paragraph(struct layout *L, struct para *p, const struct para_opts *o,
			double *last_w)
{
	struct line_geom *G;
	size_t nl = break_lines(L, p, o->width, o->align, &G);
	for (size_t i = 0; i < nl; i++) {
		layout_begin_item(L);
		if (i == 0 && o->dest >= 0)
			layout_dest_op(L, o->x, 0, o->dest);
		double base;
		draw_line(L, p, &G[i], o->x, 0, o->width, o->line_height, o->align, &base);
		if (i == 0 && o->marker) {
			layout_text_op(L, o->marker_x, base, o->marker_font, o->marker_size,
				       o->marker_colour, o->marker, strlen(o->marker));
		}
		struct item *it = layout_end_item(L, o->line_height, i == 0 ? o->space_before : 0);
		it->lesson = o->lesson;
		layout_item_decos(L, it, o->n_decos, o->decos);
		if (o->widows && nl >= 2 && (i == 0 || i == nl - 2))
			it->keep_next = 1;
		if (last_w && i == nl - 1) {
			double sz;
			*last_w = line_natural(p, &G[i], &sz);
		}
	}
	free(G);
	return nl;
}

double layout_paragraph_inline(struct layout *L, struct para *p, double x, double y,
			       double width, double line_height, enum para_align align,
			       size_t *n_lines)
{
	struct line_geom *G;
	size_t nl = break_lines(L, p, width, align, &G);
	for (size_t i = 0; i < nl; i++)
		draw_line(L, p, &G[i], x, y + i * line_height, width, line_height, align, NULL);
	free(G);
	if (n_lines)
		*n_lines = nl;
	return nl * line_height;
}

/* ------------------------------------------------------------------ */

static void add_place(struct layout *L, size_t item, double y)
{
	L->places = xgrow(L->places, &L->cap_places, L->n_places + 1, sizeof *L->places);
	L->places[L->n_places++] = (struct place){item, y};
	L->pages[L->n_pages - 1].count++;
}

static void open_page(struct layout *L, const struct item *first, int front)
{
	L->pages = xgrow(L->pages, &L->cap_pages, L->n_pages + 1, sizeof *L->pages);
	struct page *pg = &L->pages[L->n_pages++];
	pg->first = L->n_places;
	pg->count = 0;
	pg->lesson = first->lesson;
	pg->chapter = first->chapter;
	pg->front = front;
	pg->furniture = -1;
}

/* Footnotes waiting for the foot of a page, in the order their references
 * were taken (document order). The first n_fit have room on the page being
 * filled; any after them go first on the next page: they come from an item
 * that was placed on an empty page with more notes than the page had room
 * for, and notes of later items queue behind them to keep their order. */
struct foot {
	int *id;
	size_t *by;        /* the item that took each */
	size_t n, cap, n_fit;
	double room;       /* pt the first n_fit take at the foot, rule included */
	double rule_h;
	double *h;         /* per note: height */
	char *taken;       /* per note: queued or placed already */
};

/* Room at the foot once note id joins the `have` notes taking `room`. */
static double foot_with(const struct layout *L, const struct foot *f, double room, size_t have,
			int id)
{
	return room + (have ? L->note_gap : f->rule_h) + f->h[id];
}

/* Reserve queued notes while they fit in `limit` pt; force: at least one
 * (a fresh page, so a queue always drains and a note, no taller than a
 * page, never overflows). */
static void foot_fit(const struct layout *L, struct foot *f, double limit, int force)
{
	while (f->n_fit < f->n) {
		double r = foot_with(L, f, f->room, f->n_fit, f->id[f->n_fit]);
		if (r > limit + 0.01 && !(force && f->n_fit == 0))
			break;
		f->room = r;
		f->n_fit++;
	}
}

/* Give back the notes taken by items from j on (the break moved back). */
static void foot_drop(const struct layout *L, struct foot *f, size_t j)
{
	while (f->n && f->by[f->n - 1] >= j)
		f->taken[f->id[--f->n]] = 0;
	if (f->n_fit > f->n)
		f->n_fit = f->n;
	f->room = 0;
	for (size_t k = 0; k < f->n_fit; k++)
		f->room = foot_with(L, f, f->room, k, f->id[k]);
}

/* Place the reserved notes on the last page, stacked up from the bottom of
 * the text area under the rule, top-down so they read in order. */
static void foot_place(struct layout *L, struct foot *f)
{
	if (!f->n_fit)
		return;
	double y = L->body_h - f->room;
	if (L->note_rule >= 0) {
		add_place(L, (size_t)L->note_rule, y);
		y += f->rule_h;
	}
	for (size_t k = 0; k < f->n_fit; k++) {
		const struct note *n = &L->notes[f->id[k]];
		if (k)
			y += L->note_gap;
		for (size_t q = n->first; q < n->first + n->count; q++) {
			if (q > n->first)
				y += L->items[q].space_before;
			add_place(L, q, y);
			y += L->items[q].height;
		}
	}
	memmove(f->id, f->id + f->n_fit, (f->n - f->n_fit) * sizeof *f->id);
	memmove(f->by, f->by + f->n_fit, (f->n - f->n_fit) * sizeof *f->by);
	f->n -= f->n_fit;
	f->n_fit = 0;
	f->room = 0;
}

/* A page holding only notes still queued, before a new lesson starts. */
static void notes_page(struct layout *L, struct foot *f, int front)
{
	struct item t;
	memset(&t, 0, sizeof t);
	t.lesson = L->n_pages ? L->pages[L->n_pages - 1].lesson : -1;
	open_page(L, &t, front);
	foot_fit(L, f, L->body_h, 1);
	foot_place(L, f);
}

void layout_paginate(struct layout *L, size_t first, int front)
{
	struct foot f;
	memset(&f, 0, sizeof f);
	f.rule_h = L->note_rule >= 0 ? L->items[L->note_rule].height : 0;
	f.taken = xcalloc(L->n_notes + 1, 1);
	f.h = xcalloc(L->n_notes + 1, sizeof *f.h);
	for (size_t k = 0; k < L->n_notes; k++)
		f.h[k] = layout_note_height(L, (int)k);
	int *fresh = NULL;          /* notes the item at hand would bring */
	size_t n_fresh = 0, cap_fresh = 0;
	size_t i = first;
	int open = 0;
	double y = 0;
	size_t page_first = first; /* first item (not header copy) on the page */
	size_t header_places = 0;   /* header copies at the top of this page */
	int carried = 0;            /* the page opened with notes run on from the last */
	while (i < L->n_items) {
		struct item *it = &L->items[i];
		if (it->note) {
			i++;
			continue;
		}
		struct page *pg = open ? &L->pages[L->n_pages - 1] : NULL;
		if (open && it->new_page && pg->count > header_places) {
			foot_place(L, &f);
			open = 0;
		}
		if (!open) {
			/* a lesson's notes stay in its pages */
			while (f.n && it->new_page)
				notes_page(L, &f, front);
			open_page(L, it, front);
			open = 1;
			y = 0;
			page_first = i;
			header_places = 0;
			pg = &L->pages[L->n_pages - 1];
			foot_fit(L, &f, L->body_h, 1);
			carried = f.n_fit > 0;
		}
		int empty = pg->count == header_places && f.n_fit == 0;
		if (pg->count == 0 && it->discard_at_top && !it->new_page) {
			i++;
			continue;
		}
		double gap = pg->count == 0 ? 0 : it->space_before;
		n_fresh = 0;
		for (size_t r = it->ref_first; r < it->ref_first + it->n_refs; r++) {
			int id = L->refs[r];
			if (!L->notes[id].count || f.taken[id])
				continue;
			size_t k = 0;
			while (k < n_fresh && fresh[k] != id)
				k++;
			if (k == n_fresh) {
				fresh = xgrow(fresh, &cap_fresh, n_fresh + 1, sizeof *fresh);
				fresh[n_fresh++] = id;
			}
		}
		double room = f.room, alone = 0;
		if (f.n == f.n_fit)
			for (size_t k = 0; k < n_fresh; k++) {
				room = foot_with(L, &f, room, f.n_fit + k, fresh[k]);
				alone = foot_with(L, &f, alone, k, fresh[k]);
			}
		/* notes that would not fit under their item on any page: moving
		 * the item on gains nothing, so it stays and they run over */
		if (it->height + alone > L->body_h + 0.01)
			room = f.room;
		if (!empty && y + gap + it->height + room > L->body_h + 0.01) {
			size_t j = i;
			/* notes' items are not in the flow: look through them */
			while (j > page_first && (L->items[j - 1].keep_next || L->items[j - 1].note))
				j--;
			if (j > page_first) {
				while (pg->count > header_places &&
				       L->places[L->n_places - 1].item >= j) {
					L->n_places--;
					pg->count--;
				}
				foot_drop(L, &f, j);
				i = j;
			} else if (carried && i > page_first) {
				/* a kept group cut short by notes run on from the
				 * page before: leave that page to the notes rather
				 * than split the group (the next page, with none,
				 * takes it whole) */
				L->n_places -= pg->count;
				pg->count = 0;
				foot_drop(L, &f, page_first);
				i = page_first;
			}
			foot_place(L, &f);
			open = 0;
			continue;
		}
		if (pg->count == 0 && it->table_header >= 0 && (size_t)it->table_header < i) {
			struct item *h = &L->items[it->table_header];
			add_place(L, (size_t)it->table_header, 0);
			y = h->height;
			header_places = 1;
			gap = 0;
		}
		add_place(L, i, y + gap);
		y += gap + it->height;
		for (size_t k = 0; k < n_fresh; k++) {
			f.id = xgrow(f.id, &f.cap, f.n + 1, sizeof *f.id);
			f.by = xrealloc(f.by, f.cap * sizeof *f.by);
			f.id[f.n] = fresh[k];
			f.by[f.n++] = i;
			f.taken[fresh[k]] = 1;
		}
		/* on an empty page the item went in whatever its notes: those
		 * without room wait for the next page */
		foot_fit(L, &f, L->body_h - y, 0);
		i++;
	}
	if (open)
		foot_place(L, &f);
	while (f.n)
		notes_page(L, &f, front);
	/* only discarded items were left for the last page */
	if (open && L->n_pages && L->pages[L->n_pages - 1].count == 0)
		L->n_pages--;
	free(fresh);
	free(f.id);
	free(f.by);
	free(f.h);
	free(f.taken);
}

void layout_resolve_dests(struct layout *L)
{
	for (size_t pi = 0; pi < L->n_pages; pi++) {
		const struct page *pg = &L->pages[pi];
		for (size_t k = pg->first; k < pg->first + pg->count; k++) {
			const struct item *it = &L->items[L->places[k].item];
			for (size_t o = it->op_first; o < it->op_first + it->op_count; o++) {
				const struct op *op = &L->ops[o];
				if (op->kind != OP_DEST)
					continue;
				struct dest *d = &L->dests[op->target];
				if (d->page >= 0)
					continue;
				d->page = (int)pi;
				d->y = L->body_y + L->places[k].y + op->y;
			}
		}
	}
}
