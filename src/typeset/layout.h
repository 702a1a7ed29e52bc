/* layout.h — src/typeset/: the device-independent layout engine.
 *
 * This folder turns styled text into pages, in points: the theme (style.h,
 * read from YAML), hyphenation (hyph.h), Knuth–Plass line breaking
 * (linebreak.h) and, behind this header, paragraphs set as lines, a
 * vertical list of items with keep rules, and that list cut into pages
 * with footnotes at their feet (layout.c keeps the stores, para.c builds
 * paragraphs, lines.c sets lines, paginate.c makes pages). It may use
 * src/base/, src/text/ and src/font/, never book, course, pdf or epub, and
 * it writes no file, so it is tested without writing a PDF.
 *
 * The layout engine: words → lines → pages. It knows nothing about
 * Markdown or PDF. Its client (the walker in src/pdf/) feeds it paragraphs (runs of styled
 * text) and blocks (rows, images, rules); the engine breaks paragraphs
 * into lines (Knuth–Plass, linebreak.h), stacks lines and blocks into a
 * vertical list of items with keep rules, and cuts the list into pages.
 * The result is a display list per page: text runs, rectangles, lines,
 * images, link areas and named destinations, which a device (device.h)
 * draws. Text is measured through struct metrics, so tests run the engine
 * with made-up widths.
 *
 * Coordinates: x from the left edge of the text area, y downwards from the
 * top of the item (or of the page, once placed). All lengths in points. */
#ifndef OCTAVO_LAYOUT_H
#define OCTAVO_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "typeset/linebreak.h"
#include "typeset/style.h"

struct metrics {
	/* width in pt of n bytes of UTF-8 in `font` at size_pt */
	double (*width)(void *ctx, int font, const char *s, size_t n, double size_pt);
	/* hyphenation points of a word: sets ok[i] = 1 when a hyphen may
	 * follow byte i; NULL = no hyphenation */
	void (*hyphenate)(void *ctx, const char *word, size_t n, char *ok);
	void *ctx;
	/* the advances of `font`'s ASCII characters, in 1/1000 em, such that
	 * width gives (sum of a word's advances) * size_pt / 1000.0 for a
	 * word of them; NULL = measure every word with width */
	const uint16_t *(*ascii)(void *ctx, int font);
};

/* OP_TAG_BEGIN / OP_TAG_END open and close structure element `target`
 * (an index into layout->tags) inside an item: see "tags" below. */
enum op_kind { OP_TEXT, OP_RECT, OP_LINE, OP_IMAGE, OP_LINK, OP_DEST, OP_TAG_BEGIN, OP_TAG_END };

/* There is an op per word, two million for a 10 MB lesson, so what only
 * a word needs shares its place with what only an area needs, and the
 * colour is an index into the layout's palette (a book has a few dozen
 * colours, all from its style): 48 bytes an op instead of 72. 1,000
 * lessons lay out 2 million ops; every byte of an op is a page the
 * kernel must zero and the join must copy. */
struct op {
	double x, y;       /* TEXT: baseline start; RECT/IMAGE/LINK: top-left; LINE: start */
	union {
		struct {
			double w, h; /* RECT/IMAGE/LINK: size; LINE: end = (x+w, y+h) */
		};
		struct {
			uint32_t text; /* TEXT: offset in layout->strings */
			uint32_t len;  /* TEXT: bytes (one word or code line) */
			int font;      /* TEXT: font id */
		};
	};
	double size;       /* TEXT: font size; LINE: stroke width */
	int target;        /* IMAGE: image id; LINK: link id; DEST: dest id; TAG_*: tag id */
	uint16_t colour;   /* TEXT, RECT, LINE: index into layout->colours */
	uint8_t kind;      /* enum op_kind */
};

/* Colours a layout's palette holds at most: far more than a style can
 * name (layout_colour says what happens past it). */
#define LAYOUT_MAX_COLOURS 0xFFFF

/* The text of a book's ops, with a NUL after each, stays under this
 * many bytes (an op's offset is 32 bits); past it octavo stops with an
 * error that names the limit. Far above what the loader's limits let in. */
#define LAYOUT_MAX_STRINGS 0xF0000000u

/* A coloured box behind a run of consecutive items (code blocks,
 * callouts); drawn piece by piece so it continues across page breaks. */
struct deco {
	int id;            /* items sharing an id form one box */
	double x, w;       /* pt, relative to the text area */
	struct rgb bg;
	int bar;           /* draw a bar at the left edge */
	struct rgb bar_colour;
	int border;        /* draw a thin outline in bar_colour instead of a bar */
};

#define ITEM_DECOS 3

struct item {
	double space_before; /* pt; dropped at the top of a page */
	double height;       /* pt */
	size_t op_first, op_count;
	unsigned keep_next : 1;  /* never break between this item and the next */
	unsigned new_page : 1;   /* begins a new page (a lesson) */
	unsigned chapter : 1;    /* first item of a lesson: no running header */
	unsigned discard_at_top : 1; /* dropped when it would start a page (a rule) */
	unsigned note : 1;       /* out of the flow: a footnote's line, placed at a page's foot */
	unsigned recto : 1;      /* with new_page: begins an odd page of its run (duplex) */
	int lesson;              /* lesson index for the running header, -1 none */
	long table_header;       /* item index of this row's table header, or -1 */
	int n_decos;             /* boxes behind the item: layout->decos[deco_first ..] */
	uint32_t n_refs;         /* footnotes it refers to: layout->refs[ref_first ..] */
	int tag;                 /* structure element open where the item starts, -1 none */
	size_t deco_first;
	size_t ref_first;
};

/* A footnote: items laid out apart from the flow (flagged `note`) and
 * placed at the foot of the page that takes the first item referring to
 * it. A note with no items stays wherever its client put it. */
struct note {
	size_t first, count;  /* its items */
	long ref_item;        /* first item referring to it, -1 none yet */
	int ref_dest;         /* destination set at each reference (the first
			       * placed wins), -1 none */
};

struct place {
	size_t item;
	double y; /* pt from the top of the text area */
};

struct page {
	size_t first, count;  /* places[first .. first+count) */
	int lesson;           /* for the running header; -1 none */
	int chapter;          /* page starts a lesson */
	int front;            /* front matter (roman numbers) */
	long furniture;       /* item drawn on the page unplaced (header, footer), -1 */
	int blank;            /* left empty so the next page is a recto (duplex) */
	double dx;            /* pt the text area moves right on this page (mirrored margins) */
};

struct link {
	int dest;   /* >= 0: GoTo this destination */
	char *uri;  /* else a URI */
};

struct dest {
	char *name;
	int page;   /* page index, -1 until placed */
	double y;   /* pt from the top of the page */
};

/* --- tags: the book's logical structure -------------------------------
 * A tagged PDF needs to know which element (paragraph, heading, table
 * cell, figure...) each glyph and picture belongs to. The walker opens
 * and closes elements as it goes (layout_tag_open / layout_tag_close);
 * an element's parent is the element open when it was made, and its
 * place among its siblings is where its first content is drawn, so the
 * tree follows the text. Everything is an integer id into this layout's
 * stores, so a store made apart (a lesson laid out on its own thread) can
 * be appended to another by offsetting tag ids and parents, as link and
 * destination ids are. Item `tag` says which element is open when the
 * item starts: items are placed out of order (footnotes at a page's
 * foot, a table header repeated), so each must be readable alone. */
enum tag_type {
	TAG_DOCUMENT, TAG_PART, TAG_SECT, TAG_DIV,
	TAG_H1, TAG_H2, TAG_H3, TAG_H4, TAG_H5, TAG_H6,
	TAG_P, TAG_L, TAG_LI, TAG_LBL, TAG_LBODY,
	TAG_TABLE, TAG_TR, TAG_TH, TAG_TD,
	TAG_CODE, TAG_BLOCKQUOTE, TAG_FIGURE, TAG_CAPTION, TAG_NOTE, TAG_LINK,
	TAG_TOC, TAG_TOCI, TAG_INDEX,
	TAG_ARTIFACT, /* not an element: what is drawn in it is decoration */
	TAG_COUNT
};

/* TH's scope (attr) */
enum { TAG_SCOPE_NONE, TAG_SCOPE_COLUMN, TAG_SCOPE_ROW };

/* A parent that is the document itself wherever the element's store is
 * appended (a section's Part): kept as it is, where -1 becomes the book's
 * open element. The tree takes both as the root. */
#define LAYOUT_TAG_ROOT (-2)

struct tag {
	int type;      /* enum tag_type */
	int parent;    /* tag id, -1: the element open where the store is
			* appended (the root in the book's own), LAYOUT_TAG_ROOT */
	uint32_t alt;  /* 1 + offset in layout->strings of its alternate text, 0 none */
	int attr;      /* TH: TAG_SCOPE_*; LINK: link id, -1 none */
};
/* Appending a store made apart (a lesson's) to another: its tag ids, item
 * tags, TAG op targets and parents move up by the other's n_tags; its
 * parents and item tags of -1 become the other's tag_cur (the section's
 * Part, which the book's store opens: pdf_layout_lesson does it today);
 * alt moves up by the other's strings.len when not 0, and a LINK's attr
 * by the other's n_links, as link and destination ids do. */

struct layout {
	struct metrics m;
	double page_w, page_h;       /* pt */
	double body_x, body_y;       /* top-left of the text area on the page */
	double body_w, body_h;       /* text area size */
	double tolerance;            /* Knuth–Plass max adjustment ratio */
	double pretolerance;         /* the same, for a paragraph set without
	                                hyphenation first (lines.c) */
	struct op *ops;
	size_t n_ops, cap_ops;
	struct item *items;
	size_t n_items, cap_items;
	struct place *places;
	size_t n_places, cap_places;
	struct page *pages;
	size_t n_pages, cap_pages;
	size_t dests_done;    /* pages layout_resolve_dests has walked */
	struct link *links;
	size_t n_links, cap_links;
	struct dest *dests;
	size_t n_dests, cap_dests;
	size_t *dest_hash;           /* open addressing: dest index + 1, 0 empty */
	size_t dest_hash_cap;
	struct buf strings;          /* all text of TEXT ops */
	struct rgb *colours;         /* the ops' palette */
	size_t n_colours, cap_colours;
	uint16_t last_colour;        /* most ops take the colour of the op before */
	/* items' boxes, kept apart from the items (most have none) and shared
	 * by consecutive items with the same boxes */
	struct deco *decos;
	size_t n_decos, cap_decos;
	/* footnotes, and the ones each item refers to */
	struct note *notes;
	size_t n_notes, cap_notes;
	int *refs;
	size_t n_refs, cap_refs;
	size_t item_refs_start;      /* first ref of the item being built */
	long note_rule;              /* item drawn above a page's first footnote, -1 none */
	double note_gap;             /* pt between two footnotes */
	int keep_lines;              /* items still to keep with a heading */
	int next_deco_id;
	size_t item_ops_start;       /* first op of the item being built */
	/* structure elements (see "tags" above); none are made unless tagging */
	struct tag *tags;
	size_t n_tags, cap_tags;
	int tagging;                 /* 1: record the structure */
	int tag_cur;                 /* element open now, -1 none */
	int item_tag;                /* element open where the item being built starts */
};

void layout_init(struct layout *L, const struct metrics *m, double page_w, double page_h,
		 double margin_top, double margin_right, double margin_bottom,
		 double margin_left);
void layout_free(struct layout *L);
/* Room in L's display list, items and text for text_bytes of Markdown,
 * taken at once (layout.c says why). Only what is used is touched. */
void layout_reserve(struct layout *L, size_t text_bytes);
/* Free the display list (ops, items, places, boxes, footnote refs) once
 * the pages are drawn: the largest of the stores, and what follows (the
 * outline, the structure tree) needs only destinations, links, tags and
 * strings. Pages stay, with no places. */
void layout_free_display(struct layout *L);

/* --- display-list primitives (coordinates relative to the current item) */
size_t layout_text_op(struct layout *L, double x, double y, int font, double size,
		      struct rgb colour, const char *s, size_t n);
size_t layout_rect_op(struct layout *L, double x, double y, double w, double h,
		      struct rgb colour);
size_t layout_line_op(struct layout *L, double x1, double y1, double x2, double y2,
		      double width, struct rgb colour);
size_t layout_image_op(struct layout *L, double x, double y, double w, double h, int image);
size_t layout_link_op(struct layout *L, double x, double y, double w, double h, int link);
size_t layout_dest_op(struct layout *L, double x, double y, int dest);
const char *layout_op_text(const struct layout *L, const struct op *o);
/* The palette index of colour c, added if new. */
uint16_t layout_colour(struct layout *L, struct rgb c);
/* The colour a TEXT, RECT or LINE op is drawn in. */
static inline struct rgb layout_op_colour(const struct layout *L, const struct op *o)
{
	return L->colours[o->colour];
}
/* Append a copy of op o (by value: it may point into L->ops) moved down by dy. */
size_t layout_copy_op(struct layout *L, struct op o, double dy);

/* Named destination (created on first use) and link targets. */
int layout_dest(struct layout *L, const char *name);
/* layout_dest, taking *name (malloc'd; freed when L has the name
 * already) and setting it to NULL. */
int layout_dest_take(struct layout *L, char **name);
int layout_link_dest(struct layout *L, int dest);
int layout_link_uri(struct layout *L, const char *uri);

/* An empty store with L's page, text area, measures and tolerance, to be
 * appended to L with layout_append; layout_free frees it. */
void layout_init_part(struct layout *part, const struct layout *L);
/* Append part, a store laid out apart and not paginated (a run of
 * lessons laid out on another thread), to L, as if its items had been
 * laid out in L: its indices move past L's entries, its destinations are
 * L's of the same name (made in the order part made them), and its
 * footnote rule is dropped when L has one. part is left as it was but
 * for its destinations' names and links' URIs, which L takes (part's are
 * NULL then): the thread that joins a part frees it, and the strings
 * were most of what it freed and made again.
 * Returns, malloc'd, the L destination of each part destination, for the
 * ids the caller keeps outside the store. */
int *layout_append(struct layout *L, struct layout *part);
/* --- tags (tags.c) ------------------------------------------------ */
/* A new element under parent, not opened: -1 when not tagging. */
int layout_tag_new(struct layout *L, enum tag_type type, int parent);
/* A new element under the one open now, opened (an OP_TAG_BEGIN in the
 * current item); returns its id, -1 when not tagging. */
int layout_tag_open(struct layout *L, enum tag_type type);
/* Close element id (layout_tag_open's result; -1 does nothing): its
 * parent is open again. */
void layout_tag_close(struct layout *L, int id);
/* An OP_TAG_BEGIN or OP_TAG_END for id in the current item, leaving
 * tag_cur alone: for an element that lives inside one item (a link on a
 * line, a list label). */
void layout_tag_op(struct layout *L, enum op_kind k, int id);
/* Element id's alternate text (copied into L->strings). */
void layout_tag_alt(struct layout *L, int id, const char *s, size_t n);
const char *layout_tag_alt_text(const struct layout *L, int id);

/* --- vertical list -------------------------------------------------- */
/* Start an item: the ops added until layout_end_item() belong to it. */
void layout_begin_item(struct layout *L);
struct item *layout_end_item(struct layout *L, double height, double space_before);
/* Set the boxes behind item it (n <= ITEM_DECOS; copied). */
void layout_item_decos(struct layout *L, struct item *it, int n, const struct deco *d);
/* The boxes behind item it. */
static inline const struct deco *layout_item_deco(const struct layout *L, const struct item *it)
{
	return L->decos + it->deco_first;
}
/* Items stay together with the next `n` items (a heading with what follows). */
void layout_keep_next_items(struct layout *L, int n);

/* --- footnotes ----------------------------------------------------- */
/* A new footnote, with no items yet; returns its id. */
int layout_note_new(struct layout *L);
/* Items [first, first+count) are note id's body: they leave the flow. */
void layout_note_items(struct layout *L, int id, size_t first, size_t count);
/* The item being built refers to footnote id (draw_line does this for
 * text whose style has `note`, and puts the note's ref_dest there). */
void layout_note_ref(struct layout *L, int id);
/* Height of a footnote's items, the first one's space_before left out. */
double layout_note_height(const struct layout *L, int id);

/* --- paragraphs ----------------------------------------------------- */
struct run_style {
	int font;
	double size;        /* pt */
	struct rgb colour;
	int link;           /* link id, or -1 */
	int note;           /* footnote id + 1 this text refers to, 0 none */
	double rise;        /* pt, baseline shift upwards (superscript) */
	int dest;           /* destination + 1 set where this text is drawn, 0 none */
	unsigned strike : 1, underline : 1, code_bg : 1, nobreak : 1;
	struct rgb bg;      /* for code_bg */
};

enum para_align { ALIGN_JUSTIFY, ALIGN_RAGGED, ALIGN_CENTER, ALIGN_RIGHT };

struct para_item {
	struct lb_item lb;
	size_t text, len;   /* bytes in para->text (boxes; hyphen penalties: none) */
	int style;          /* index into styles */
	int whole;          /* a box: a word whose hyphenation points wait for
	                       para_expand (see struct para's n_whole) */
};

struct para {
	struct para_item *v;
	size_t n, cap;
	struct run_style *styles;
	size_t n_styles, cap_styles;
	struct buf text;
	int hyphenate;      /* 1: offer hyphenation points */
	double max_width;   /* pt; a word wider than this may break anywhere (0: no limit) */
	int hyphen_font;    /* font for a hyphen at a break: style's font */
	/* A paragraph of more than PARA_PART_ITEMS items (a 10 MB word, a
	 * megabyte with no blank line) has its finished lines taken off
	 * while it grows, so its memory stays that of its last lines: when
	 * it is that long and ends in a box, para_add calls part(part_ctx,
	 * p), which lays out all of p's lines but the last and leaves that
	 * one in p (layout_paragraph_part). NULL: p grows whole. */
	void (*part)(void *ctx, struct para *p);
	void *part_ctx;
	/* Words of more than PARA_HUGE_WORD characters added so far, and
	 * the byte offset of the last one in the text para_add was given:
	 * the caller warns about them. */
	size_t n_huge;
	size_t huge_off;
	/* widths and hyphenation points measured already (para.c): the same
	 * words come back all through a book. NULL until first needed. */
	struct para_memo *memo;
	/* Words that could be hyphenated are added whole at first (a box
	 * marked `whole`), as TeX does: the line breaker tries the paragraph
	 * without hyphens, and only when no lines within the pretolerance
	 * come of it does para_expand give those words their hyphenation
	 * points. Most paragraphs never need them, and hyphenating every
	 * word cost a tenth of a small book's build. */
	size_t n_whole;
	int expanding;      /* para_expand is at work: no parts */
};

/* A word longer than this many characters is cut into pieces as wide as
 * the column (max_width; 64 characters without one), one line each,
 * instead of being offered a break after every character: a character a
 * box would cost hundreds of bytes a character. Real words, URLs and code
 * names are far shorter. */
#define PARA_HUGE_WORD 1000

/* See struct para's `part`: about 60 KB of prose. Real paragraphs are far
 * shorter, so they are broken whole, as one Knuth-Plass run. */
#define PARA_PART_ITEMS 20000

void para_init(struct para *p);
void para_free(struct para *p);
void para_clear(struct para *p);
/* Append text in a style; spaces become glue, and long words get break
 * points so no word is wider than `max_word` pt (0: no limit). */
void para_add(struct para *p, const struct layout *L, const struct run_style *st,
	      const char *s, size_t n);
/* A forced line break. */
void para_hard_break(struct para *p);
/* Whether anything visible was added. */
int para_empty(const struct para *p);

struct para_opts {
	double x, width;          /* pt, relative to the text area */
	double line_height;       /* pt */
	enum para_align align;
	struct rgb marker_colour;
	/* a marker (bullet, number) drawn left of the first line */
	const char *marker;
	int marker_font;
	double marker_size;
	double marker_x;          /* pt, left edge of the marker */
	int n_decos;
	struct deco decos[ITEM_DECOS];
	int widows;               /* 1: keep first two and last two lines together */
	double space_before;      /* pt above the first line */
	int dest;                 /* destination at the first line, -1 none */
	int lesson;
};

/* Break p into lines and append one item per line. Returns the number of
 * lines; *last_w (may be NULL) gets the natural width of the last line. */
size_t layout_paragraph(struct layout *L, struct para *p, const struct para_opts *o,
			double *last_w);
/* Lay out all of p's lines but the last, as layout_paragraph does, and
 * take their items and text out of p, which keeps the last line's to
 * break again with what follows. For a paragraph too long to hold whole
 * (see struct para's `part`); p must end in a box. Returns the number of
 * lines laid out (0 when p is one line so far). */
size_t layout_paragraph_part(struct layout *L, struct para *p, const struct para_opts *o);
/* Break p into lines and draw them as ops of the current item, starting
 * at (x, y) for the first line's top. Returns the height used. Used for
 * table cells and boxes that stay in one piece. */
double layout_paragraph_inline(struct layout *L, struct para *p, double x, double y,
			       double width, double line_height, enum para_align align,
			       size_t *n_lines);

/* --- pages ---------------------------------------------------------- */
/* Cut items [first, n_items) into pages (appended to L->pages), honouring
 * new_page, keep_next and table headers, and setting each footnote at the
 * foot of the page of its first reference. An item flagged recto starts an
 * odd page counting from the run's first page (a blank page goes before it
 * when needed). front: mark pages as front matter. */
void layout_paginate(struct layout *L, size_t first, int front);
/* Append an empty page (flagged blank, no lesson) so that what follows
 * starts on the other side of the sheet. */
void layout_blank_page(struct layout *L, int front);
/* Set every destination's page and y from the placed items, walking only
 * the pages added since the last call (and the last page it saw, which
 * pagination may have filled further). */
void layout_resolve_dests(struct layout *L);

#endif
