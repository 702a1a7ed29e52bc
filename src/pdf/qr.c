/* qr.c — QR codes, drawn as vector rectangles (one filled rectangle per
 * run of dark modules in a row, on a white square that holds the quiet
 * zone), and the box that sets one beside the words it stands for: a
 * video's title and URL, or a link's endnote. The code is made by
 * libqrencode at error-correction level M, which survives a smudge or a
 * fold; a box is one item, so it never splits across pages.
 *
 * Size: the symbol is at least 2 cm square (a phone camera reads that
 * from a book held at reading distance), a module a whole number of
 * quarter points so every edge falls on the same grid, and the quiet
 * zone is the 4 modules the standard asks for.
 *
 * libqrencode is opened with dlopen on the first code, not linked: it
 * and the libpthread it brings were two of the eight shared libraries
 * every run mapped and relocated before main, for books most of which
 * have no video. Its header still types both calls (__typeof__). */
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "base/diag.h"
#include "pdf/print.h"

/* libqrencode's stable ABI name (the -dev package's .so is only a link) */
#define QR_SONAME "libqrencode.so.4"

static struct {
	__typeof__(QRcode_encodeString) *encode;
	__typeof__(QRcode_free) *free;
	char why[200]; /* the loader's reason, when not open */
} ql;
static pthread_once_t ql_once = PTHREAD_ONCE_INIT;

/* The handle stays open for the process, like a linked library's. */
static void ql_open(void)
{
	void *lib = dlopen(QR_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		snprintf(ql.why, sizeof ql.why, "%s", why ? why : "not found");
		return;
	}
	ql.encode = (__typeof__(QRcode_encodeString) *)dlsym(lib, "QRcode_encodeString");
	ql.free = (__typeof__(QRcode_free) *)dlsym(lib, "QRcode_free");
	if (!ql.encode || !ql.free) {
		snprintf(ql.why, sizeof ql.why, "a function is missing");
		ql.encode = NULL;
	}
}

void pdf_no_qr_warn(struct pdf *P, const char *path)
{
	if (P->log) {
		pdf_defer(P, (struct pdf_event){.kind = DEFER_NO_QR, .path = path});
		return;
	}
	if (P->no_qr_warned)
		return;
	P->no_qr_warned = 1;
	diag_add(P->d, DIAG_WARNING, path, 0, 0,
		 "cannot open %s (%s): video and link boxes are printed without their QR codes; "
		 "install libqrencode4",
		 QR_SONAME, ql.why);
}

#define QR_SYMBOL_MIN 57.0 /* pt: 2 cm */
#define QR_QUIET 4         /* modules of white around the symbol */
#define BOX_PAD 6.0

/* The code for url, or NULL when it cannot hold it (over ~2,300 bytes)
 * or libqrencode cannot be opened (said once). */
static QRcode *qr_encode(struct pdf *P, const char *url)
{
	pthread_once(&ql_once, ql_open);
	if (!ql.encode) {
		if (!P->quiet)
			pdf_no_qr_warn(P, P->les ? P->les->path : NULL);
		return NULL;
	}
	return ql.encode(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

/* The module, in pt, for a code whose white square may be at most
 * `room` wide: only a column narrower than a 2 cm code (a deep list on a
 * tiny page) gets a smaller one, rather than one that leaves the text
 * area. */
static double qr_module(const QRcode *q, double room)
{
	double m = ceil(QR_SYMBOL_MIN / q->width * 4) / 4;
	double fit = floor(room / (q->width + 2 * QR_QUIET) * 4) / 4;
	return fit < m ? (fit > 0.25 ? fit : 0.25) : m;
}

/* The white square and the dark runs, top-left at (x, y) of the item. A
 * run reaches a hair into the row below, so that no anti-aliased seam
 * shows between rows on screen or in a scan. */
static void qr_draw(struct pdf *P, const QRcode *q, double m, double x,
                    double y)
{
	static const struct rgb white = {1, 1, 1}, black = {0, 0, 0};
	double side = (q->width + 2 * QR_QUIET) * m;
	layout_rect_op(&P->L, x, y, side, side, white);
	double x0 = x + QR_QUIET * m, y0 = y + QR_QUIET * m;
	for (int r = 0; r < q->width; r++) {
		const unsigned char *row = q->data + (size_t)r * q->width;
		for (int c = 0; c < q->width;) {
			if (!(row[c] & 1)) {
				c++;
				continue;
			}
			int e = c;
			while (e < q->width && (row[e] & 1))
				e++;
			double h = r + 1 < q->width ? m + 0.05 : m;
			layout_rect_op(&P->L, x0 + c * m, y0 + r * m,
			               (e - c) * m, h, black);
			c = e;
		}
	}
}

/* One short paragraph of the box's text at (x, *y), width w; *y moves
 * past it. */
static void box_text(struct pdf *P, const char *t, int font, double size,
                     struct rgb c, int link, double x, double *y, double w)
{
	struct run_style rs;
	memset(&rs, 0, sizeof rs);
	rs.font = font;
	rs.size = size;
	rs.colour = c;
	rs.link = link;
	para_clear(&P->para);
	P->para.hyphenate = 0;
	P->para.max_width = w;
	pdf_add_text(P, &P->para, &rs, t, strlen(t), NULL);
	*y += layout_paragraph_inline(&P->L, &P->para, x, *y, w, size * 1.35,
	                              ALIGN_RAGGED, NULL);
	para_clear(&P->para);
}

/* The text beside (or under) the code; returns its height. */
static double box_words(struct pdf *P, const char *kicker, const char *title,
                        const char *url, int link, double x, double y, double w)
{
	const struct style *st = &P->st;
	double y0 = y;
	if (kicker)
		box_text(P, kicker, face(P, FAM_HEADING, 1, 0), st->size_small,
		         st->c_accent, -1, x, &y, w);
	/* the box is one item that never splits: its words must fit a page */
	if (title) {
		char *t = pdf_cut_chars(title, PDF_TITLE_CHARS);
		box_text(P, t, face(P, FAM_BODY, 1, 0), st->size_body, st->c_text, -1, x, &y,
			 w);
		free(t);
	}
	char *u = pdf_cut_chars(url, PDF_URL_CHARS);
	box_text(P, u, face(P, FAM_BODY, 0, 0), st->size_small, st->c_link, link, x, &y, w);
	free(u);
	return y - y0;
}

void pdf_qr_box(struct pdf *P, struct blk *bk, const char *kicker,
                const char *title, const char *url, int tinted, int dest)
{
	QRcode *q = qr_encode(P, url);
	/* the shared paragraph's settings, which a table measured next
	 * relies on */
	double max_width = P->para.max_width;
	int hyphenate = P->para.hyphenate;
	int link = pdf_safe_uri(url) ? layout_link_uri(&P->L, url) : -1;
	double pad = tinted ? BOX_PAD : 0;
	double m = q ? qr_module(q, bk->w - 2 * pad) : 0;
	double side = q ? (q->width + 2 * QR_QUIET) * m : 0;
	double tx = bk->x + pad + (q ? side + 10 : 0),
	       tw = bk->w - (tx - bk->x) - pad;
	/* a narrow column: the words go under the code */
	int stacked = q && tw < 110;
	if (stacked) {
		tx = bk->x + pad;
		tw = bk->w - 2 * pad;
	}
	layout_begin_item(&P->L);
	size_t bg = tinted ? layout_rect_op(&P->L, bk->x, 0, bk->w, 0,
	                                    P->st.c_box_bg[CALL_QUOTE])
	                   : 0;
	if (dest >= 0)
		layout_dest_op(&P->L, bk->x, 0, dest);
	double ty = pad + (stacked ? side + 4 : q ? 2 : 0);
	double h = ty + box_words(P, kicker, title, url, link, tx, ty, tw);
	if (q) {
		qr_draw(P, q, m, bk->x + pad, pad);
		if (link >= 0)
			layout_link_op(&P->L, bk->x + pad, pad, side, side,
			               link);
		if (pad + side > h)
			h = pad + side;
	}
	h += pad;
	if (tinted)
		P->L.ops[bg].h = h;
	struct item *it = layout_end_item(&P->L, h, take_gap(P));
	it->lesson = (int)P->li;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	if (q)
		ql.free(q);
	P->para.max_width = max_width;
	P->para.hyphenate = hyphenate;
	P->gap = P->st.space_paragraph;
}
