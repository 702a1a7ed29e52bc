/* print.h — what the printed page gives a reader in place of what only
 * works on screen: a box with a QR code for each embedded video, a
 * numbered "Links" list at the end of each lesson with the URL of every
 * external link (and a QR code beside it with the theme's `qr_links`),
 * and the colophon on the back cover. Private to src/pdf/, like pdf.h;
 * qr.c draws the codes and boxes, video.c finds the videos, endnotes.c
 * keeps the links, colophon.c sets the last page. */
#ifndef OCTAVO_PDF_PRINT_H
#define OCTAVO_PDF_PRINT_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "pdf/pdf.h"

/* An external link's endnote in the lesson being laid out. */
struct endnote {
	char *url;
	char *text; /* the link's words, NULL when they are the URL itself */
};

/* The print state of the lesson being laid out (P->print). */
struct print {
	struct endnote *notes;
	size_t n_notes, cap_notes;
	cmark_node **videos; /* video links met in the paragraph being walked */
	size_t n_videos, cap_videos;
};

/* --- video.c -------------------------------------------------------- */

/* A paragraph holding only links to videos (and spaces) is replaced by
 * their boxes: returns 1 when it did that, 0 when the paragraph is for
 * the caller to lay out. */
int pdf_video_paragraph(struct pdf *P, cmark_node *n, struct blk *bk);
/* Whether a link met in a paragraph's walk is a video: it is remembered,
 * and pdf_video_flush draws its box after the paragraph. */
int pdf_video_link(struct pdf *P, cmark_node *link);
/* The boxes of the videos remembered since the last call, in bk. */
void pdf_video_flush(struct pdf *P, struct blk *bk);
/* An HTML block whose <iframe> (src, its src attribute) embeds a video
 * becomes the video's box, titled by the iframe's title attribute:
 * returns 1 when it did, 0 when src is not a video. */
int pdf_video_iframe(struct pdf *P, const char *html, const char *src,
                     struct blk *bk);

/* --- qr.c ----------------------------------------------------------- */

/* A box of its own (one item, never split across pages): a QR code
 * opening url on the left (on a tinted ground when `tinted`) and beside
 * it an optional kicker, an optional title and the URL, which links to
 * url. dest (-1 none) is set at the box's top. Without a code (a URL too
 * long for one) only the text is printed. */
void pdf_qr_box(struct pdf *P, struct blk *bk, const char *kicker,
                const char *title, const char *url, int tinted, int dest);

/* --- endnotes.c ----------------------------------------------------- */

/* Start a lesson with no endnotes. */
void pdf_endnotes_begin(struct pdf *P);
/* The endnote number (from 1) of external link `link` to url, added on
 * first use in the lesson; 0 when the link needs none (its text already
 * prints the whole URL, and the theme asks for no QR codes). */
int pdf_endnote_ref(struct pdf *P, cmark_node *link, const char *url);
/* The link's mark after its text: "[n]", raised, linking to its note. */
void pdf_endnote_mark(struct pdf *P, const struct inl *s, int num,
                      cmark_node *where);
/* The lesson's "Links" list, after its text and footnotes. */
void pdf_render_endnotes(struct pdf *P, struct blk *bk);
/* Free P->print. */
void pdf_print_free(struct pdf *P);

/* --- colophon.c ----------------------------------------------------- */

/* The back cover, the book's last page: the course's title and
 * description, its author, the build date (SOURCE_DATE_EPOCH; none when
 * it is unset) and the octavo version. Laid out after the lessons and the
 * index, as a body page of its own with no header or footer (pdf.c
 * records its page in P->back_page). */
void pdf_back_cover(struct pdf *P);

#endif
