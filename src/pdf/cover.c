/* cover.c — the cover page: the book's title and description high on the
 * page under an accent rule, the cover picture (when there is room) and
 * the author and date at the foot. It is laid out after the lessons, as
 * front matter, and drawn first. */
#include <stdlib.h>

#include "pdf/pdf.h"

static double items_height(struct pdf *P, size_t first)
{
	double h = 0;
	for (size_t k = first; k < P->L.n_items; k++)
		h += P->L.items[k].height + (k > first ? P->L.items[k].space_before : 0);
	return h;
}

void pdf_cover(struct pdf *P)
{
	const struct book *b = P->b;
	double w = P->L.body_w, H = P->L.body_h;
	size_t first = P->L.n_items;
	int sect = layout_tag_open(&P->L, TAG_SECT);
	layout_begin_item(&P->L);
	struct item *it = layout_end_item(&P->L, H * 0.14, 0);
	it->new_page = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 0, 56, 4, P->st.c_accent);
	layout_end_item(&P->L, 22, 0);
	double ts = P->st.size_title;
	P->title_at = &b->title_at;
	const char *title = pdf_course_title(P);
	int tag = layout_tag_open(&P->L, TAG_H1);
	pdf_simple_para(P, title ? title : "Handbook", face(P, FAM_HEADING, 1, 0), ts, ts * 1.15,
			P->st.c_heading, 0, w, ALIGN_RAGGED, 0, layout_dest(&P->L, "cover"), NULL);
	layout_tag_close(&P->L, tag);
	/* front-matter text: a character no font has is reported at the
	 * value's place, as for the title */
	P->title_at = &b->description_at;
	if (b->description && *b->description) {
		tag = layout_tag_open(&P->L, TAG_P);
		pdf_simple_para(P, b->description, face(P, FAM_BODY, 0, 1), P->st.size_body + 3,
				(P->st.size_body + 3) * 1.4, P->st.c_muted, 0, w * 0.9, ALIGN_RAGGED, 16,
				-1, NULL);
		layout_tag_close(&P->L, tag);
	}
	P->title_at = NULL;
	double used = items_height(P, first);
	double bottom = 0;
	if (b->author)
		bottom += 18;
	if (b->date)
		bottom += 16;
	if (b->cover >= 0 && pdf_asset_image(P, b->cover) >= 0) {
		struct blk bk = pdf_body_blk(P);
		double room = H - used - bottom - 60;
		if (room > H * 0.45)
			room = H * 0.45;
		if (room > 60) {
			P->gap = 30;
			tag = layout_tag_open(&P->L, TAG_FIGURE);
			layout_tag_alt(&P->L, tag, "Cover picture", 13);
			pdf_image_box(P, &bk, b->cover, room, -1);
			layout_tag_close(&P->L, tag);
			used = items_height(P, first);
		}
	}
	if (bottom > 0) {
		layout_begin_item(&P->L);
		double y = 0;
		if (b->author) {
			int f = face(P, FAM_HEADING, 1, 0);
			P->title_at = &b->author_at;
			char *author = pdf_boxed_text(P, f, pdf_author(P));
			P->title_at = NULL;
			tag = layout_tag_open(&P->L, TAG_P);
			pdf_put_text(P, 0, 12, f, 12, P->st.c_text, author);
			layout_tag_close(&P->L, tag);
			free(author);
			y = 18;
		}
		if (b->date) {
			tag = layout_tag_open(&P->L, TAG_P);
			pdf_put_text(P, 0, y + 12, face(P, FAM_HEADING, 0, 0), 10, P->st.c_muted, b->date);
			layout_tag_close(&P->L, tag);
		}
		double gap = H - used - bottom - 2;
		layout_end_item(&P->L, bottom, gap > 0 ? gap : 0);
	}
	for (size_t k = first; k < P->L.n_items; k++) {
		P->L.items[k].keep_next = 1;
		P->L.items[k].lesson = -1;
	}
	P->L.items[P->L.n_items - 1].keep_next = 0;
	layout_tag_close(&P->L, sect);
}
