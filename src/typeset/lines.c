/* lines.c — a paragraph set as lines: the items are handed to the line
 * breaker (linebreak.c), ragged text with Knuth's recipe for ragged
 * glue, and each line is then drawn as ops: inline code backgrounds under
 * the text, one text op per run of one style, strike and underline rules,
 * link areas and footnote references. layout_paragraph makes one item per
 * line; layout_paragraph_inline draws all lines into the current item. */
#include <stdlib.h>
#include <string.h>

#include "typeset/layout.h"
#include "typeset/para.h"
#include "base/util.h"

/* A line as the breaker chose it, in indexes of the paragraph's items. */
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

/* One line being drawn: what the drawing steps share. */
struct line_draw {
	struct layout *L;
	const struct para *p;
	const struct line_geom *g;
	double *pos;   /* x of each item from g->start on, and of the line's end */
	double top;    /* y of the line's top */
	double base;   /* y of its baseline */
	double line_h;
};

/* The ratio the line's glue is set at. */
static double set_ratio(const struct line_geom *g, enum para_align align)
{
	double r = 0;
	/* a last line is not stretched, but it may have been broken on the
	 * assumption that its spaces shrink */
	if (align == ALIGN_JUSTIFY && (!g->last || g->ratio < 0))
		r = g->ratio;
	if (r > 3)
		r = 3; /* a line that could not be filled: do not spread it absurdly */
	return r;
}

/* x of the line's first item, for a line of natural width nat. */
static double line_left(double x, double width, double nat, enum para_align align)
{
	double cx = x;
	if (align == ALIGN_CENTER && nat < width)
		cx += (width - nat) / 2;
	else if (align == ALIGN_RIGHT && nat < width)
		cx += width - nat;
	return cx;
}

/* The x of every item of the line from cx, its glue set at ratio r, and
 * of the line's end (malloc'd; the caller frees). */
static double *line_positions(const struct para *p, const struct line_geom *g, double cx,
			      double r)
{
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
	return pos;
}

/* The last box of the code span that starts at box i, across its spaces. */
static size_t code_span_end(const struct line_draw *d, size_t i)
{
	const struct para *p = d->p;
	size_t j = i;
	for (size_t k = i + 1; k < d->g->end; k++) {
		const struct para_item *nx = &p->v[k];
		if (nx->lb.type == LB_BOX) {
			if (!p->styles[nx->style].code_bg)
				break;
			j = k;
		} else if (nx->lb.type != LB_GLUE || !p->styles[nx->style].code_bg) {
			break;
		}
	}
	return j;
}

/* Inline code backgrounds: one for a whole code span. */
static void draw_code_backgrounds(const struct line_draw *d)
{
	const struct para *p = d->p;
	const struct line_geom *g = d->g;
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		if (it->lb.type != LB_BOX || !p->styles[it->style].code_bg)
			continue;
		size_t j = code_span_end(d, i);
		double x0 = d->pos[i - g->start], x1 = d->pos[j - g->start] + p->v[j].lb.width;
		const struct run_style *st = &p->styles[it->style];
		layout_rect_op(d->L, x0 - 1.2, d->base - st->size * 0.78, x1 - x0 + 2.4,
			       st->size * 1.0, st->bg);
		i = j;
	}
}

/* The run of boxes i..j in one style: its footnote reference, its text
 * (with the hyphen when the line breaks after it) and its rules. */
static void draw_run(const struct line_draw *d, size_t i, size_t j)
{
	struct layout *L = d->L;
	const struct para *p = d->p;
	const struct line_geom *g = d->g;
	const struct run_style *st = &p->styles[p->v[i].style];
	if (st->note && (size_t)st->note <= L->n_notes) {
		layout_note_ref(L, st->note - 1);
		if (L->notes[st->note - 1].ref_dest >= 0)
			layout_dest_op(L, d->pos[i - g->start], d->top,
				       L->notes[st->note - 1].ref_dest);
	}
	if (st->dest > 0 && (size_t)st->dest <= L->n_dests)
		layout_dest_op(L, d->pos[i - g->start], d->top, st->dest - 1);
	size_t from = p->v[i].text, to = p->v[j].text + p->v[j].len;
	int hy = 0;
	if (j + 1 == g->end && p->v[g->end].lb.type == LB_PENALTY && p->v[g->end].lb.flagged &&
	    p->v[g->end].lb.width > 0)
		hy = 1;
	double x0 = d->pos[i - g->start];
	double x1 = d->pos[j - g->start] + p->v[j].lb.width;
	double base = d->base;
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
}

/* Text: neighbouring boxes of one style merge into one run. When
 * tagging, each run of one link on the line is a Link element of its own
 * (made here, in line order, so draw_link_areas finds them again). */
static void draw_text_runs(const struct line_draw *d)
{
	const struct para *p = d->p;
	const struct line_geom *g = d->g;
	int link = -1, tag = -1;
	for (size_t i = g->start; i < g->end; i++) {
		const struct para_item *it = &p->v[i];
		if (it->lb.type != LB_BOX)
			continue;
		size_t j = i;
		while (j + 1 < g->end && p->v[j + 1].lb.type == LB_BOX && p->v[j + 1].style == it->style)
			j++;
		if (d->L->tagging && p->styles[it->style].link != link) {
			layout_tag_op(d->L, OP_TAG_END, tag);
			link = p->styles[it->style].link;
			tag = link >= 0 ? layout_tag_new(d->L, TAG_LINK, d->L->tag_cur) : -1;
			if (tag >= 0)
				d->L->tags[tag].attr = link;
			layout_tag_op(d->L, OP_TAG_BEGIN, tag);
		}
		draw_run(d, i, j);
		i = j;
	}
	layout_tag_op(d->L, OP_TAG_END, tag);
}

/* Link areas: one rectangle per run of one link, spaces included; each
 * in its Link element, made by draw_text_runs from link_tag on. */
static void draw_link_areas(const struct line_draw *d, int link_tag)
{
	const struct para *p = d->p;
	const struct line_geom *g = d->g;
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
		double x0 = d->pos[i - g->start], x1 = d->pos[j - g->start] + p->v[j].lb.width;
		int tag = link_tag >= 0 && (size_t)link_tag < d->L->n_tags ? link_tag++ : -1;
		layout_tag_op(d->L, OP_TAG_BEGIN, tag);
		layout_link_op(d->L, x0, d->top, x1 - x0, d->line_h, link);
		layout_tag_op(d->L, OP_TAG_END, tag);
		i = j;
	}
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
	struct line_draw d = {L, p, g, NULL, top, top + line_h / 2 + 0.33 * size, line_h};
	if (baseline_out)
		*baseline_out = d.base;
	/* positions first, so backgrounds can be drawn under the text */
	d.pos = line_positions(p, g, line_left(x, width, nat, align), set_ratio(g, align));
	draw_code_backgrounds(&d);
	int link_tag = L->tagging ? (int)L->n_tags : -1;
	draw_text_runs(&d);
	draw_link_areas(&d, link_tag);
	free(d.pos);
}

/* p's items as the line breaker's, into lb (3 * p->n room), and map: an
 * index back to the paragraph's items; returns their number. Ragged
 * lines: every space becomes glue(0, S) penalty(0) glue(w, -S), Knuth's
 * recipe, so a line's badness depends on the room left at its end, not
 * on how many spaces it has; spaces never shrink. */
static size_t lb_items(const struct para *p, int ragged, struct lb_item *lb, size_t *map)
{
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
	return n;
}

/* Break p into lines width pt wide; returns their number and sets *out
 * (malloc'd, the caller frees it). p is closed first (para_finish). A
 * paragraph with whole words (struct para's n_whole) is tried first
 * without hyphens, within the pretolerance; if no such lines exist, its
 * words get their hyphenation points and the usual breaking follows. */
static size_t break_lines(struct layout *L, struct para *p, double width, enum para_align align,
			  struct line_geom **out)
{
	para_finish(p);
	int ragged = align != ALIGN_JUSTIFY;
	struct lb_item *lb = xmalloc(3 * p->n * sizeof *lb);
	size_t *map = xmalloc(3 * p->n * sizeof *map);
	size_t n = lb_items(p, ragged, lb, map);
	struct lb_line *lines = NULL;
	size_t nl = 0;
	if (p->n_whole)
		nl = linebreak_try(lb, n, width, L->pretolerance, &lines);
	if (!nl) {
		if (p->n_whole) {
			para_expand(p, L);
			free(lb);
			free(map);
			lb = xmalloc(3 * p->n * sizeof *lb);
			map = xmalloc(3 * p->n * sizeof *map);
			n = lb_items(p, ragged, lb, map);
		}
		nl = linebreak(lb, n, width, L->tolerance, &lines);
	}
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

/* A list item's marker as its Lbl element, ahead of the line's text so
 * that it is read first: under the nearest LI, else where the text is.
 * The baseline is the one draw_line will find. */
static void line_label(struct layout *L, const struct para *p, const struct line_geom *g,
		       const struct para_opts *o)
{
	double size;
	line_natural(p, g, &size);
	if (size == 0)
		size = 10;
	double base = o->line_height / 2 + 0.33 * size;
	int li = L->tag_cur;
	while (li >= 0 && L->tags[li].type != TAG_LI)
		li = L->tags[li].parent;
	/* outside a list (a footnote's number) it stays in the paragraph */
	int lbl = li >= 0 ? layout_tag_new(L, TAG_LBL, li) : -1;
	layout_tag_op(L, OP_TAG_BEGIN, lbl);
	layout_text_op(L, o->marker_x, base, o->marker_font, o->marker_size, o->marker_colour,
		       o->marker, strlen(o->marker));
	layout_tag_op(L, OP_TAG_END, lbl);
}

/* Line i of the nl lines G of p as an item of its own. */
static void line_item(struct layout *L, const struct para *p, const struct line_geom *G,
		      size_t i, size_t nl, const struct para_opts *o)
{
	layout_begin_item(L);
	if (i == 0 && o->dest >= 0)
		layout_dest_op(L, o->x, 0, o->dest);
	double base;
	if (i == 0 && o->marker && L->tagging)
		line_label(L, p, &G[i], o);
	draw_line(L, p, &G[i], o->x, 0, o->width, o->line_height, o->align, &base);
	if (i == 0 && o->marker && !L->tagging) {
		layout_text_op(L, o->marker_x, base, o->marker_font, o->marker_size,
			       o->marker_colour, o->marker, strlen(o->marker));
	}
	struct item *it = layout_end_item(L, o->line_height, i == 0 ? o->space_before : 0);
	it->lesson = o->lesson;
	layout_item_decos(L, it, o->n_decos, o->decos);
	if (o->widows && nl >= 2 && (i == 0 || i == nl - 2))
		it->keep_next = 1;
}

size_t layout_paragraph(struct layout *L, struct para *p, const struct para_opts *o,
			double *last_w)
{
	struct line_geom *G;
	size_t nl = break_lines(L, p, o->width, o->align, &G);
	for (size_t i = 0; i < nl; i++)
		line_item(L, p, G, i, nl, o);
	if (last_w && nl) {
		double sz;
		*last_w = line_natural(p, &G[nl - 1], &sz);
	}
	free(G);
	return nl;
}

size_t layout_paragraph_part(struct layout *L, struct para *p, const struct para_opts *o)
{
	struct line_geom *G;
	size_t nl = break_lines(L, p, o->width, o->align, &G);
	/* p ended in a box, so closing it only appended the fill and the
	 * forced break: dropping them restores it (its words may have been
	 * given their hyphenation points meanwhile) */
	p->n -= 2;
	size_t n = p->n;
	if (nl < 2) {
		free(G);
		return 0;
	}
	for (size_t i = 0; i + 1 < nl; i++)
		line_item(L, p, G, i, nl, o);
	size_t keep = G[nl - 1].start;
	free(G);
	/* the last line starts at a box; text offsets grow with the items */
	size_t base = p->v[keep].text;
	memmove(p->v, p->v + keep, (n - keep) * sizeof *p->v);
	p->n = n - keep;
	p->n_whole = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].lb.type == LB_BOX)
			p->v[i].text -= base;
		p->n_whole += p->v[i].whole != 0;
	}
	memmove(p->text.ptr, p->text.ptr + base, p->text.len - base + 1);
	p->text.len -= base;
	return nl - 1;
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
