/* footnotes.c — GFM footnotes. Each note gets a layout note id before
 * the lesson's text is laid out, so that the line holding its reference
 * can carry it; the definitions, gathered during the walk, are laid out
 * after the lesson, and the layout engine sets each at the foot of the
 * page of its first reference, or leaves it at the lesson's end under a
 * rule when it is too tall or only referred to from other notes. */
#include <stdio.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

const char *pdf_footnote_dest(struct pdf *P, struct buf *b, const char *kind, int n)
{
	buf_clear(b);
	buf_printf(b, "L%zu^%s%d", P->li, kind, n);
	return buf_cstr(b);
}

void pdf_footnotes_begin(struct pdf *P)
{
	P->n_fn_defs = 0;
	/* a note id per footnote before the text, whose references name them;
	 * cmark-gfm puts the definitions at the end of the document, in the
	 * order of their numbers */
	P->n_fn_note = 0;
	if (!P->les->doc)
		return;
	for (cmark_node *c = cmark_node_first_child(P->les->doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION) {
			P->fn_note = xgrow(P->fn_note, &P->cap_fn_note, P->n_fn_note + 1,
					   sizeof *P->fn_note);
			int id = layout_note_new(&P->L);
			P->fn_note[P->n_fn_note++] = id;
			struct buf name = BUF_INIT;
			P->L.notes[id].ref_dest = layout_dest(&P->L,
				pdf_footnote_dest(P, &name, "ref", (int)P->n_fn_note));
			buf_free(&name);
		}
}

void pdf_block_footnote_def(struct pdf *P, cmark_node *n, struct blk *bk)
{
	(void)bk;
	P->fn_defs = xgrow(P->fn_defs, &P->cap_fn_defs, P->n_fn_defs + 1, sizeof *P->fn_defs);
	P->fn_defs[P->n_fn_defs++] = n;
}

static double footnote_size(const struct pdf *P)
{
	return P->st.size_footnote > 0 ? P->st.size_footnote : P->st.size_small + 0.5;
}

/* The short rule above the footnotes at the foot of a page: one item for
 * the whole book, out of the flow, placed by the layout on every page
 * with notes. */
static void footnote_rule(struct pdf *P)
{
	if (P->L.note_rule >= 0)
		return;
	double h = footnote_size(P) * 1.1;
	/* the rule counts as a kept item; a part laid out apart whose rule
	 * the book drops (it has one) would then keep one item too few */
	P->rule_kept = P->L.keep_lines > 0;
	layout_begin_item(&P->L);
	layout_line_op(&P->L, 0, h / 2, 90, h / 2, 0.6, P->st.c_rule);
	struct item *it = layout_end_item(&P->L, h, 0);
	it->note = 1;
	P->L.note_rule = (long)(P->L.n_items - 1);
	P->L.note_gap = footnote_size(P) * 0.35;
}

/* Note i (numbered i + 1) as a run of items in the flow: its paragraphs
 * and blocks, the first line marked with its number and holding its
 * destination, the last ending in a link back to the reference. */
static void footnote_body(struct pdf *P, size_t i, struct blk *bk, struct buf *name)
{
	int num = (int)i + 1;
	struct blk in = *bk;
	in.size = footnote_size(P);
	in.x = bk->x + 16;
	in.w = bk->w - 16;
	char mark[16];
	snprintf(mark, sizeof mark, "%d.", num);
	in.marker = mark;
	in.marker_x = bk->x;
	int dest = layout_dest(&P->L, pdf_footnote_dest(P, name, "fn", num));
	P->gap = 2;
	int note = layout_tag_open(&P->L, TAG_NOTE);
	for (cmark_node *c = cmark_node_first_child(P->fn_defs[i]); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
			int tag = layout_tag_open(&P->L, TAG_P);
			struct inl s = pdf_inl_of(P, &in);
			struct para_opts o = pdf_para_opts(P, &in, in.size);
			if (c == cmark_node_first_child(P->fn_defs[i]))
				o.dest = dest;
			pdf_walk_inlines(P, c, &s, NULL, &o);
			if (!cmark_node_next(c)) {
				/* a link back to the reference */
				s.link = layout_link_dest(&P->L, layout_dest(&P->L,
					pdf_footnote_dest(P, name, "ref", num)));
				pdf_inl_text(P, &P->para, &s, " \xE2\x86\xA9", 4, c);
			}
			pdf_flush_para(P, &in, &o);
			layout_tag_close(&P->L, tag);
		} else {
			pdf_render_block(P, c, &in);
		}
	}
	layout_tag_close(&P->L, note);
}

/* Each footnote is laid out as its own short run of items, out of the
 * flow, and the layout sets it at the foot of the page of its first
 * reference. A note stays here at the end of the lesson, in the flow
 * under a rule as before, when it is taller than half the text area (at
 * the foot it could crowd the page's text out; here it breaks across
 * pages like any text) or when it is referred to only from other notes
 * (a chain of notes would otherwise pile up at one page's foot). */
void pdf_render_footnotes(struct pdf *P, struct blk *bk)
{
	if (!P->n_fn_defs)
		return;
	size_t notes_from = P->L.n_items;
	layout_begin_item(&P->L);
	layout_line_op(&P->L, bk->x, 8, bk->x + 90, 8, 0.6, P->st.c_rule);
	struct item *it = layout_end_item(&P->L, 12, P->st.space_heading);
	it->lesson = (int)P->li;
	it->keep_next = 1;
	size_t rule = P->L.n_items - 1;
	int at_end = 0;
	struct buf name = BUF_INIT;
	for (size_t i = 0; i < P->n_fn_defs; i++) {
		size_t first = P->L.n_items;
		footnote_body(P, i, bk, &name);
		size_t count = P->L.n_items - first;
		int id = i < P->n_fn_note ? P->fn_note[i] : -1;
		long ref = id >= 0 ? P->L.notes[id].ref_item : -1;
		if (count && ref >= (long)P->lesson_first && ref < (long)notes_from) {
			layout_note_items(&P->L, id, first, count);
			if (layout_note_height(&P->L, id) <= P->L.body_h / 2) {
				footnote_rule(P);
				continue;
			}
			layout_note_items(&P->L, id, first, 0);
			for (size_t k = first; k < first + count; k++)
				P->L.items[k].note = 0;
		}
		at_end = 1;
	}
	/* no note left at the end: its rule leaves the flow too, unplaced */
	if (!at_end)
		P->L.items[rule].note = 1;
	buf_free(&name);
}
