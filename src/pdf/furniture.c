/* furniture.c — the running headers and footers of each page: three
 * templates a line (left, centre, right) from the style, with {course},
 * {lesson}, {section}, {page} and {author} filled in, each shortened with
 * an ellipsis to its share of the width. Front matter is numbered in
 * roman numerals and has no header; a chapter's first page neither.
 *
 * Duplex (two-sided) books are mirrored: on a left-hand (even) page the
 * text area moves so the wider margin stays at the binding, the header
 * shows only its left template, at the outer edge, and a right-hand page
 * only its right one; the footer's left and right swap on left-hand pages
 * so a page number in a corner sits outside. A blank verso carries
 * nothing. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

static void roman(int n, char *out, size_t cap)
{
	static const struct {
		int v;
		const char *s;
	} r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
		 {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(r); i++)
		while (n >= r[i].v && len + 3 < cap) {
			strcpy(out + len, r[i].s);
			len += strlen(r[i].s);
			n -= r[i].v;
		}
}

static void expand(struct pdf *P, const char *tpl, const struct page *pg, const char *num,
		   struct buf *out)
{
	buf_clear(out);
	const struct book *b = P->b;
	const struct lesson *l = pg->lesson >= 0 ? &b->lessons[pg->lesson] : NULL;
	const char *section = l ? pdf_section_title(P, l->section) : NULL;
	const char *course = pdf_course_title(P);
	const char *lesson = l ? pdf_lesson_title(P, (size_t)pg->lesson) : NULL;
	const struct {
		const char *name, *value;
	} vars[] = {{"{course}", course ? course : ""},
		    {"{lesson}", lesson ? lesson : ""},
		    {"{section}", section ? section : ""},
		    {"{page}", num},
		    {"{author}", b->author ? pdf_author(P) : ""}};
	for (const char *s = tpl; s && *s;) {
		size_t k = 0;
		while (k < ARRAY_LEN(vars) && strncmp(s, vars[k].name, strlen(vars[k].name)))
			k++;
		if (k < ARRAY_LEN(vars)) {
			buf_puts(out, vars[k].value);
			s += strlen(vars[k].name);
		} else {
			buf_putc(out, *s++);
		}
	}
}

/* Shorten t with an ellipsis until it fits max_w: the longest prefix that
 * fits with "…" after it, less its trailing spaces; nothing when not even
 * the ellipsis fits. */
static void fit(struct pdf *P, struct buf *t, int font, double size, double max_w)
{
	if (pdf_fit_prefix(P, font, size, t->ptr, t->len, "", max_w) == (long)t->len)
		return;
	long m = pdf_fit_prefix(P, font, size, t->ptr, t->len, "\xE2\x80\xA6", max_w);
	size_t keep = m < 0 ? 0 : (size_t)m;
	while (keep && t->ptr[keep - 1] == ' ')
		keep--;
	t->len = keep;
	t->ptr[keep] = '\0';
	if (m >= 0)
		buf_puts(t, "\xE2\x80\xA6");
}

static void three(struct pdf *P, double y, const char *l, const char *c, const char *r,
		  const struct page *pg, const char *num)
{
	struct buf t = BUF_INIT;
	int font = face(P, FAM_HEADING, 0, 0);
	double size = P->st.size_small;
	double w = P->L.body_w;
	const char *tpl[3] = {l, c, r};
	struct buf left = BUF_INIT;
	for (int k = 0; k < 3; k++) {
		expand(P, tpl[k], pg, num, &t);
		if (k == 0)
			buf_puts(&left, buf_cstr(&t));
		/* a lesson named like its course: say it once */
		if (!t.len || (k == 2 && !strcmp(buf_cstr(&t), buf_cstr(&left))))
			continue;
		fit(P, &t, font, size, k == 1 ? w / 3 : w / 2 - 12);
		double tw = pdf_text_width(P, font, size, buf_cstr(&t));
		double x = k == 0 ? 0 : k == 1 ? (w - tw) / 2 : w - tw;
		pdf_put_text(P, x, y, font, size, P->st.c_muted, buf_cstr(&t));
	}
	buf_free(&left);
	buf_free(&t);
}

void pdf_furniture(struct pdf *P, size_t pi, int number, int front)
{
	struct page *pg = &P->L.pages[pi];
	int verso = P->st.duplex && number % 2 == 0;
	if (verso)
		pg->dx = P->st.margin_right - P->st.margin_left;
	if (pg->blank)
		return;
	if (!front && (long)pi == P->back_page)
		return; /* the back cover: no header, no page number */
	char num[32];
	if (front)
		roman(number, num, sizeof num);
	else
		snprintf(num, sizeof num, "%d", number);
	layout_begin_item(&P->L);
	if (!front && !pg->chapter && pg->lesson >= 0) {
		double y = -P->st.margin_top * 0.42;
		if (!P->st.duplex)
			three(P, y, P->st.header_left, "", P->st.header_right, pg, num);
		else
			three(P, y, verso ? P->st.header_left : "", "",
			      verso ? "" : P->st.header_right, pg, num);
		layout_line_op(&P->L, 0, y + 5, P->L.body_w, y + 5, 0.4, P->st.c_rule);
	}
	double fy = P->L.body_h + P->st.margin_bottom * 0.5;
	three(P, fy, verso ? P->st.footer_right : P->st.footer_left, P->st.footer_center,
	      verso ? P->st.footer_left : P->st.footer_right, pg, num);
	layout_end_item(&P->L, 0, 0);
	pg->furniture = (long)P->L.n_items - 1;
}
