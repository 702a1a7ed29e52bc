/* endnotes.c — external links on paper. A reader of the printed book
 * cannot click, so every external (http, https) link gets a raised
 * "[n]" after its words, numbered per lesson, and the lesson ends with a
 * "Links" list that prints each URL in full; with the theme's `qr_links`
 * each entry also gets a QR code, and a link to a video always does.
 *
 * Endnotes rather than footnotes: a lesson with many links would crowd
 * its pages' feet, the numbers would mix with the author's own footnotes,
 * and a QR code is too big for a page's foot. One list per lesson is also
 * one place to scan them from. A URL linked twice in a lesson keeps its
 * first number; a link whose words spell the URL (with or without its
 * scheme, "www." or last slash) needs no note unless a QR code is wanted,
 * and links between lessons are not external. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/print.h"
#include "text/video.h"

static void notes_clear(struct print *pr)
{
	for (size_t i = 0; i < pr->n_notes; i++) {
		free(pr->notes[i].url);
		free(pr->notes[i].text);
	}
	pr->n_notes = 0;
}

void pdf_endnotes_begin(struct pdf *P)
{
	if (P->print) {
		notes_clear(P->print);
		P->print->n_videos = 0;
	}
}

static const char *note_dest(struct pdf *P, struct buf *b, int num)
{
	buf_clear(b);
	buf_printf(b, "L%zu^ln%d", P->li, num);
	return buf_cstr(b);
}

/* Whether a link's words already spell its address ("example.com/a"
 * for https://example.com/a/): then the reader has the URL in full. */
static int spells_url(const char *text, const char *url)
{
	const char *u[2] = {text, url};
	size_t n[2];
	for (int k = 0; k < 2; k++) {
		if (!strncasecmp(u[k], "https://", 8))
			u[k] += 8;
		else if (!strncasecmp(u[k], "http://", 7))
			u[k] += 7;
		if (!strncasecmp(u[k], "www.", 4))
			u[k] += 4;
		n[k] = strlen(u[k]);
		if (n[k] && u[k][n[k] - 1] == '/')
			n[k]--;
	}
	return n[0] == n[1] && !strncmp(u[0], u[1], n[0]);
}

int pdf_endnote_ref(struct pdf *P, cmark_node *link, const char *url)
{
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return 0;
	char *video = video_watch_url(url);
	const char *target = video ? video : url;
	char *text = book_node_text(link);
	if (text &&
	    (!*text || spells_url(text, url) || spells_url(text, target))) {
		free(text);
		text = NULL;
	}
	if (!text && !video && !P->st.qr_links)
		return 0;
	if (!P->print)
		P->print = xcalloc(1, sizeof *P->print);
	struct print *pr = P->print;
	for (size_t i = 0; i < pr->n_notes; i++)
		if (!strcmp(pr->notes[i].url, target)) {
			free(text);
			free(video);
			return (int)i + 1;
		}
	pr->notes = xgrow(pr->notes, &pr->cap_notes, pr->n_notes + 1,
	                  sizeof *pr->notes);
	pr->notes[pr->n_notes++] = (struct endnote){xstrdup(target), text};
	free(video);
	return (int)pr->n_notes;
}

void pdf_endnote_mark(struct pdf *P, const struct inl *s, int num,
                      cmark_node *where)
{
	struct inl sup = *s;
	sup.super = 1;
	sup.code = 0;
	sup.strike = 0;
	struct buf name = BUF_INIT;
	sup.link = layout_link_dest(
	    &P->L, layout_dest(&P->L, note_dest(P, &name, num)));
	char mark[24];
	snprintf(mark, sizeof mark, "[%d]", num);
	/* no break before the mark: it belongs to the word it follows */
	pdf_inl_text(P, &P->para, &sup, mark, strlen(mark), where);
	buf_free(&name);
}

/* Entry i without a code: "[n]" hanging, the link's words, the URL. */
static void entry_text(struct pdf *P, struct blk *bk, size_t i, int dest)
{
	const struct endnote *e = &P->print->notes[i];
	char mark[24];
	snprintf(mark, sizeof mark, "[%zu]", i + 1);
	struct blk in = *bk;
	in.size = P->st.size_small + 1;
	in.x = bk->x + 24;
	in.w = bk->w - 24;
	in.marker = mark;
	in.marker_x = bk->x;
	struct inl s = pdf_inl_of(P, &in);
	struct para_opts o = pdf_para_opts(P, &in, in.size);
	o.align = ALIGN_RAGGED;
	o.dest = dest;
	P->para.hyphenate = 0;
	double max_width = P->para.max_width;
	P->para.max_width = in.w;
	/* the lesson showed the words in full; the list only names them */
	if (e->text) {
		char *t = pdf_cut_chars(e->text, PDF_TITLE_CHARS);
		pdf_inl_text(P, &P->para, &s, t, strlen(t), NULL);
		pdf_inl_text(P, &P->para, &s, " \xE2\x80\x94 ", 5, NULL);
		free(t);
	}
	s.link = layout_link_uri(&P->L, e->url);
	char *u = pdf_cut_chars(e->url, PDF_URL_CHARS);
	pdf_inl_text(P, &P->para, &s, u, strlen(u), NULL);
	free(u);
	pdf_flush_para(P, &in, &o);
	P->para.max_width = max_width;
	P->gap = 3;
}

void pdf_render_endnotes(struct pdf *P, struct blk *bk)
{
	struct print *pr = P->print;
	if (!pr || !pr->n_notes)
		return;
	double hs = P->st.size_h[2];
	take_gap(P);
	int tag = layout_tag_open(&P->L, TAG_P);
	pdf_simple_para(P, "Links", face(P, FAM_HEADING, 1, 0), hs, hs * 1.3,
	                P->st.c_heading, bk->x, bk->w, ALIGN_RAGGED,
	                P->st.space_heading, -1, NULL);
	layout_tag_close(&P->L, tag);
	P->L.items[P->L.n_items - 1].keep_next = 1;
	P->gap = 4;
	struct buf name = BUF_INIT;
	for (size_t i = 0; i < pr->n_notes; i++) {
		int dest = layout_dest(&P->L, note_dest(P, &name, (int)i + 1));
		char *video = video_watch_url(pr->notes[i].url);
		tag = layout_tag_open(&P->L, TAG_NOTE);
		if (video || P->st.qr_links) {
			char mark[48];
			snprintf(mark, sizeof mark, "[%zu]%s", i + 1,
			         video ? " VIDEO" : "");
			pdf_qr_box(P, bk, mark, pr->notes[i].text,
			           pr->notes[i].url, 0, dest);
			P->gap = 6;
		} else {
			entry_text(P, bk, i, dest);
		}
		layout_tag_close(&P->L, tag);
		free(video);
		/* the heading takes its first two entries along to a new page
		 */
		if (i == 0 && pr->n_notes > 1)
			P->L.items[P->L.n_items - 1].keep_next = 1;
	}
	buf_free(&name);
	P->gap = P->st.space_paragraph;
}

void pdf_print_free(struct pdf *P)
{
	if (!P->print)
		return;
	notes_clear(P->print);
	free(P->print->notes);
	free(P->print->videos);
	free(P->print);
	P->print = NULL;
}
