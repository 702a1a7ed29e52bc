/* lesson.c — one lesson, a chapter of the book: its opening on a new
 * page (the section as a kicker, the title, the description, a short
 * accent rule), its body through the block walk, and its footnotes; the
 * lesson and section also become entries of the outline and contents. */
#include <string.h>

#include "base/buf.h"
#include "pdf/pdf.h"
#include "pdf/print.h"

int pdf_lesson_dest(struct pdf *P, size_t lesson, const char *id)
{
	struct buf name = BUF_INIT;
	if (id)
		buf_printf(&name, "L%zu#%s", lesson, id);
	else
		buf_printf(&name, "L%zu", lesson);
	int dest = layout_dest(&P->L, buf_cstr(&name));
	buf_free(&name);
	return dest;
}

static void lesson_opener(struct pdf *P, size_t i)
{
	const struct lesson *l = &P->b->lessons[i];
	int dest = pdf_lesson_dest(P, i, NULL);
	size_t first = P->L.n_items;
	const struct section *sec = l->section < P->b->n_sections ? &P->b->sections[l->section] : NULL;
	const char *st = sec ? pdf_section_title(P, l->section) : NULL;
	const char *lt = pdf_lesson_title(P, i);
	if (sec && sec->first == i)
		pdf_outline_add(P, 0, st ? st : "", dest, &sec->title_at);
	pdf_outline_add(P, 1, lt ? lt : l->slug, dest, &l->title_at);
	double w = P->L.body_w;
	/* the section as a kicker above the title, unless it only repeats it */
	if (sec && sec->title && *sec->title && (!l->title || strcmp(sec->title, l->title))) {
		P->title_at = &sec->title_at;
		int tag = layout_tag_open(&P->L, TAG_P);
		pdf_simple_para(P, st, face(P, FAM_HEADING, 1, 0), P->st.size_small + 0.5,
				(P->st.size_small + 0.5) * 1.4, P->st.c_accent, 0, w, ALIGN_RAGGED, 0,
				dest, NULL);
		layout_tag_close(&P->L, tag);
	}
	double ts = P->st.size_h[0] * 1.15;
	P->title_at = &l->title_at;
	int tag = layout_tag_open(&P->L, TAG_H1); /* the lesson's title */
	pdf_simple_para(P, lt ? lt : l->slug, face(P, FAM_HEADING, 1, 0), ts, ts * 1.18,
			P->st.c_heading, 0, w, ALIGN_RAGGED, 4, P->L.n_items == first ? dest : -1, NULL);
	layout_tag_close(&P->L, tag);
	P->title_at = &l->description_at;
	if (l->description && *l->description) {
		tag = layout_tag_open(&P->L, TAG_P);
		pdf_simple_para(P, l->description, face(P, FAM_BODY, 0, 1), P->st.size_body + 1.5,
				(P->st.size_body + 1.5) * 1.35, P->st.c_muted, 0, w, ALIGN_RAGGED, 6, -1,
				NULL);
		layout_tag_close(&P->L, tag);
	}
	P->title_at = NULL;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 8, 48, 2.2, P->st.c_accent);
	layout_end_item(&P->L, 12, 0);
	for (size_t k = first; k < P->L.n_items; k++) {
		P->L.items[k].keep_next = 1;
		P->L.items[k].lesson = (int)i;
	}
	P->L.items[first].new_page = 1;
	P->L.items[first].chapter = 1;
	/* duplex: a chapter (or a section's first one) opens on a recto */
	P->L.items[first].recto = P->st.duplex && (!P->st.duplex_section || !sec || sec->first == i);
	P->gap = 16;
}

void pdf_layout_lesson(struct pdf *P, size_t i)
{
	P->li = i;
	P->les = &P->b->lessons[i];
	P->n_warned = 0;
	/* a lesson starts from the column's width limit, not the one the
	 * lesson before left: so the lessons can be laid out apart (-j) */
	P->para.max_width = P->L.body_w;
	pdf_footnotes_begin(P);
	pdf_endnotes_begin(P);
	P->skip_h1 = 1;
	P->seen_content = 0;
	size_t first = P->L.n_items;
	P->lesson_first = first;
	const struct section *sec = P->les->section < P->b->n_sections
					    ? &P->b->sections[P->les->section] : NULL;
	if (sec && sec->first == i) {
		/* a Part per section, under the document whichever store (a
		 * thread's run of lessons) it is made in; no op marks where it
		 * opens or closes, since those between items are dropped */
		P->tag_part = layout_tag_new(&P->L, TAG_PART, LAYOUT_TAG_ROOT);
		P->L.tag_cur = P->tag_part;
	}
	int sect = layout_tag_open(&P->L, TAG_SECT);
	lesson_opener(P, i);
	struct blk bk = pdf_body_blk(P);
	if (P->les->doc)
		pdf_render_children(P, P->les->doc, &bk);
	pdf_render_footnotes(P, &bk);
	pdf_render_endnotes(P, &bk);
	layout_tag_close(&P->L, sect);
	P->L.keep_lines = 0;
	for (size_t k = first; k < P->L.n_items; k++)
		P->L.items[k].lesson = (int)i;
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 0;
}
