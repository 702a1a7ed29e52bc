/* table.c — GFM tables: columns sized from their cells' narrowest and
 * natural widths (the font shrinks, down to 75 %, when even the narrowest
 * do not fit), one item per row with a striped background, the header row
 * repeated at the top of each page the table continues on, and a row
 * taller than a page cut between its text lines. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "base/util.h"
#include "pdf/pdf.h"

struct cell_w {
	double min, max;
};

/* A table being laid out. */
struct table {
	struct blk *bk;
	uint16_t ncols;
	uint8_t *al;          /* per column: 'l', 'c', 'r' or 0 */
	double size;          /* pt, the cells' font size */
	double padx, pady;
	double line_h;
	struct cell_w *cw;    /* per column */
	double *width;        /* per column, pt with the padding */
	double fill;          /* the table's width */
	long header_item;     /* the item repeated above continued pages, -1 none */
	int r;                /* the row being laid out */
};

static void cell_para(struct pdf *P, cmark_node *cell, double size, int header)
{
	struct blk dummy;
	memset(&dummy, 0, sizeof dummy);
	dummy.size = size;
	dummy.text = P->st.c_text;
	struct inl s = pdf_inl_of(P, &dummy);
	s.bold = header;
	if (header)
		s.family = FAM_HEADING;
	para_clear(&P->para);
	P->para.hyphenate = 0;
	pdf_walk_inlines(P, cell, &s, NULL, NULL);
}

static void measure_cell(struct pdf *P, cmark_node *cell, double size, int header,
			 struct cell_w *w)
{
	cell_para(P, cell, size, header);
	double word = 0, total = 0, mn = 0;
	for (size_t i = 0; i < P->para.n; i++) {
		const struct lb_item *x = &P->para.v[i].lb;
		if (x->type == LB_BOX) {
			word += x->width;
			total += x->width;
		} else {
			if (x->type == LB_GLUE && x->stretch < LB_FIL)
				total += x->width;
			if (word > mn)
				mn = word;
			if (x->type == LB_GLUE || x->penalty < 1000)
				word = 0;
		}
	}
	if (word > mn)
		mn = word;
	if (mn > w->min)
		w->min = mn;
	if (total > w->max)
		w->max = total;
	para_clear(&P->para);
}

/* The row's ops but its background, in order, grouped by the text line
 * they sit on (a counting sort, so a row of a thousand lines is not
 * scanned a thousand times): ops order[at[s] .. at[s + 1]) are on line s.
 * Both arrays are malloc'd; the caller frees them. */
static void ops_by_line(const struct op *ops, size_t n, size_t bg_at, int lines, double pady,
			double line_h, size_t **order, size_t **at)
{
	int *ln = xmalloc((n ? n : 1) * sizeof *ln);
	size_t *start = xcalloc((size_t)lines + 1, sizeof *start);
	for (size_t k = 0; k < n; k++) {
		const struct op *o = &ops[k];
		double mid = o->y + (o->kind == OP_TEXT ? 0 : o->h / 2);
		int line = (int)((mid - pady) / line_h);
		if (line < 0)
			line = 0;
		if (line >= lines)
			line = lines - 1;
		ln[k] = line;
		if (k != bg_at)
			start[line + 1]++;
	}
	for (int s = 0; s < lines; s++)
		start[s + 1] += start[s];
	size_t *o = xmalloc((n ? n : 1) * sizeof *o);
	size_t *fill = xmalloc(((size_t)lines + 1) * sizeof *fill);
	memcpy(fill, start, ((size_t)lines + 1) * sizeof *fill);
	for (size_t k = 0; k < n; k++)
		if (k != bg_at)
			o[fill[ln[k]]++] = k;
	free(fill);
	free(ln);
	*order = o;
	*at = start;
}

/* A table row taller than a page (under the repeated header) would run
 * past the bottom margin, so it is cut between text lines: every cell's
 * line i lies at pady + i * line_h, so one cut serves all cells. The
 * row's ops (its item is still open; op `bg` is its background) are dealt
 * out to one item per line, each with its own slice of the background,
 * and pagination fills each page with as many as fit, repeating the
 * table header above the rest. The first two and the last two lines stay
 * together; only the last slice gets the row's bottom rule. */
static void split_row(struct pdf *P, const struct table *t, size_t bg, double rh)
{
	struct layout *L = &P->L;
	const struct blk *bk = t->bk;
	double fill = t->fill, line_h = t->line_h, pady = t->pady;
	int r = t->r;
	size_t first = L->item_ops_start, n = L->n_ops - first;
	/* footnotes referred to in the row go with its first slice, which
	 * stays with the second */
	size_t refs_from = L->item_refs_start;
	struct op *ops = xmalloc(n * sizeof *ops);
	memcpy(ops, &L->ops[first], n * sizeof *ops);
	struct rgb bg_colour = layout_op_colour(L, &L->ops[bg]);
	size_t bg_at = bg - first;
	L->n_ops = first;
	int lines = (int)((rh - 2 * pady) / line_h + 0.5);
	if (lines < 1)
		lines = 1;
	size_t *order, *at;
	ops_by_line(ops, n, bg_at, lines, pady, line_h, &order, &at);
	for (int s0 = 0; s0 < lines; s0++) {
		int s1 = s0 + 1;
		double top = s0 == 0 ? 0 : pady + s0 * line_h;
		double bottom = s1 == lines ? rh : pady + s1 * line_h;
		double h = bottom - top;
		layout_begin_item(L);
		if (s0 == 0)
			L->item_refs_start = refs_from;
		layout_rect_op(L, bk->x, 0, fill, h, bg_colour);
		if (r == 0 && s0 == 0)
			layout_line_op(L, bk->x, 0, bk->x + fill, 0, 0.9, P->st.c_table_rule);
		for (size_t k = at[s0]; k < at[s1]; k++)
			layout_copy_op(L, ops[order[k]], -top);
		if (s1 == lines)
			layout_line_op(L, bk->x, h, bk->x + fill, h, 0.4, P->st.c_table_rule);
		struct item *it = layout_end_item(L, h, r == 0 && s0 == 0 ? take_gap(P) : 0);
		it->lesson = (int)P->li;
		layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
		it->table_header = t->header_item;
		it->keep_next = s0 == 0 || s0 == lines - 2;
	}
	free(order);
	free(at);
	free(ops);
}

/* Each column's narrowest and natural width, over all rows. */
static void table_measure(struct pdf *P, struct table *t, cmark_node *n)
{
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		int c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < t->ncols;
		     cell = cmark_node_next(cell), c++)
			measure_cell(P, cell, t->size, header, &t->cw[c]);
	}
}

/* The columns' widths from the measures, and the font size they need. */
static void table_widths(struct table *t)
{
	int ncols = t->ncols;
	struct cell_w *cw = t->cw;
	double padx = t->padx;
	double avail = t->bk->w, smin = 0, smax = 0;
	for (int c = 0; c < ncols; c++) {
		if (cw[c].min > avail * 0.5)
			cw[c].min = avail * 0.5; /* long words will break */
		if (cw[c].max < cw[c].min)
			cw[c].max = cw[c].min;
		smin += cw[c].min + 2 * padx;
		smax += cw[c].max + 2 * padx;
	}
	/* too wide even at the narrowest: a smaller font, down to 75 % */
	double scale = 1;
	if (smin > avail) {
		scale = avail / smin;
		if (scale < 0.75)
			scale = 0.75;
		t->size *= scale;
	}
	double *width = t->width;
	double fill = 0;
	if (smax * scale <= avail) {
		/* natural widths; spread out to the full measure when close */
		double extra = smax * scale > avail * 0.55 ? (avail - smax * scale) / ncols : 0;
		for (int c = 0; c < ncols; c++)
			width[c] = (cw[c].max * scale + 2 * padx) + extra;
	} else {
		double spare = avail - smin * scale, spread = 0;
		for (int c = 0; c < ncols; c++)
			spread += cw[c].max - cw[c].min;
		for (int c = 0; c < ncols; c++) {
			width[c] = cw[c].min * scale + 2 * padx;
			if (spare > 0 && spread > 0)
				width[c] += spare * (cw[c].max - cw[c].min) / spread;
		}
	}
	for (int c = 0; c < ncols; c++)
		fill += width[c];
	if (fill > avail) /* rounding, or min widths beyond the 75 % font */
		for (int c = 0; c < ncols; c++)
			width[c] *= avail / fill;
	fill = 0;
	for (int c = 0; c < ncols; c++)
		fill += width[c];
	t->fill = fill;
}

/* The row's cells as ops of the open item; returns the tallest's height. */
static double row_cells(struct pdf *P, const struct table *t, cmark_node *row, int header)
{
	double x = t->bk->x, hmax = 0, padx = t->padx;
	int c = 0;
	for (cmark_node *cell = cmark_node_first_child(row); cell && c < t->ncols;
	     cell = cmark_node_next(cell), c++) {
		P->para.max_width = t->width[c] - 2 * padx;
		cell_para(P, cell, t->size, header);
		P->para.max_width = 0;
		enum para_align a = ALIGN_RAGGED;
		if (t->al && t->al[c] == 'c')
			a = ALIGN_CENTER;
		else if (t->al && t->al[c] == 'r')
			a = ALIGN_RIGHT;
		double h = 0;
		int tag = layout_tag_open(&P->L, header ? TAG_TH : TAG_TD);
		if (header && tag >= 0)
			P->L.tags[tag].attr = TAG_SCOPE_COLUMN;
		if (!para_empty(&P->para))
			h = layout_paragraph_inline(&P->L, &P->para, x + padx, t->pady,
						    t->width[c] - 2 * padx, t->line_h, a, NULL);
		layout_tag_close(&P->L, tag);
		para_clear(&P->para);
		if (h > hmax)
			hmax = h;
		x += t->width[c];
	}
	return hmax;
}

/* One row as one item (or, taller than a page, as one per line). */
static void table_row(struct pdf *P, struct table *t, cmark_node *row)
{
	const struct blk *bk = t->bk;
	int header = cmark_gfm_extensions_get_table_row_is_header(row);
	layout_begin_item(&P->L);
	size_t bg = layout_rect_op(&P->L, bk->x, 0, t->fill, 0,
				   header ? P->st.c_table_header_bg : P->st.c_table_stripe);
	if (!header && t->r % 2 == 1)
		P->L.ops[bg].colour = layout_colour(&P->L, (struct rgb){1, 1, 1});
	double hmax = row_cells(P, t, row, header);
	double rh = (hmax > 0 ? hmax : t->line_h) + 2 * t->pady;
	double hdr_h = t->header_item >= 0 ? P->L.items[t->header_item].height : 0;
	if (rh > P->L.body_h - hdr_h + 0.01) {
		split_row(P, t, bg, rh);
		if (header)
			t->header_item = -1; /* a header in pieces is not repeated */
		return;
	}
	P->L.ops[bg].h = rh;
	if (t->r == 0)
		layout_line_op(&P->L, bk->x, 0, bk->x + t->fill, 0, 0.9, P->st.c_table_rule);
	layout_line_op(&P->L, bk->x, rh, bk->x + t->fill, rh, header ? 0.9 : 0.4,
		       P->st.c_table_rule);
	struct item *it = layout_end_item(&P->L, rh, t->r == 0 ? take_gap(P) : 0);
	it->lesson = (int)P->li;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	if (header) {
		it->keep_next = 1;
		t->header_item = (long)(P->L.n_items - 1);
	} else {
		it->table_header = t->header_item;
	}
}

void pdf_block_table(struct pdf *P, cmark_node *n, struct blk *bk)
{
	struct table t;
	memset(&t, 0, sizeof t);
	t.ncols = cmark_gfm_extensions_get_table_columns(n);
	t.al = cmark_gfm_extensions_get_table_alignments(n);
	if (!t.ncols)
		return;
	t.bk = bk;
	t.size = bk->size * 0.92;
	t.padx = 5;
	t.pady = 3.5;
	t.cw = xcalloc(t.ncols, sizeof *t.cw);
	table_measure(P, &t, n);
	t.width = xcalloc(t.ncols, sizeof *t.width);
	table_widths(&t);
	t.header_item = -1;
	t.line_h = t.size * 1.3;
	int table = layout_tag_open(&P->L, TAG_TABLE);
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), t.r++) {
		/* a row cut into slices (split_row) keeps its cells' tags in
		 * the first slice: the later ones' text is read as the row's */
		int tr = layout_tag_open(&P->L, TAG_TR);
		table_row(P, &t, row);
		layout_tag_close(&P->L, tr);
	}
	layout_tag_close(&P->L, table);
	free(t.cw);
	free(t.width);
	P->gap = P->st.space_paragraph + 3;
	P->seen_content = 1;
}
