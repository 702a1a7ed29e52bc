/* pdf.c — pdf_write, the PDF back end's one entry point (pdf.h says what
 * the folder holds).
 *
 * The book is built in this order: lessons first (their pages are
 * numbered 1, 2, …), then the cover and the contents, whose page numbers
 * are then known; the device draws the front matter first, then the
 * outline, page labels and document info go in, and the file is saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/zflate.h"
#include "pdf/pdf.h"
#include "pdf/print.h"
#include "pdf/tags.h"
#include "typeset/hyph.h"

/* -v: how long each stage took, to keep an eye on the time budget. */
static void stamp(struct pdf *P, const char *what)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double t = now.tv_sec * 1e3 + now.tv_nsec / 1e6;
	if (P->opt->verbose && P->t0 > 0)
		fprintf(stderr, "octavo: pdf %s %.1f ms\n", what, t - P->t0);
	P->t0 = t;
}

/* Lay out and paginate the lessons, then the front matter, and give every
 * page its furniture. Returns the number of body pages; *n_front gets the
 * number of front matter pages, which follow them in L. */
static size_t lay_out_book(struct pdf *P, size_t *n_front)
{
	pdf_index_begin(P);
	pdf_layout_lessons(P);
	P->L.tag_cur = -1; /* the last section's Part ends */
	P->tag_part = -1;
	stamp(P, "lessons");
	layout_paginate(&P->L, 0, 0);
	layout_resolve_dests(&P->L);
	pdf_index(P); /* back matter, numbered on from the lessons */
	/* the back cover last, after the index: on a left-hand page when the
	 * book is printed on both sides, so it is the back of the last sheet */
	size_t back_items = P->L.n_items;
	if (P->st.duplex && P->L.n_pages % 2 == 0)
		layout_blank_page(&P->L, 0);
	pdf_back_cover(P);
	layout_paginate(&P->L, back_items, 0);
	layout_resolve_dests(&P->L);
	P->back_page = (long)P->L.n_pages - 1;
	size_t n_body = P->L.n_pages;
	size_t front_items = P->L.n_items;
	P->li = 0;
	P->les = NULL;
	pdf_cover(P);
	pdf_contents(P);
	layout_paginate(&P->L, front_items, 1);
	layout_resolve_dests(&P->L);
	/* duplex: an even front matter keeps the first lesson on a recto */
	if (P->st.duplex && (P->L.n_pages - n_body) % 2)
		layout_blank_page(&P->L, 1);
	*n_front = P->L.n_pages - n_body;

	stamp(P, "pages");
	for (size_t i = 0; i < n_body; i++)
		pdf_furniture(P, i, (int)i + 1, 0);
	for (size_t i = 1; i < *n_front; i++)
		pdf_furniture(P, n_body + i, (int)i + 1, 1);
	return n_body;
}

/* The subjects as the info dictionary's keywords, and the rest of it. */
static void document_info(struct pdf *P)
{
	const struct book *b = P->b;
	struct buf kw = BUF_INIT;
	for (size_t i = 0; i < b->n_subjects; i++) {
		if (i)
			buf_puts(&kw, ", ");
		buf_puts(&kw, b->subjects[i]);
	}
	time_t when = book_time(P->b, P->opt->source_date);
	device_info(&P->dv, b->title, b->author, b->description, kw.len ? buf_cstr(&kw) : NULL,
		    when);
	buf_free(&kw);
	struct tags_info ti = {b->title, b->author, b->language ? b->language : "en", when};
	tags_finish(&P->dv, &P->L, &ti);
}

/* Draw the front matter, then the body; then the outline, the page
 * labels (roman, then arabic from 1) and the document info. */
static void draw_book(struct pdf *P, size_t n_body, size_t n_front)
{
	size_t *order = xmalloc((P->L.n_pages + 1) * sizeof *order);
	for (size_t i = 0; i < n_front; i++)
		order[i] = n_body + i;
	for (size_t i = 0; i < n_body; i++)
		order[n_front + i] = i;
	device_draw(&P->dv, &P->L, order, P->L.n_pages);
	free(order);
	/* tagged, the tree is built after this: it should not stand on top
	 * of the display list's memory */
	layout_free_display(&P->L);
	stamp(P, "pages drawn");
	if (P->dv.links_cut_lesson != -2) {
		int li = P->dv.links_cut_lesson;
		diag_add(P->d, DIAG_WARNING,
			 li >= 0 && (size_t)li < P->b->n_lessons ? P->b->lessons[li].path : NULL, 0, 0,
			 "more than %d links in the book; from here on the PDF shows them as plain text",
			 DEVICE_MAX_LINKS);
	}
	pdf_outline(P);
	if (n_front)
		device_page_label(&P->dv, 0, 1);
	if (n_body)
		device_page_label(&P->dv, n_front, 0);
	stamp(P, "outline");
	document_info(P);
}

void pdf_walker_free(struct pdf *P)
{
	for (size_t i = 0; i < P->n_ol; i++)
		free(P->ol[i].title);
	free(P->ol);
	pdf_print_free(P);
	free(P->fn_defs);
	free(P->fn_note);
	free(P->warned);
	free(P->twarned);
	pdf_titles_free(P);
	para_free(&P->para);
}

static void pdf_free(struct pdf *P)
{
	if (P->dev_ready)
		device_close(&P->dv);
	if (P->layout_ready)
		layout_free(&P->L);
	pdf_walker_free(P);
	free(P->img);
	free(P->img_w);
	free(P->img_h);
	for (size_t i = 0; P->px && i < P->b->n_assets; i++)
		device_png_free(&P->px[i]);
	free(P->px);
	free(P->pixel_jobs);
	for (size_t i = 0; P->pixel_keys && i < P->b->n_assets; i++) {
		buf_free(&P->pixel_keys[i]);
		buf_free(&P->pixel_names[i]);
	}
	free(P->pixel_keys);
	free(P->pixel_names);
	pdf_index_free(P);
	hyph_close(P->hy);
	free(P->hy_path);
	/* The fonts are left mapped for the exit to take back, like
	 * libharu's objects (util.h): unmapping each font file and glyph
	 * table while the other threads still run costs a TLB flush on every
	 * core, 0.2 ms of the calling thread for the Rust course's eight
	 * fonts once the file is written; the exit unmaps them all at once. */
	if (free_at_exit)
		fontset_free(&P->fs);
	style_free(&P->st);
}

int pdf_write(const struct book *b, const struct build_options *opt, const char *out_path,
	      struct diags *d)
{
	struct pdf P;
	memset(&P, 0, sizeof P);
	P.back_page = -1;
	P.tag_part = -1;
	P.b = b;
	P.opt = opt;
	P.d = d;
	stamp(&P, "");
	zflate_init(); /* before this back end starts its threads */
	int rc = -1;
	style_defaults(&P.st);
	fontset_init(&P.fs);
	para_init(&P.para);
	if (pdf_setup(&P, out_path) == 0) {
		stamp(&P, "setup");
		P.st.duplex |= opt->duplex;
		if (opt->pdf_setup_done)
			opt->pdf_setup_done(opt->pdf_setup_arg);
		/* the structure tree's root, open from the cover to the back cover */
		P.L.tagging = P.dv.tagged = !opt->untagged;
		layout_tag_open(&P.L, TAG_DOCUMENT);
		size_t n_front;
		size_t n_body = lay_out_book(&P, &n_front);
		draw_book(&P, n_body, n_front);
		stamp(&P, "draw");
		rc = device_save(&P.dv, out_path, d);
		stamp(&P, "save");
		if (opt->verbose)
			fprintf(stderr, "octavo: pdf fonts %d, subsets from the cache %d\n",
				P.dv.n_fonts, P.dv.fonts_cached);
		if (opt->verbose && P.n_pixel_jobs)
			fprintf(stderr, "octavo: pdf pictures decoded %zu, from the cache %zu\n",
				P.n_pixel_jobs, P.pixels_cached);
	}
	pdf_free(&P);
	return rc;
}
