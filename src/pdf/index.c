/* index.c — the index of terms at the back of the PDF (theme key
 * `index`). The terms come from the book (book/terms.h: headings, strong
 * emphasis, code named in headings). While the lessons are laid out each
 * strong or code occurrence gets a destination on the line where it is
 * drawn (run_style.dest), and a heading has its own; once the lessons are
 * paginated those destinations say which pages each term is on. The
 * index is then laid out as pages after the last lesson, numbered on
 * from it: letter groups, one line per term, its pages merged into
 * ranges ("12, 14–16"), each number a link to the first occurrence on
 * that page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

void pdf_index_begin(struct pdf *P)
{
	if (!P->st.index)
		return;
	terms_build(P->b, &P->ix);
	P->ix_dest = xcalloc(P->ix.n_occ + 1, sizeof *P->ix_dest);
}

void pdf_index_free(struct pdf *P)
{
	terms_free(&P->ix);
	free(P->ix_dest);
	P->ix_dest = NULL;
}

int pdf_index_mark(struct pdf *P, cmark_node *n)
{
	if (!P->ix_dest)
		return 0;
	long k = terms_find(&P->ix, n);
	if (k < 0)
		return 0;
	if (!P->ix_dest[k]) {
		char name[40];
		snprintf(name, sizeof name, "ix%ld", k);
		P->ix_dest[k] = layout_dest(&P->L, name) + 1;
	}
	return P->ix_dest[k];
}

/* The destination of occurrence k: a heading's own, else the mark left
 * where the text was drawn; -1 when it was never laid out. */
static int occ_dest(struct pdf *P, size_t k)
{
	const struct term_occ *o = &P->ix.occ[k];
	if (cmark_node_get_type(o->node) != CMARK_NODE_HEADING)
		return P->ix_dest[k] - 1;
	const char *id = book_node_id(o->node);
	return id ? pdf_lesson_dest(P, o->lesson, id) : -1;
}

/* A term's pages (sorted, each once) and, per page, the destination of
 * its first occurrence there. Returns how many. */
static size_t term_pages(struct pdf *P, const struct term *t, int *page,
                         int *dest)
{
	size_t n = 0;
	for (size_t k = t->first; k < t->first + t->count; k++) {
		int d = occ_dest(P, k);
		if (d < 0 || P->L.dests[d].page < 0)
			continue;
		int pg = P->L.dests[d].page;
		/* reading order is page order but for a footnote: look at the
		 * end first, so a much-used term stays linear */
		size_t at = n && page[n - 1] <= pg ? n - 1 : 0;
		while (at < n && page[at] < pg)
			at++;
		if (at < n && page[at] == pg)
			continue;
		memmove(page + at + 1, page + at, (n - at) * sizeof *page);
		memmove(dest + at + 1, dest + at, (n - at) * sizeof *dest);
		page[at] = pg;
		dest[at] = d;
		n++;
	}
	return n;
}

/* One entry: the term, then its page numbers, runs of consecutive pages
 * as ranges, each linked. */
static void entry(struct pdf *P, const struct term *t, const int *page,
                  const int *dest, size_t n)
{
	double size = P->st.size_body - 0.5;
	struct run_style rs;
	memset(&rs, 0, sizeof rs);
	rs.font = face(P, FAM_BODY, 0, 0);
	rs.size = size;
	rs.colour = P->st.c_text;
	rs.link = -1;
	para_clear(&P->para);
	P->para.hyphenate = 0;
	pdf_add_text(P, &P->para, &rs, t->text, strlen(t->text), NULL);
	char num[48];
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && page[j + 1] == page[j] + 1)
			j++;
		rs.link = -1;
		rs.colour = P->st.c_text;
		pdf_add_text(P, &P->para, &rs, i ? ", " : "  ", 2, NULL);
		if (j > i)
			snprintf(num, sizeof num, "%d\xE2\x80\x93%d",
			         page[i] + 1, page[j] + 1);
		else
			snprintf(num, sizeof num, "%d", page[i] + 1);
		rs.link = layout_link_dest(&P->L, dest[i]);
		rs.colour = P->st.c_link;
		rs.nobreak = 1;
		pdf_add_text(P, &P->para, &rs, num, strlen(num), NULL);
		rs.nobreak = 0;
		i = j + 1;
	}
	struct para_opts o;
	memset(&o, 0, sizeof o);
	o.width = P->L.body_w;
	o.line_height = size * 1.3;
	o.align = ALIGN_RAGGED;
	o.space_before = 1;
	o.dest = -1;
	o.lesson = -1;
	int tag = layout_tag_open(&P->L, TAG_P);
	layout_paragraph(&P->L, &P->para, &o, NULL);
	layout_tag_close(&P->L, tag);
	para_clear(&P->para);
}

/* The title, and the letter groups with their entries. */
static int index_items(struct pdf *P)
{
	double w = P->L.body_w, ts = P->st.size_h[0];
	size_t first = P->L.n_items;
	int dest = layout_dest(&P->L, "index");
	int ix = layout_tag_open(&P->L, TAG_INDEX);
	int tag = layout_tag_open(&P->L, TAG_H1);
	pdf_simple_para(P, "Index", face(P, FAM_HEADING, 1, 0), ts, ts * 1.25,
	                P->st.c_heading, 0, w, ALIGN_RAGGED, 0, dest, NULL);
	layout_tag_close(&P->L, tag);
	P->L.items[first].new_page = 1;
	P->L.items[first].chapter = 1;
	P->L.items[first].keep_next = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 6, 48, 2.2, P->st.c_accent);
	layout_end_item(&P->L, 18, 0);
	int *page = xmalloc((P->ix.n_occ + 1) * sizeof *page);
	int *dests = xmalloc((P->ix.n_occ + 1) * sizeof *dests);
	const char *group = "";
	size_t entries = 0;
	P->quiet = 1; /* every character was warned about where the text is */
	for (size_t i = 0; i < P->ix.n; i++) {
		const struct term *t = &P->ix.v[i];
		size_t n = term_pages(P, t, page, dests);
		if (!n)
			continue;
		if (strcmp(group, t->group)) {
			group = t->group;
			double gs = P->st.size_h[2];
			size_t before = P->L.n_items;
			tag = layout_tag_open(&P->L, TAG_H2);
			pdf_simple_para(P, group, face(P, FAM_HEADING, 1, 0),
			                gs, gs * 1.3, P->st.c_accent, 0, w,
			                ALIGN_RAGGED, entries ? 10 : 0, -1,
			                NULL);
			layout_tag_close(&P->L, tag);
			for (size_t k = before; k < P->L.n_items; k++)
				P->L.items[k].keep_next = 1;
		}
		entry(P, t, page, dests, n);
		entries++;
	}
	P->quiet = 0;
	layout_tag_close(&P->L, ix);
	free(page);
	free(dests);
	for (size_t k = first; k < P->L.n_items; k++)
		P->L.items[k].lesson = -1;
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 0;
	return entries ? dest : -1;
}

void pdf_index(struct pdf *P)
{
	if (!P->ix_dest || !P->ix.n)
		return;
	size_t first = P->L.n_items;
	int dest = index_items(P);
	if (dest < 0) {
		/* no term was laid out: no index */
		P->L.n_items = first;
		return;
	}
	/* a run of its own, so its recto counts from the lessons' first page */
	if (P->st.duplex && P->L.n_pages % 2)
		layout_blank_page(&P->L, 0);
	layout_paginate(&P->L, first, 0);
	layout_resolve_dests(&P->L);
	pdf_outline_add(P, 0, "Index", dest, NULL);
	P->ol[P->n_ol - 1].back = 1;
}
