/* contents.c — the book's navigation. The outline entries (sections,
 * lessons and their h2 headings) are gathered while the lessons are laid
 * out; once they are paginated they give the contents page, with dot
 * leaders and page numbers, and after drawing the PDF outline. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

void pdf_outline_add(struct pdf *P, int level, const char *title, int dest,
		     const struct srcpos *at)
{
	P->ol = xgrow(P->ol, &P->cap_ol, P->n_ol + 1, sizeof *P->ol);
	P->ol[P->n_ol++] = (struct outline_entry){level, pdf_outline_title(title), dest, at, 0};
}

/* Append ops to the item just ended (contents leaders and numbers). */
static size_t extend_begin(struct pdf *P)
{
	return P->L.n_ops;
}

static void extend_end(struct pdf *P, size_t before)
{
	P->L.items[P->L.n_items - 1].op_count += P->L.n_ops - before;
	P->L.item_ops_start = P->L.n_ops;
}

/* level 0: back matter (the index), a lesson's line set apart from the
 * last section */
static void contents_entry(struct pdf *P, const char *title, int dest, int level)
{
	double space = level == 0 ? 14 : level == 1 ? 4.5 : 1.5;
	if (level == 0)
		level = 1;
	const struct dest *d = &P->L.dests[dest];
	char num[32] = "";
	if (d->page >= 0)
		snprintf(num, sizeof num, "%d", d->page + 1);
	double size = level == 1 ? P->st.size_body : P->st.size_body - 1;
	double line_h = size * 1.35;
	double indent = level == 1 ? 0 : 16;
	double numw = 32;
	double w = P->L.body_w;
	int font = face(P, FAM_BODY, 0, 0);
	double last_w = 0;
	/* tagged: a TOCI holding a Link with the title, the page number and
	 * the link area, the leaders an artifact */
	int toci = layout_tag_open(&P->L, TAG_TOCI);
	int link = layout_tag_open(&P->L, TAG_LINK);
	size_t nl = pdf_simple_para(P, title, font, size, line_h, level == 1 ? P->st.c_text : P->st.c_muted,
				    indent, w - indent - numw - 14, ALIGN_RAGGED,
				    space, -1, &last_w);
	if (!nl) {
		layout_tag_close(&P->L, link);
		layout_tag_close(&P->L, toci);
		return;
	}
	size_t before = extend_begin(P);
	int leaders = layout_tag_new(&P->L, TAG_ARTIFACT, link);
	double base = baseline(line_h, size);
	/* leaders end just before the number column */
	double dot_w = fontset_width(&P->fs, font, ". ", 2, size);
	double x0 = indent + last_w + 8, x1 = w - numw - 4;
	if (dot_w > 0 && x1 > x0 + dot_w) {
		size_t count = (size_t)((x1 - x0) / dot_w);
		struct buf dots = BUF_INIT;
		for (size_t k = 0; k < count; k++)
			buf_puts(&dots, ". ");
		layout_tag_op(&P->L, OP_TAG_BEGIN, leaders);
		layout_text_op(&P->L, x1 - count * dot_w, base, font, size, P->st.c_rule, dots.ptr,
			       dots.len);
		layout_tag_op(&P->L, OP_TAG_END, leaders);
		buf_free(&dots);
	}
	double nw = fontset_width(&P->fs, font, num, strlen(num), size);
	layout_text_op(&P->L, w - nw, base, font, size, level == 1 ? P->st.c_text : P->st.c_muted,
		       num, strlen(num));
	layout_link_op(&P->L, indent, -(double)(nl - 1) * line_h, w - indent, nl * line_h,
		       layout_link_dest(&P->L, dest));
	layout_tag_close(&P->L, link);
	layout_tag_close(&P->L, toci);
	extend_end(P, before);
	P->L.items[P->L.n_items - 1].lesson = -1;
}

void pdf_contents(struct pdf *P)
{
	const struct book *b = P->b;
	double w = P->L.body_w;
	size_t first = P->L.n_items;
	double ts = P->st.size_h[0];
	int toc = layout_tag_open(&P->L, TAG_TOC);
	int tag = layout_tag_open(&P->L, TAG_H1);
	pdf_simple_para(P, "Contents", face(P, FAM_HEADING, 1, 0), ts, ts * 1.25, P->st.c_heading, 0, w,
			ALIGN_RAGGED, 0, layout_dest(&P->L, "contents"), NULL);
	layout_tag_close(&P->L, tag);
	P->L.items[first].new_page = 1;
	P->L.items[first].keep_next = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 6, 48, 2.2, P->st.c_accent);
	layout_end_item(&P->L, 18, 0);
	/* the same entries as the outline: sections, lessons, their h2 */
	int first_section = 1;
	for (size_t k = 0; k < P->n_ol; k++) {
		const struct outline_entry *e = &P->ol[k];
		if (e->back) {
			contents_entry(P, e->title, e->dest, 0);
		} else if (e->level == 0) {
			const char *bt = pdf_course_title(P);
			if (!*e->title || (b->n_sections <= 1 && bt && !strcmp(e->title, bt)))
				continue;
			size_t before = P->L.n_items;
			double sz = P->st.size_body;
			P->title_at = e->at;
			tag = layout_tag_open(&P->L, TAG_TOCI);
			pdf_simple_para(P, e->title, face(P, FAM_HEADING, 1, 0), sz, sz * 1.4, P->st.c_accent,
					0, w, ALIGN_RAGGED, first_section ? 4 : 14, -1, NULL);
			layout_tag_close(&P->L, tag);
			P->title_at = NULL;
			first_section = 0;
			for (size_t i = before; i < P->L.n_items; i++)
				P->L.items[i].keep_next = 1;
		} else if (e->level == 1 || P->st.contents_depth >= 2) {
			/* a lesson's title is warned at its place; a heading's
			 * characters were warned where the lesson shows it */
			P->title_at = e->at;
			P->quiet = e->level == 2;
			contents_entry(P, e->title, e->dest, e->level);
			P->title_at = NULL;
			P->quiet = 0;
		}
	}
	layout_tag_close(&P->L, toc);
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 0;
}

void pdf_outline(struct pdf *P)
{
	HPDF_Outline sec = NULL, les = NULL;
	for (size_t i = 0; i < P->n_ol; i++) {
		const struct outline_entry *e = &P->ol[i];
		if (e->level == 0) {
			sec = device_outline(&P->dv, &P->L, NULL, e->title, e->dest, 1);
			les = NULL;
		} else if (e->level == 1) {
			les = device_outline(&P->dv, &P->L, sec, e->title, e->dest, 0);
		} else {
			device_outline(&P->dv, &P->L, les ? les : sec, e->title, e->dest, 0);
		}
	}
}
