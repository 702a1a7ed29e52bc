/* pdf.h — src/pdf/: the PDF back end, from a struct book to a PDF file.
 *
 * It walks each lesson's cmark-gfm tree and feeds the device-independent
 * layout engine (src/typeset/) paragraphs and blocks: text, code, tables,
 * images, footnotes; then it builds the cover and the contents, whose page
 * numbers are known only once the lessons are paginated, adds the page
 * headers and footers, and hands the pages to a thin libharu device
 * (device.h) with the outline, page labels and document info. The fonts
 * are embedded as subsets (pdffont.h). It may use base, text, image, font,
 * typeset and book; never course (the loader), epub or cli. Its one entry
 * point, pdf_write(), is declared in book/backend.h.
 *
 * The rest of this header is private to src/pdf/: the walker's shared
 * context (struct pdf) and the functions its files call in each other.
 * Each function's file is named above its group. */
#ifndef OCTAVO_PDF_PDF_H
#define OCTAVO_PDF_PDF_H

#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>

#include "book/backend.h"
#include "book/terms.h"
#include "font/fontset.h"
#include "pdf/device.h"
#include "typeset/layout.h"
#include "typeset/style.h"

struct hyph;
struct pdf_log;

enum { FAM_BODY, FAM_HEADING, FAM_CODE, FAM_COUNT };

struct outline_entry {
	int level;   /* 0 section, 1 lesson, 2 heading */
	char *title;
	int dest;
	const struct srcpos *at; /* where the title is written (levels 0, 1) */
	int back;    /* back matter (the index): top level, listed with its page */
};

/* A character warned about in a title, and the title's place. */
struct title_warned {
	uint32_t cp;
	const struct srcpos *at;
};

struct pdf {
	const struct book *b;
	const struct build_options *opt;
	struct diags *d;
	struct style st;
	struct fontset fs;
	struct layout L;
	struct device dv;
	struct hyph *hy;
	char *hy_path;              /* the book language's patterns; NULL: none */
	int fam[FAM_COUNT][4];      /* font ids per family and face bits */
	int *img;                   /* per asset: device image, -1 failed, -2 untried */
	double *img_w, *img_h;      /* px */
	size_t li;                  /* lesson being laid out */
	const struct lesson *les;
	uint32_t *warned;           /* characters warned about in this lesson */
	size_t n_warned, cap_warned;
	/* Titles come from front matter, course.yml or _config.yml, not from
	 * the Markdown body: while one is laid out, title_at says where it is
	 * written, so that a character no font has is reported there. A title
	 * is drawn in several places (the chapter opening, the section
	 * kicker, the cover, the contents), so it is warned once per
	 * character per title place, over the whole book. */
	const struct srcpos *title_at;
	struct title_warned *twarned;
	size_t n_twarned, cap_twarned;
	int quiet;                  /* text drawn twice (contents' headings): warned already */
	struct para para;
	double gap;                 /* space before the next block, pt */
	int *fn_note;               /* per footnote number - 1 in this lesson: layout note id */
	size_t n_fn_note, cap_fn_note;
	size_t lesson_first;        /* first item of the lesson being laid out */
	cmark_node **fn_defs;
	size_t n_fn_defs, cap_fn_defs;
	struct outline_entry *ol;
	size_t n_ol, cap_ol;
	int skip_h1;                /* the lesson's first h1 repeats its title */
	int seen_content;
	double t0;                  /* ms, for -v timings */
	struct png_pixels *px;      /* per asset: PNGs and GIFs decoded ahead, on two threads */
	size_t *pixel_jobs;         /* assets to decode */
	size_t n_pixel_jobs, pixel_next;
	size_t pixels_cached;       /* of them, taken from the cache (imgcache.h) */
	struct buf *pixel_keys;     /* per asset: its cache key and file name, */
	struct buf *pixel_names;    /* made once (pdf_images_from_cache) */
	int dev_ready, layout_ready; /* what pdf_write has to close */
	struct print *print;        /* print.h: this lesson's endnotes and videos */
	struct blk *part_bk;        /* where a very long paragraph's lines go */
	struct para_opts *part_o;
	char **cut_lessons, **cut_sections; /* titles.c: cut copies, NULL none */
	char *cut_course, *cut_author;
	const struct srcpos *cut_at[3];     /* the last titles warned about */
	const char *huge_path;      /* where a huge word was last warned about */
	int huge_line, huge_col;
	int no_qr_warned;           /* qr.c: libqrencode's absence was said */
	struct terms ix;            /* index terms (index.c) */
	int *ix_dest;               /* per occurrence: destination + 1, 0 none yet;
				     * NULL: the theme has no index */
	long back_page;             /* colophon.c: the back cover's page, -1 none */
	/* parallel.c: set in a context laying out lessons beside others;
	 * what would be warned about against book-wide state goes there */
	struct pdf_log *log;
	int rule_kept;              /* the footnote rule was made while items were kept */
	int tag_part;               /* tagged: the section's Part element open, -1 none */
};

/* Where a block goes: its column and the boxes around it. */
struct blk {
	double x, w;       /* pt, relative to the text area */
	int n_decos;
	struct deco decos[ITEM_DECOS];
	int level;         /* list nesting */
	const char *marker; /* bullet for the next first line, or NULL */
	double marker_x;
	struct rgb text;   /* text colour */
	int italic;
	double size;       /* body size here */
	int tight;         /* inside a tight list */
};

/* Inline state while walking a paragraph. */
struct inl {
	int bold, italic, strike, code, super;
	int mark;          /* index destination + 1 for this text, 0 none */
	int link;
	int family;
	double size;
	struct rgb colour;
};

/* The font id of a family's face; per run of text, so inline. */
static inline int face(const struct pdf *P, int fam, int bold, int italic)
{
	return P->fam[fam][(bold ? FACE_BOLD : 0) | (italic ? FACE_ITALIC : 0)];
}

/* Baseline position used by the layout engine for a line. */
static inline double baseline(double line_h, double size)
{
	return line_h / 2 + 0.33 * size;
}

/* The space pending before the next block, which it takes up. */
static inline double take_gap(struct pdf *P)
{
	double g = P->gap;
	P->gap = 0;
	return g;
}

/* --- pdf.c --------------------------------------------------------- */

/* Free what the walk of lessons builds in P besides its layout store:
 * the outline entries, endnotes, footnote and warning state, cut titles
 * and the paragraph. For the book's context and for each thread's. */
void pdf_walker_free(struct pdf *P);

/* --- setup.c: style, fonts, patterns and pictures ------------------- */

/* Everything before the first lesson is laid out: the style, the font
 * families, the hyphenation patterns (on a second thread), the device and
 * every image, and the layout engine. Returns 0, or -1 after a
 * diagnostic; pdf_write frees what was made either way. */
int pdf_setup(struct pdf *P, const char *out_path);

/* --- fallback.c: text in the book's fonts, with fallback ------------ */

/* Report a character no font has, once per lesson (or per title place
 * while P->title_at is set); where (may be NULL) and off place it. */
void pdf_warn_char(struct pdf *P, uint32_t cp, cmark_node *where, size_t off);
/* Add text to a paragraph, switching to the fallback font for characters
 * the style's font lacks and to a box for characters no font has.
 * rs->font is left as it was. */
void pdf_add_text(struct pdf *P, struct para *pa, struct run_style *rs, const char *s,
		  size_t n, cmark_node *where);
/* A text op in one style with fallback, for short strings outside
 * paragraphs (markers, headers, page numbers). Returns the width. */
double pdf_put_text(struct pdf *P, double x, double y, int font, double size,
		    struct rgb c, const char *s);
/* s with each character no font has (in `font` or the fallback) replaced
 * by a box and warned about, at P->title_at when set: for front-matter
 * text drawn with pdf_put_text. malloc'd; the caller frees. */
char *pdf_boxed_text(struct pdf *P, int font, const char *s);
/* Width in pt of s in font (with fallback) at size. */
double pdf_text_width(struct pdf *P, int font, double size, const char *s);
/* One styled paragraph from a plain string (titles, cover, contents),
 * laid out as items; returns its number of lines, *last_w (may be NULL)
 * the width of the last. */
size_t pdf_simple_para(struct pdf *P, const char *text, int font, double size,
		       double line_h, struct rgb c, double x, double w, enum para_align a,
		       double space_before, int dest, double *last_w);

/* A word too long to break well, at path:line:col: warned about unless
 * the last such warning was at the same place. */
void pdf_huge_warn(struct pdf *P, const char *path, int line, int col);
/* libqrencode could not be opened (qr.c): said once per book, at the
 * lesson (path) of the first box that goes without its code. */
void pdf_no_qr_warn(struct pdf *P, const char *path);

/* --- parallel.c: the lessons laid out on several threads ------------ */

/* What a lesson laid out beside others cannot decide alone, because it
 * depends on the lessons before it: whether a title character, a huge
 * word's place or a cut title was warned about already. Kept in order,
 * each with the number of plain diagnostics before it, and done again on
 * the book's context when the lessons are joined in order. */
enum pdf_deferred {
	DEFER_TITLE_CHAR,  /* pdf_warn_char(cp) at title place `at` */
	DEFER_HUGE,        /* pdf_huge_warn(path, line, col) */
	DEFER_SECTION,     /* pdf_section_title(index) */
	DEFER_LESSON,      /* pdf_lesson_title(index) */
	DEFER_COURSE,      /* pdf_course_title */
	DEFER_AUTHOR,      /* pdf_author */
	DEFER_NO_QR        /* pdf_no_qr_warn(path) */
};

struct pdf_event {
	enum pdf_deferred kind;
	size_t n_diags;    /* the context's diagnostics before it */
	uint32_t cp;
	const struct srcpos *at;
	const char *path;
	int line, col;
	size_t index;
};

/* Record e in P->log (P->log is set). */
void pdf_defer(struct pdf *P, struct pdf_event e);
/* Lay out every lesson, on P->opt->jobs threads (0: one per core): the
 * same store, outline, index marks and diagnostics as one thread makes. */
void pdf_layout_lessons(struct pdf *P);

/* --- cut.c: shortening to a width --------------------------------- */

/* The longest prefix of s[0..n), cut at a character boundary, that fits
 * max_w pt in font (with fallback) at size when tail is drawn after it,
 * measured exactly as pdf_text_width measures prefix and tail together.
 * Returns its length in bytes, n when all of s fits, -1 when not even the
 * tail alone fits. Costs one pass over the part that fits. */
long pdf_fit_prefix(struct pdf *P, int font, double size, const char *s, size_t n,
		    const char *tail, double max_w);

/* --- titles.c: titles as the PDF shows them ------------------------ */

/* Titles longer than this many characters are cut with an ellipsis. */
#define PDF_TITLE_CHARS 200
/* A printed address longer than this is cut too: nobody types it, and a
 * pasted megabyte would fill pages (the link itself stays whole). */
#define PDF_URL_CHARS 1000

/* A malloc'd copy of t, cut to max characters with an ellipsis when it
 * is longer. Caller frees. */
char *pdf_cut_chars(const char *t, size_t max);

/* The course title, section s's and lesson i's title and the author as
 * the PDF shows them: the book's own string, or a copy cut to
 * PDF_TITLE_CHARS characters that P owns, warned about at the title's
 * place the first time. NULL when the book has none. */
const char *pdf_course_title(struct pdf *P);
const char *pdf_section_title(struct pdf *P, size_t s);
const char *pdf_lesson_title(struct pdf *P, size_t i);
const char *pdf_author(struct pdf *P);
/* A copy of t cut like the titles above (malloc'd; the caller frees). */
char *pdf_outline_title(const char *t);
/* Free the cut copies. */
void pdf_titles_free(struct pdf *P);

/* --- inlines.c: the inline walk ------------------------------------- */

/* The inline state at the start of a paragraph in bk. */
struct inl pdf_inl_of(struct pdf *P, const struct blk *bk);
/* Add n bytes of text in inline state s to pa. */
void pdf_inl_text(struct pdf *P, struct para *pa, const struct inl *s, const char *t,
		  size_t n, cmark_node *where);
/* Walk the inline children of `parent` into P->para. Images become blocks
 * when bk is not NULL (flushing the text before them through o), else
 * alt text. o may be NULL (table cells). */
void pdf_walk_inlines(struct pdf *P, cmark_node *parent, struct inl *s, struct blk *bk,
		      struct para_opts *o);

/* --- blocks.c: the block walk --------------------------------------- */

/* The column of a lesson's body. */
struct blk pdf_body_blk(struct pdf *P);
/* Paragraph options for text of size pt in bk. */
struct para_opts pdf_para_opts(struct pdf *P, const struct blk *bk, double size);
/* Lay out P->para as a paragraph in bk, with a pending list marker. */
void pdf_flush_para(struct pdf *P, struct blk *bk, struct para_opts *o);
/* Let P->para lay out its finished lines in bk with o while it grows
 * (see struct para's `part`), until called again; bk or o NULL: hold it
 * whole (table cells, which are drawn as one piece). */
void pdf_para_parts(struct pdf *P, struct blk *bk, struct para_opts *o);
void pdf_render_block(struct pdf *P, cmark_node *n, struct blk *bk);
/* Every child block of parent (may be NULL) in bk. */
void pdf_render_children(struct pdf *P, cmark_node *parent, struct blk *bk);

/* --- html.c, code.c, table.c: block kinds of their own --------------- */

/* Whether an inline HTML node is a real element (dropped, its text kept
 * between the tags) rather than words in angle brackets. */
int pdf_is_html_tag(const char *t);
/* Whether a URI may become a link: http, https or mailto. */
int pdf_safe_uri(const char *u);
void pdf_block_html(struct pdf *P, cmark_node *n, struct blk *bk);
void pdf_block_code(struct pdf *P, cmark_node *n, struct blk *outer);
void pdf_block_table(struct pdf *P, cmark_node *n, struct blk *bk);

/* --- images.c: pictures --------------------------------------------- */

/* Which assets need decoding ahead (P->px, P->pixel_jobs). */
void pdf_images_plan(struct pdf *P);
/* Take the planned images the cache holds (imgcache.h), on this thread;
 * returns how many are left to decode. */
size_t pdf_images_from_cache(struct pdf *P);
/* Decode planned images until none is left; both threads run this. */
void pdf_images_decode(struct pdf *P);
/* Make the device image of every picture asset, in asset order. */
void pdf_images_load(struct pdf *P);
/* Device image for an asset, loading it on first use; -1 if unusable
 * (warned about then). */
int pdf_asset_image(struct pdf *P, int a);
/* Asset a's image centred in bk, at most max_h tall, as one item. */
void pdf_image_box(struct pdf *P, struct blk *bk, int a, double max_h, int lesson);
void pdf_block_image(struct pdf *P, cmark_node *img, struct blk *bk);

/* --- footnotes.c ---------------------------------------------------- */

/* "L<lesson>^<kind><n>", the name of a footnote's destination, in b
 * (which the caller frees); returns buf_cstr(b). */
const char *pdf_footnote_dest(struct pdf *P, struct buf *b, const char *kind, int n);
/* A note id per footnote of the lesson, before its text refers to them. */
void pdf_footnotes_begin(struct pdf *P);
void pdf_block_footnote_def(struct pdf *P, cmark_node *n, struct blk *bk);
/* The lesson's footnotes: at the foot of their pages, or at its end. */
void pdf_render_footnotes(struct pdf *P, struct blk *bk);

/* --- lesson.c, cover.c, contents.c, furniture.c: the book ----------- */

/* Lay out lesson i: its opening, its body, its footnotes. */
void pdf_layout_lesson(struct pdf *P, size_t i);
/* The destination of lesson `lesson`'s opening (id NULL) or of its
 * heading or block with {#id}, made on first use: the one place that
 * names them, for the lesson, its headings, links and the index. */
int pdf_lesson_dest(struct pdf *P, size_t lesson, const char *id);
void pdf_cover(struct pdf *P);
/* An entry of the outline (and contents); title is copied. */
void pdf_outline_add(struct pdf *P, int level, const char *title, int dest,
		     const struct srcpos *at);
/* The contents page, from the outline entries; after pagination. */
void pdf_contents(struct pdf *P);
/* The PDF outline, from the same entries; after device_draw. */
void pdf_outline(struct pdf *P);
/* The header and footer of page pi, numbered `number` (roman in the
 * front matter), as its furniture item. */
void pdf_furniture(struct pdf *P, size_t pi, int number, int front);

/* --- index.c: the index of terms ------------------------------------ */

/* Gather the book's terms when the theme wants an index (P->ix_dest is
 * then set); before the lessons are laid out. pdf_index_free undoes it. */
void pdf_index_begin(struct pdf *P);
void pdf_index_free(struct pdf *P);
/* For a strong or code node that is a term occurrence: its destination
 * + 1 (made on first call), for run_style.dest; else 0. */
int pdf_index_mark(struct pdf *P, cmark_node *n);
/* Lay out and paginate the index after the lessons' pages (once they are
 * paginated and their destinations resolved), and add it to the outline.
 * Nothing when there is no index or no term. */
void pdf_index(struct pdf *P);

#endif
