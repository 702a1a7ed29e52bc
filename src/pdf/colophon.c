/* colophon.c — the back cover, the last page of the handbook: what the
 * book is (its title and description), who wrote it, and how this copy
 * was made (the build date and the octavo version), so a printed copy
 * says which build it is. The date is SOURCE_DATE_EPOCH's, never the
 * clock's, so a rebuild stays byte-identical; without it there is no
 * date. The page has no running header or footer. */
#include <stdio.h>
#include <time.h>

#include "base/buf.h"
#include "base/version.h"
#include "pdf/print.h"

/* The UTC calendar date of t, "YYYY-MM-DD", by arithmetic on days
 * (the proleptic Gregorian calendar, shifted to start in March so the leap
 * day ends a year). Not gmtime_r: the EPUB thread is in glibc's time-zone
 * code (libzip's mktime) while this runs, and its lock is one that
 * helgrind cannot see, so every build with both formats was reported. */
static void utc_date(time_t t, char *out, size_t size)
{
	long long z = (long long)(t / 86400) + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int day = (int)(doy - (153 * mp + 2) / 5 + 1);
	int month = (int)(mp < 10 ? mp + 3 : mp - 9);
	long long year = yoe + era * 400 + (month <= 2);
	snprintf(out, size, "%04lld-%02d-%02d", year, month, day);
}

static double items_height(const struct pdf *P, size_t first)
{
	double h = 0;
	for (size_t k = first; k < P->L.n_items; k++)
		h += P->L.items[k].height +
		     (k > first ? P->L.items[k].space_before : 0);
	return h;
}

/* The lines at the foot of the page: author, date, version. */
static void colophon_lines(struct pdf *P, size_t first)
{
	const struct book *b = P->b;
	double H = P->L.body_h, size = P->st.size_small + 0.5, lh = size * 1.5;
	struct buf t = BUF_INIT;
	const char *lines[3];
	int n = 0;
	char date[32] = "";
	if (P->opt->source_date >= 0)
		utc_date(P->opt->source_date, date, sizeof date);
	if (b->author && *b->author)
		lines[n++] = b->author;
	if (*date) {
		buf_printf(&t, "Built on %s", date);
		lines[n++] = buf_cstr(&t);
	}
	lines[n++] = "Made with octavo " OCTAVO_VERSION;
	double used = items_height(P, first), h = lh * n + 8;
	layout_begin_item(&P->L);
	layout_line_op(&P->L, 0, 0, P->L.body_w, 0, 0.6, P->st.c_rule);
	for (int i = 0; i < n; i++) {
		int tag = layout_tag_open(&P->L, TAG_P);
		pdf_put_text(P, 0, 8 + lh * i + size,
		             face(P, FAM_HEADING, i == 0 && b->author, 0), size,
		             i == 0 && b->author ? P->st.c_text : P->st.c_muted,
		             lines[i]);
		layout_tag_close(&P->L, tag);
	}
	double gap = H - used - h - 2;
	layout_end_item(&P->L, h, gap > 0 ? gap : 0);
	buf_free(&t);
}

void pdf_back_cover(struct pdf *P)
{
	const struct book *b = P->b;
	double w = P->L.body_w;
	size_t first = P->L.n_items;
	P->li = 0;
	P->les = NULL;
	/* the cover sets the same title and description and warns about them */
	P->quiet = 1;
	int sect = layout_tag_open(&P->L, TAG_SECT);
	layout_begin_item(&P->L);
	struct item *it = layout_end_item(&P->L, P->L.body_h * 0.3, 0);
	it->new_page = 1;
	it->chapter = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 0, 40, 3, P->st.c_accent);
	layout_end_item(&P->L, 16, 0);
	double ts = P->st.size_h[1];
	P->title_at = &b->title_at;
	int tag = layout_tag_open(&P->L, TAG_P);
	pdf_simple_para(P, b->title ? b->title : "Handbook",
	                face(P, FAM_HEADING, 1, 0), ts, ts * 1.2,
	                P->st.c_heading, 0, w, ALIGN_RAGGED, 0,
	                layout_dest(&P->L, "colophon"), NULL);
	layout_tag_close(&P->L, tag);
	P->title_at = NULL;
	if (b->description && *b->description) {
		tag = layout_tag_open(&P->L, TAG_P);
		pdf_simple_para(P, b->description, face(P, FAM_BODY, 0, 1),
		                P->st.size_body + 1,
		                (P->st.size_body + 1) * 1.4, P->st.c_muted, 0,
		                w * 0.85, ALIGN_RAGGED, 10, -1, NULL);
		layout_tag_close(&P->L, tag);
	}
	colophon_lines(P, first);
	layout_tag_close(&P->L, sect);
	P->quiet = 0;
	for (size_t k = first; k < P->L.n_items; k++) {
		P->L.items[k].keep_next = 1;
		P->L.items[k].lesson = -1;
	}
	P->L.items[P->L.n_items - 1].keep_next = 0;
}
