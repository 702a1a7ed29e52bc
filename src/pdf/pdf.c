/* pdf.c — the PDF back end: walks each lesson's cmark-gfm tree and feeds
 * the layout engine (layout.h), then hands the pages to the libharu
 * device (device.h) with the outline, page labels and document info.
 *
 * The book is built in this order: lessons first (their pages are
 * numbered 1, 2, …), then the cover and the contents, whose page numbers
 * are then known; the device draws the front matter first. One small
 * function per node type; inline content is walked with cmark_iter. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>

#include "book/backend.h"
#include "base/buf.h"
#include "pdf/device.h"
#include "font/fontset.h"
#include "text/highlight.h"
#include "typeset/hyph.h"
#include "typeset/layout.h"
#include "typeset/style.h"
#include "base/util.h"
#include "base/zflate.h"

enum { FAM_BODY, FAM_HEADING, FAM_CODE, FAM_COUNT };

struct outline_entry {
	int level;   /* 0 section, 1 lesson, 2 heading */
	char *title;
	int dest;
	const struct srcpos *at; /* where the title is written (levels 0, 1) */
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
	int link;
	int family;
	double size;
	struct rgb colour;
};

static int face(const struct pdf *P, int fam, int bold, int italic)
{
	return P->fam[fam][(bold ? FACE_BOLD : 0) | (italic ? FACE_ITALIC : 0)];
}

static double metric_width(void *ctx, int font, const char *s, size_t n, double size)
{
	struct pdf *P = ctx;
	return fontset_width(&P->fs, font, s, n, size);
}

static void metric_hyph(void *ctx, const char *w, size_t n, char *ok)
{
	struct pdf *P = ctx;
	hyph_points(P->hy, w, n, ok);
}

/* Baseline position used by the layout engine for a line. */
static double baseline(double line_h, double size)
{
	return line_h / 2 + 0.33 * size;
}

/* --- text with font fallback --------------------------------------- */

static int same_place(const struct srcpos *a, const struct srcpos *b)
{
	return a->line == b->line && a->col == b->col && !strcmp(a->path, b->path);
}

static void warn_char(struct pdf *P, uint32_t cp, cmark_node *where, size_t off)
{
	if (P->quiet)
		return;
	const struct srcpos *at = P->title_at;
	if (at && at->path) {
		for (size_t i = 0; i < P->n_twarned; i++)
			if (P->twarned[i].cp == cp && same_place(P->twarned[i].at, at))
				return;
		P->twarned = xgrow(P->twarned, &P->cap_twarned, P->n_twarned + 1,
				   sizeof *P->twarned);
		P->twarned[P->n_twarned++] = (struct title_warned){cp, at};
		diag_add(P->d, DIAG_WARNING, at->path, at->line, at->col,
			 "character U+%04X has no glyph in any font; the PDF shows a box instead",
			 (unsigned)cp);
		return;
	}
	for (size_t i = 0; i < P->n_warned; i++)
		if (P->warned[i] == cp)
			return;
	P->warned = xgrow(P->warned, &P->cap_warned, P->n_warned + 1, sizeof *P->warned);
	P->warned[P->n_warned++] = cp;
	int line = 0, col = 0;
	if (where && cmark_node_get_start_line(where) > 0) {
		line = cmark_node_get_start_line(where) + (P->les->body_line > 0 ? P->les->body_line - 1 : 0);
		/* a text node is one source line, so the offset gives the column
		 * (Liquid substitutions before it may shift it a little) */
		col = cmark_node_get_start_column(where) +
		      (cmark_node_get_type(where) == CMARK_NODE_TEXT ? (int)off : 0);
	}
	diag_add(P->d, DIAG_WARNING, P->les ? P->les->path : NULL, line, col,
		 "character U+%04X has no glyph in any font; the PDF shows a box instead",
		 (unsigned)cp);
}

/* Add text to a paragraph, switching to the fallback font for characters
 * the style's font lacks and to a box for characters no font has. */
static void add_text(struct pdf *P, struct para *pa, struct run_style *rs, const char *s,
		     size_t n, cmark_node *where)
{
	int want = rs->font, cur = -1;
	size_t seg = 0;
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t cp = utf8_next(s + i, n - i, &l);
		int f;
		if (cp == ' ' || cp == '\n' || cp == '\t')
			f = cur >= 0 ? cur : want;
		else
			f = fontset_pick(&P->fs, want, cp);
		if (f < 0) {
			if (i > seg) {
				rs->font = cur >= 0 ? cur : want;
				para_add(pa, &P->L, rs, s + seg, i - seg);
			}
			warn_char(P, cp, where, i);
			int fb = fontset_pick(&P->fs, want, 0x25A1);
			rs->font = fb >= 0 ? fb : want;
			para_add(pa, &P->L, rs, fb >= 0 ? "\xE2\x96\xA1" : "?", fb >= 0 ? 3 : 1);
			seg = i + l;
			cur = -1;
			i += l;
			continue;
		}
		if (cur >= 0 && f != cur) {
			rs->font = cur;
			para_add(pa, &P->L, rs, s + seg, i - seg);
			seg = i;
		}
		cur = f;
		i += l;
	}
	if (n > seg) {
		rs->font = cur >= 0 ? cur : want;
		para_add(pa, &P->L, rs, s + seg, n - seg);
	}
	rs->font = want;
}

/* A text op in one style with fallback, for short strings outside
 * paragraphs (markers, headers, page numbers). Returns the width. */
static double put_text(struct pdf *P, double x, double y, int font, double size,
		       struct rgb c, const char *s)
{
	size_t n = strlen(s);
	double x0 = x;
	size_t seg = 0;
	int cur = -1;
	for (size_t i = 0; i <= n;) {
		size_t l = 1;
		uint32_t cp = i < n ? utf8_next(s + i, n - i, &l) : 0;
		int f = i < n ? fontset_pick(&P->fs, font, cp) : -2;
		if (i < n && f < 0)
			f = font;
		if (cur >= 0 && f != cur) {
			layout_text_op(&P->L, x, y, cur, size, c, s + seg, i - seg);
			x += fontset_width(&P->fs, cur, s + seg, i - seg, size);
			seg = i;
		}
		cur = f;
		if (i == n)
			break;
		i += l;
	}
	return x - x0;
}

static double text_width(struct pdf *P, int font, double size, const char *s)
{
	double w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t cp = utf8_next(s + i, n - i, &l);
		int f = fontset_pick(&P->fs, font, cp);
		w += fontset_advance(&P->fs, f >= 0 ? f : font, cp) * size / 1000;
		i += l;
	}
	return w;
}

static struct run_style run_of(struct pdf *P, const struct inl *s)
{
	struct run_style rs;
	memset(&rs, 0, sizeof rs);
	/* inline code is always the upright regular mono face: bold or italic
	 * around it would each cost one more embedded font for little gain */
	rs.font = s->code ? face(P, FAM_CODE, 0, 0) : face(P, s->family, s->bold, s->italic);
	rs.size = s->code ? s->size * 0.9 : s->size;
	rs.colour = s->link >= 0 ? P->st.c_link : s->colour;
	rs.link = s->link;
	rs.strike = s->strike > 0;
	if (s->code) {
		rs.code_bg = 1;
		rs.bg = P->st.c_inline_code_bg;
		if (s->link < 0)
			rs.colour = P->st.c_code_text;
	}
	if (s->super) {
		rs.size = s->size * 0.7;
		rs.rise = s->size * 0.33;
	}
	return rs;
}

static void inl_text(struct pdf *P, struct para *pa, const struct inl *s, const char *t,
		     size_t n, cmark_node *where)
{
	struct run_style rs = run_of(P, s);
	add_text(P, pa, &rs, t, n, where);
}

/* --- raw HTML ------------------------------------------------------ */

/* Text of an HTML fragment: comments and tags dropped, a few entities
 * decoded. An <iframe src=…> is reported through *iframe (malloc'd). */
static void html_text(const char *h, struct buf *out, char **iframe)
{
	size_t n = strlen(h);
	for (size_t i = 0; i < n;) {
		if (!strncmp(h + i, "<!--", 4)) {
			const char *e = strstr(h + i + 4, "-->");
			i = e ? (size_t)(e - h) + 3 : n;
		} else if (h[i] == '<' && (isalpha((unsigned char)h[i + 1]) || h[i + 1] == '/')) {
			const char *e = strchr(h + i, '>');
			size_t end = e ? (size_t)(e - h) + 1 : n;
			if (iframe && !*iframe && !strncasecmp(h + i, "<iframe", 7)) {
				const char *src = strstr(h + i, "src=");
				if (src && src < h + end && (src[4] == '"' || src[4] == '\'')) {
					const char *q = strchr(src + 5, src[4]);
					if (q && q < h + end)
						*iframe = xstrndup(src + 5, (size_t)(q - src - 5));
				}
			}
			if (!strncasecmp(h + i, "<br", 3) || !strncasecmp(h + i, "<p", 2) ||
			    !strncasecmp(h + i, "</p", 3) || !strncasecmp(h + i, "<div", 4))
				buf_putc(out, ' ');
			i = end;
		} else if (h[i] == '&') {
			static const struct {
				const char *e, *t;
			} ents[] = {{"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
				    {"&quot;", "\""}, {"&#39;", "'"},  {"&nbsp;", " "},
				    {"&mdash;", "\xE2\x80\x94"}, {"&ndash;", "\xE2\x80\x93"},
				    {"&copy;", "\xC2\xA9"}};
			size_t k;
			for (k = 0; k < ARRAY_LEN(ents); k++)
				if (!strncmp(h + i, ents[k].e, strlen(ents[k].e)))
					break;
			if (k < ARRAY_LEN(ents)) {
				buf_puts(out, ents[k].t);
				i += strlen(ents[k].e);
			} else {
				buf_putc(out, '&');
				i++;
			}
		} else {
			buf_putc(out, h[i++]);
		}
	}
}

/* Whether an inline HTML node is a real element (dropped, its text kept
 * between the tags) rather than words in angle brackets. */
static int is_html_tag(const char *t)
{
	static const char *names[] = {
	    "a",      "abbr",   "b",     "big",    "br",   "cite",   "code",    "del",
	    "dfn",    "div",    "em",    "font",   "i",    "iframe", "img",     "input",
	    "ins",    "kbd",    "label", "mark",   "p",    "q",      "s",       "samp",
	    "small",  "span",   "strike", "strong", "sub",  "sup",    "time",    "tt",
	    "u",      "var",    "wbr",   "video",  "audio", "source", "button",  "center",
	    "details", "summary", "figure", "figcaption", "picture", "svg", "path", "hr"};
	if (!strncmp(t, "<!--", 4) || !strncmp(t, "<?", 2) || !strncmp(t, "<!", 2))
		return 1;
	t++;
	if (*t == '/')
		t++;
	size_t n = 0;
	while (isalnum((unsigned char)t[n]))
		n++;
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && !strncasecmp(t, names[i], n))
			return 1;
	return 0;
}

static int safe_uri(const char *u)
{
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8) ||
	       !strncasecmp(u, "mailto:", 7);
}

/* --- blocks --------------------------------------------------------- */

static void render_children(struct pdf *P, cmark_node *parent, struct blk *bk);
static void render_block(struct pdf *P, cmark_node *n, struct blk *bk);
static void block_image(struct pdf *P, cmark_node *img, struct blk *bk);

static double take_gap(struct pdf *P)
{
	double g = P->gap;
	P->gap = 0;
	return g;
}

static struct para_opts para_opts_of(struct pdf *P, const struct blk *bk, double size)
{
	struct para_opts o;
	memset(&o, 0, sizeof o);
	o.x = bk->x;
	o.width = bk->w;
	o.line_height = size * P->st.leading;
	o.align = P->st.justify ? ALIGN_JUSTIFY : ALIGN_RAGGED;
	o.n_decos = bk->n_decos;
	memcpy(o.decos, bk->decos, sizeof o.decos);
	o.widows = 1;
	o.dest = -1;
	o.lesson = (int)P->li;
	o.marker_colour = P->st.c_muted;
	return o;
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

/* Lay out P->para as a paragraph in bk, with a pending list marker. */
static void flush_para(struct pdf *P, struct blk *bk, struct para_opts *o)
{
	if (para_empty(&P->para)) {
		para_clear(&P->para);
		return;
	}
	o->space_before = take_gap(P);
	if (bk->marker) {
		o->marker = bk->marker;
		o->marker_font = fontset_pick(&P->fs, face(P, FAM_BODY, 0, 0),
					      utf8_next(bk->marker, strlen(bk->marker), &(size_t){0}));
		if (o->marker_font < 0)
			o->marker_font = face(P, FAM_BODY, 0, 0);
		o->marker_size = bk->size;
		o->marker_x = bk->marker_x;
		bk->marker = NULL;
	}
	layout_paragraph(&P->L, &P->para, o, NULL);
	o->marker = NULL;
	para_clear(&P->para);
	P->seen_content = 1;
}

static const char *footnote_dest_name(struct pdf *P, struct buf *b, const char *kind, int n)
{
	buf_clear(b);
	buf_printf(b, "L%zu^%s%d", P->li, kind, n);
	return buf_cstr(b);
}

/* Walk the inline children of `parent` into P->para. Images become blocks
 * when bk is not NULL (flushing the text before them), else alt text. */
static void walk_inlines(struct pdf *P, cmark_node *parent, struct inl *s, struct blk *bk,
			 struct para_opts *o)
{
	int link_stack[16];
	int depth = 0;
	struct buf name = BUF_INIT;
	if (o)
		P->para.max_width = o->width;
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (n == parent)
			continue;
		int enter = ev == CMARK_EVENT_ENTER;
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = cmark_node_get_type_string(n);
		switch (t) {
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				inl_text(P, &P->para, s, lit, strlen(lit), n);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			inl_text(P, &P->para, s, " ", 1, n);
			break;
		case CMARK_NODE_LINEBREAK:
			para_hard_break(&P->para);
			break;
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			s->code++;
			if (lit)
				inl_text(P, &P->para, s, lit, strlen(lit), n);
			s->code--;
			break;
		}
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			if (!lit)
				break;
			if (!strncasecmp(lit, "<br", 3))
				para_hard_break(&P->para);
			else if (!is_html_tag(lit))
				/* `<<optional>>`, `<username>`: prose, not markup */
				inl_text(P, &P->para, s, lit, strlen(lit), n);
			break;
		}
		case CMARK_NODE_EMPH:
			s->italic += enter ? 1 : -1;
			break;
		case CMARK_NODE_STRONG:
			s->bold += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			if (enter) {
				if (depth < 16)
					link_stack[depth] = s->link;
				depth++;
				size_t li = 0;
				const char *id = NULL;
				enum link_kind k = book_node_link(P->b, n, &li, &id);
				const char *url = cmark_node_get_url(n);
				if (k == LINK_EXTERNAL && url && safe_uri(url)) {
					s->link = layout_link_uri(&P->L, url);
				} else if (k == LINK_INTERNAL && li < P->b->n_lessons) {
					buf_clear(&name);
					if (id)
						buf_printf(&name, "L%zu#%s", li, id);
					else
						buf_printf(&name, "L%zu", li);
					s->link = layout_link_dest(&P->L, layout_dest(&P->L, buf_cstr(&name)));
				}
			} else {
				depth--;
				if (depth < 16)
					s->link = link_stack[depth];
			}
			break;
		case CMARK_NODE_IMAGE:
			if (bk && enter) {
				flush_para(P, bk, o);
				block_image(P, n, bk);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			} else {
				s->italic += enter ? 1 : -1;
			}
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			/* not a leaf for cmark_iter: it comes with an exit event too */
			const char *lit = cmark_node_get_literal(n);
			int num = lit && enter ? atoi(lit) : 0;
			if (num <= 0)
				break;
			struct inl sup = *s;
			sup.super = 1;
			sup.code = 0;
			sup.link = layout_link_dest(&P->L, layout_dest(&P->L, footnote_dest_name(P, &name, "fn", num)));
			char num_s[16];
			snprintf(num_s, sizeof num_s, "%d", num);
			/* the line drawn with this number holds the note's "ref"
			 * destination, where the note links back to */
			struct run_style rs = run_of(P, &sup);
			if ((size_t)num <= P->n_fn_note)
				rs.note = P->fn_note[num - 1] + 1;
			add_text(P, &P->para, &rs, num_s, strlen(num_s), n);
			break;
		}
		default:
			if (ts && !strcmp(ts, "strikethrough"))
				s->strike += enter ? 1 : -1;
			break;
		}
	}
	cmark_iter_free(it);
	buf_free(&name);
}

static struct inl inl_of(struct pdf *P, const struct blk *bk)
{
	struct inl s;
	memset(&s, 0, sizeof s);
	s.link = -1;
	s.family = FAM_BODY;
	s.size = bk->size;
	s.colour = bk->text;
	s.italic = bk->italic;
	return s;
}

static enum callout_kind callout_by_class(cmark_node *n, int *found)
{
	*found = 1;
	if (book_node_has_class(n, "bg-blue") || book_node_has_class(n, "bg-info") ||
	    book_node_has_class(n, "bg-primary") || book_node_has_class(n, "note"))
		return CALL_NOTE;
	if (book_node_has_class(n, "bg-green") || book_node_has_class(n, "bg-success") ||
	    book_node_has_class(n, "tip"))
		return CALL_TIP;
	if (book_node_has_class(n, "bg-yellow") || book_node_has_class(n, "bg-red") ||
	    book_node_has_class(n, "bg-orange") || book_node_has_class(n, "bg-warning") ||
	    book_node_has_class(n, "bg-danger") || book_node_has_class(n, "warning"))
		return CALL_WARNING;
	if (book_node_has_class(n, "bg-grey") || book_node_has_class(n, "bg-gray") ||
	    book_node_has_class(n, "bg-light"))
		return CALL_QUOTE;
	*found = 0;
	return CALL_QUOTE;
}

static void spacer(struct pdf *P, struct blk *bk, double h, double gap, int keep)
{
	layout_begin_item(&P->L);
	struct item *it = layout_end_item(&P->L, h, gap);
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	it->lesson = (int)P->li;
	it->keep_next = keep;
}

/* Open a tinted box in bk; returns the inner column. */
static struct blk box_open(struct pdf *P, struct blk *bk, enum callout_kind k)
{
	struct blk in = *bk;
	if (in.n_decos < ITEM_DECOS) {
		struct deco *dc = &in.decos[in.n_decos++];
		memset(dc, 0, sizeof *dc);
		dc->id = ++P->L.next_deco_id;
		dc->x = bk->x;
		dc->w = bk->w;
		dc->bg = P->st.c_box_bg[k];
		dc->bar = 1;
		dc->bar_colour = P->st.c_box_bar[k];
	}
	/* deep nesting stops indenting rather than squeezing text to nothing */
	if (bk->w - 24 >= 72) {
		in.x = bk->x + 14;
		in.w = bk->w - 24;
	}
	in.marker = NULL;
	spacer(P, &in, 7, take_gap(P), 1);
	return in;
}

static void box_close(struct pdf *P, struct blk *in)
{
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 1;
	spacer(P, in, 7, 0, 0);
	P->gap = P->st.space_paragraph;
}

static void block_paragraph(struct pdf *P, cmark_node *n, struct blk *bk)
{
	struct blk local = *bk;
	struct blk *use = bk;
	int boxed = 0, found;
	enum callout_kind k = callout_by_class(n, &found);
	struct inl s = inl_of(P, bk);
	struct para_opts o;
	int caption = book_node_has_class(n, "caption");
	if (caption) {
		s.italic = 1;
		s.size = P->st.size_small + 0.5;
		s.colour = P->st.c_muted;
		o = para_opts_of(P, bk, s.size);
		o.align = ALIGN_CENTER;
	} else {
		if (found) {
			local = box_open(P, bk, k);
			use = &local;
			boxed = 1;
		}
		o = para_opts_of(P, use, s.size);
	}
	P->para.hyphenate = P->st.hyphenate && o.align == ALIGN_JUSTIFY;
	walk_inlines(P, n, &s, use, &o);
	if (caption && !para_empty(&P->para)) {
		/* a caption stays close to the image above it (which may have
		 * been in this same paragraph) */
		if (P->L.n_items)
			P->L.items[P->L.n_items - 1].keep_next = 1;
		P->gap = 4;
	}
	flush_para(P, use, &o);
	if (boxed)
		box_close(P, &local);
	else
		P->gap = bk->tight ? 2 : P->st.space_paragraph;
}

static void outline_add(struct pdf *P, int level, const char *title, int dest,
			const struct srcpos *at)
{
	P->ol = xgrow(P->ol, &P->cap_ol, P->n_ol + 1, sizeof *P->ol);
	P->ol[P->n_ol++] = (struct outline_entry){level, xstrdup(title), dest, at};
}

static void block_heading(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int level = cmark_node_get_heading_level(n);
	if (level < 1 || level > 6)
		level = 6;
	if (level == 1 && P->skip_h1 && !P->seen_content) {
		char *t = book_node_text(n);
		int same = t && P->les->title && !strcasecmp(t, P->les->title);
		free(t);
		P->skip_h1 = 0;
		if (same)
			return;
	}
	struct inl s = inl_of(P, bk);
	s.family = FAM_HEADING;
	s.bold = level <= 4;
	s.italic = level >= 5;
	s.size = P->st.size_h[level - 1];
	s.colour = P->st.c_heading;
	struct para_opts o = para_opts_of(P, bk, s.size);
	o.line_height = s.size * 1.25;
	o.align = ALIGN_RAGGED;
	o.widows = 0;
	double gap = take_gap(P);
	double want = P->st.space_heading * (level <= 2 ? 1.2 : level == 3 ? 0.9 : 0.7);
	P->gap = gap > want ? gap : want;
	const char *id = book_node_id(n);
	struct buf name = BUF_INIT;
	if (id) {
		buf_printf(&name, "L%zu#%s", P->li, id);
		o.dest = layout_dest(&P->L, buf_cstr(&name));
	}
	P->para.hyphenate = 0;
	walk_inlines(P, n, &s, NULL, &o);
	size_t before = P->L.n_items;
	flush_para(P, bk, &o);
	for (size_t i = before; i < P->L.n_items; i++)
		P->L.items[i].keep_next = 1;
	layout_keep_next_items(&P->L, 2);
	if (level == 2 && o.dest >= 0) {
		char *t = book_node_text(n);
		outline_add(P, 2, t ? t : "", o.dest, NULL);
		free(t);
	}
	buf_free(&name);
	P->gap = level <= 2 ? 6 : 4;
}

/* --- code blocks --------------------------------------------------- */

struct cchar {
	size_t off, len;   /* bytes in the code; len 0 = a space from a tab */
	enum hl_class cls;
};

static void code_line_out(struct pdf *P, struct blk *bk, const char *code, struct cchar *cs,
			  size_t from, size_t to, int cont, double top_pad, double bottom_pad,
			  double gap, double cw, double size, double line_h)
{
	layout_begin_item(&P->L);
	double tx = bk->x + 10;
	double base = top_pad + baseline(line_h, size);
	int mono = face(P, FAM_CODE, 0, 0);
	if (cont)
		put_text(P, bk->x + 1.5, base, mono, size * 0.85, P->st.c_muted, "\xE2\x86\xAA");
	/* runs of one class and one font */
	size_t i = from;
	while (i < to) {
		enum hl_class cls = cs[i].cls;
		int font = mono;
		/* comments in italic; colour alone marks the other classes, which
		 * saves loading a bold monospaced face */
		if (cls == HL_COMMENT)
			font = face(P, FAM_CODE, 0, 1);
		struct buf run = BUF_INIT;
		size_t j = i;
		int f0 = -2;
		while (j < to && cs[j].cls == cls) {
			uint32_t cp = cs[j].len ? utf8_next(code + cs[j].off, cs[j].len, &(size_t){0}) : ' ';
			int f = fontset_pick(&P->fs, font, cp);
			if (f < 0) {
				f = fontset_pick(&P->fs, font, 0x25A1);
				if (f0 == -2 || f == f0) {
					if (f0 == -2)
						f0 = f;
					warn_char(P, cp, NULL, 0);
					buf_puts(&run, "\xE2\x96\xA1");
					j++;
					continue;
				}
				break;
			}
			if (f0 == -2)
				f0 = f;
			if (f != f0)
				break;
			if (cs[j].len)
				buf_put(&run, code + cs[j].off, cs[j].len);
			else
				buf_putc(&run, ' ');
			j++;
		}
		if (j == i) /* cannot happen: the first char always joins */
			j++;
		if (run.len)
			layout_text_op(&P->L, tx + (double)(i - from) * cw, base, f0 >= 0 ? f0 : mono,
				       size, P->st.c_hl[cls], run.ptr, run.len);
		buf_free(&run);
		i = j;
	}
	struct item *it = layout_end_item(&P->L, top_pad + line_h + bottom_pad, gap);
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	it->lesson = (int)P->li;
}

static void block_code(struct pdf *P, cmark_node *n, struct blk *outer)
{
	const char *code = cmark_node_get_literal(n);
	if (!code)
		code = "";
	size_t len = strlen(code);
	while (len && code[len - 1] == '\n')
		len--;
	char lang[32] = "";
	const char *info = cmark_node_get_fence_info(n);
	if (info) {
		size_t k = 0;
		while (info[k] && !isspace((unsigned char)info[k]) && info[k] != '{' && k < sizeof lang - 1) {
			lang[k] = info[k];
			k++;
		}
		lang[k] = '\0';
	}
	struct hl_span *spans = NULL;
	size_t ns = highlight(lang[0] ? lang : NULL, code, len, &spans);
	/* characters with their classes; tabs expand to the next multiple of 4 */
	struct cchar *cs = NULL;
	size_t nc = 0, cap = 0, si = 0;
	size_t *line_starts = NULL, nls = 0, capls = 0;
	line_starts = xgrow(line_starts, &capls, 1, sizeof *line_starts);
	line_starts[nls++] = 0;
	size_t col = 0;
	for (size_t i = 0; i < len;) {
		while (si + 1 < ns && i >= spans[si].start + spans[si].len)
			si++;
		enum hl_class cls = ns ? spans[si].cls : HL_PLAIN;
		size_t l;
		utf8_next(code + i, len - i, &l);
		if (code[i] == '\n') {
			line_starts = xgrow(line_starts, &capls, nls + 1, sizeof *line_starts);
			line_starts[nls++] = nc;
			col = 0;
		} else if (code[i] == '\t') {
			do {
				cs = xgrow(cs, &cap, nc + 1, sizeof *cs);
				cs[nc++] = (struct cchar){i, 0, HL_PLAIN};
				col++;
			} while (col % 4);
		} else if (code[i] == '\r') {
			/* dropped */
		} else {
			cs = xgrow(cs, &cap, nc + 1, sizeof *cs);
			cs[nc++] = (struct cchar){i, l, cls};
			col++;
		}
		i += l;
	}
	line_starts = xgrow(line_starts, &capls, nls + 1, sizeof *line_starts);
	line_starts[nls] = nc;

	double size = P->st.size_code;
	double line_h = size * P->st.code_leading;
	int mono = face(P, FAM_CODE, 0, 0);
	double cw = fontset_advance(&P->fs, mono, 'M') * size / 1000;
	if (cw <= 0)
		cw = size * 0.6;
	struct blk bk = *outer;
	if (bk.n_decos < ITEM_DECOS) {
		struct deco *dc = &bk.decos[bk.n_decos++];
		memset(dc, 0, sizeof *dc);
		dc->id = ++P->L.next_deco_id;
		dc->x = outer->x;
		dc->w = outer->w;
		dc->bg = P->st.c_code_bg;
	}
	size_t cols = (size_t)floor((outer->w - 20) / cw);
	if (cols < 8)
		cols = 8;
	/* visual lines: [from, to) of cs, continuation flag */
	struct vline {
		size_t from, to;
		int cont;
	} *vl = NULL;
	size_t nvl = 0, capvl = 0;
	for (size_t ln = 0; ln < nls; ln++) {
		size_t a = line_starts[ln], e = line_starts[ln + 1];
		int cont = 0;
		do {
			size_t b = e;
			if (e - a > cols) {
				b = a + cols;
				/* prefer to wrap after a space in the last third */
				for (size_t k = b; k > a + cols * 2 / 3; k--)
					if (cs[k - 1].len == 1 && code[cs[k - 1].off] == ' ') {
						b = k;
						break;
					}
			}
			vl = xgrow(vl, &capvl, nvl + 1, sizeof *vl);
			vl[nvl++] = (struct vline){a, b, cont};
			a = b;
			cont = 1;
		} while (a < e);
	}
	double pad = 6;
	size_t first_item = P->L.n_items;
	for (size_t i = 0; i < nvl; i++) {
		code_line_out(P, &bk, code, cs, vl[i].from, vl[i].to, vl[i].cont, i == 0 ? pad : 0,
			      i + 1 == nvl ? pad : 0, i == 0 ? take_gap(P) : 0, cw, size, line_h);
	}
	/* short blocks stay whole; long ones never leave a lone line */
	for (size_t i = first_item; i < P->L.n_items; i++) {
		size_t k = i - first_item;
		if (nvl <= 6 ? k + 1 < nvl : (k == 0 || k + 2 == nvl))
			P->L.items[i].keep_next = 1;
	}
	free(vl);
	free(cs);
	free(line_starts);
	free(spans);
	P->gap = P->st.space_paragraph + 2;
	P->seen_content = 1;
}

/* --- images -------------------------------------------------------- */

static void image_placeholder(struct pdf *P, struct blk *bk, const char *alt, const char *src)
{
	layout_begin_item(&P->L);
	double h = 54;
	struct rgb bg = P->st.c_code_bg;
	layout_rect_op(&P->L, bk->x, 0, bk->w, h, bg);
	layout_line_op(&P->L, bk->x, 0, bk->x + bk->w, 0, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x, h, bk->x + bk->w, h, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x, 0, bk->x, h, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x + bk->w, 0, bk->x + bk->w, h, 0.5, P->st.c_rule);
	int it_font = face(P, FAM_BODY, 0, 1);
	struct buf t = BUF_INIT;
	buf_printf(&t, "[image: %s]", alt && *alt ? alt : "no description");
	/* clip long alt text to the box */
	double size = P->st.size_body;
	while (t.len > 12 && text_width(P, it_font, size, buf_cstr(&t)) > bk->w - 20) {
		t.len -= 5;
		while (t.len && ((unsigned char)t.ptr[t.len] & 0xC0) == 0x80)
			t.len--;
		t.ptr[t.len] = '\0';
		buf_puts(&t, "…]");
	}
	double w = text_width(P, it_font, size, buf_cstr(&t));
	put_text(P, bk->x + (bk->w - w) / 2, 24, it_font, size, P->st.c_muted, buf_cstr(&t));
	if (src && *src) {
		buf_clear(&t);
		buf_puts(&t, src);
		int f = face(P, FAM_CODE, 0, 0);
		double s2 = P->st.size_small;
		while (t.len > 8 && text_width(P, f, s2, buf_cstr(&t)) > bk->w - 20) {
			t.len -= 4;
			while (t.len && ((unsigned char)t.ptr[t.len] & 0xC0) == 0x80)
				t.len--;
			t.ptr[t.len] = '\0';
		}
		w = text_width(P, f, s2, buf_cstr(&t));
		put_text(P, bk->x + (bk->w - w) / 2, 40, f, s2, P->st.c_muted, buf_cstr(&t));
	}
	buf_free(&t);
	struct item *it = layout_end_item(&P->L, h, take_gap(P));
	it->lesson = (int)P->li;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
}

/* Warn about an image the PDF cannot show, at its first use in a lesson
 * (the author fixes the Markdown line, not the asset), or at the asset
 * itself when only the cover uses it. */
static void asset_warn(struct pdf *P, int a, const char *why)
{
	const char *src = P->b->assets[a].src, *path;
	int line, col;
	if (book_asset_pos(P->b, a, &path, &line, &col) < 0) {
		path = src;
		line = col = 0;
	}
	diag_add(P->d, DIAG_WARNING, path, line, col,
		 "image %s %s; a placeholder is printed instead", src, why);
}

/* Device image for an asset, loading it on first use; -1 if unusable. */
static int asset_image(struct pdf *P, int a)
{
	if (a < 0 || (size_t)a >= P->b->n_assets)
		return -1;
	if (P->img[a] != -2)
		return P->img[a];
	const struct asset *as = &P->b->assets[a];
	P->img[a] = -1;
	if (as->status != ASSET_OK || !as->data || !as->media_type)
		return -1;
	enum device_format format;
	if (!strcmp(as->media_type, "image/png"))
		format = DEVICE_PNG;
	else if (!strcmp(as->media_type, "image/jpeg"))
		format = DEVICE_JPEG;
	else if (!strcmp(as->media_type, "image/gif"))
		format = DEVICE_GIF;
	else {
		asset_warn(P, a, "is an SVG, which the PDF cannot hold");
		return -1;
	}
	double w, h;
	int id = device_image(&P->dv, as->data, as->len, format, P->px ? &P->px[a] : NULL, &w, &h);
	if (id < 0) {
		asset_warn(P, a, format == DEVICE_GIF ? "is a GIF that cannot be read"
						      : "cannot be read by the PDF library");
		return -1;
	}
	P->img[a] = id;
	P->img_w[a] = w;
	P->img_h[a] = h;
	return id;
}

static void image_box(struct pdf *P, struct blk *bk, int a, double max_h, int lesson)
{
	int id = asset_image(P, a);
	double w = P->img_w[a] * 0.75, h = P->img_h[a] * 0.75; /* 96 px per inch */
	if (w > bk->w) {
		h *= bk->w / w;
		w = bk->w;
	}
	if (h > max_h) {
		w *= max_h / h;
		h = max_h;
	}
	layout_begin_item(&P->L);
	layout_image_op(&P->L, bk->x + (bk->w - w) / 2, 0, w, h, id);
	struct item *it = layout_end_item(&P->L, h, take_gap(P));
	it->lesson = lesson;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
}

static void block_image(struct pdf *P, cmark_node *img, struct blk *bk)
{
	int a = book_node_asset(P->b, img);
	int cover = book_node_has_class(img, "cover");
	if (P->gap < P->st.space_paragraph)
		P->gap = P->st.space_paragraph;
	if (asset_image(P, a) >= 0) {
		image_box(P, bk, a, P->L.body_h * (cover ? 0.36 : 0.7), (int)P->li);
	} else {
		char *alt = book_node_text(img);
		const char *src = cmark_node_get_url(img);
		image_placeholder(P, bk, alt, a >= 0 ? P->b->assets[a].src : src);
		free(alt);
	}
	P->gap = P->st.space_paragraph + 2;
	P->seen_content = 1;
}

/* --- lists, quotes, breaks, html ----------------------------------- */

static void block_list(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int num = cmark_node_get_list_start(n);
	int tight = cmark_node_get_list_tight(n);
	static const char *bullets[] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x80\x93"};
	double indent = P->st.indent_list;
	for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
		struct blk in = *bk;
		in.level = bk->level + 1;
		in.x = bk->x + (bk->w - indent >= 72 ? indent : 0);
		in.w = bk->w - (bk->w - indent >= 72 ? indent : 0);
		in.tight = tight;
		char mark[32];
		const char *ts = cmark_node_get_type_string(item);
		if (ts && !strcmp(ts, "tasklist")) {
			snprintf(mark, sizeof mark, "%s",
				 cmark_gfm_extensions_get_tasklist_item_checked(item) ? "\xE2\x98\x91"
										      : "\xE2\x98\x90");
		} else if (ordered) {
			snprintf(mark, sizeof mark, "%d.", num++);
		} else {
			snprintf(mark, sizeof mark, "%s", bullets[bk->level % 3]);
		}
		int mf = fontset_pick(&P->fs, face(P, FAM_BODY, 0, 0),
				      utf8_next(mark, strlen(mark), &(size_t){0}));
		double mw = text_width(P, mf >= 0 ? mf : face(P, FAM_BODY, 0, 0), bk->size, mark);
		in.marker = mark;
		in.marker_x = in.x - mw - 5;
		if (item != cmark_node_first_child(n) && !tight && P->gap < P->st.space_paragraph)
			P->gap = P->st.space_paragraph;
		cmark_node *first = cmark_node_first_child(item);
		if (first && cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
			/* an item that opens with code, a quote or a list: the
			 * marker gets a line of its own */
			layout_begin_item(&P->L);
			put_text(P, in.marker_x, baseline(bk->size * P->st.leading, bk->size),
				 mf >= 0 ? mf : face(P, FAM_BODY, 0, 0), bk->size, P->st.c_muted, mark);
			struct item *it = layout_end_item(&P->L, bk->size * P->st.leading, take_gap(P));
			it->keep_next = 1;
			it->lesson = (int)P->li;
			layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
			in.marker = NULL;
		}
		render_children(P, item, &in);
		P->gap = tight ? 2.5 : P->st.space_paragraph;
	}
	P->gap = P->st.space_paragraph;
}

static int callout_word(const char *t, enum callout_kind *k)
{
	static const struct {
		const char *w;
		enum callout_kind k;
	} words[] = {{"note", CALL_NOTE},       {"info", CALL_NOTE},       {"information", CALL_NOTE},
		     {"tip", CALL_TIP},         {"hint", CALL_TIP},        {"try it", CALL_TIP},
		     {"warning", CALL_WARNING}, {"caution", CALL_WARNING}, {"important", CALL_WARNING},
		     {"danger", CALL_WARNING},  {"attention", CALL_WARNING}};
	size_t n = strlen(t);
	while (n && (t[n - 1] == ':' || t[n - 1] == ' ' || t[n - 1] == '!'))
		n--;
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (strlen(words[i].w) == n && !strncasecmp(t, words[i].w, n)) {
			*k = words[i].k;
			return 1;
		}
	return 0;
}

static void block_quote(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int found;
	enum callout_kind k = callout_by_class(n, &found);
	cmark_node *first = cmark_node_first_child(n);
	if (!found && first) {
		char *t = NULL;
		if (cmark_node_get_type(first) == CMARK_NODE_HEADING) {
			t = book_node_text(first);
		} else if (cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH &&
			   cmark_node_first_child(first) &&
			   cmark_node_get_type(cmark_node_first_child(first)) == CMARK_NODE_STRONG) {
			t = book_node_text(cmark_node_first_child(first));
		}
		if (t && callout_word(t, &k))
			found = 1;
		else if (cmark_node_get_type(first) == CMARK_NODE_HEADING)
			found = 1, k = CALL_NOTE;
		free(t);
	}
	struct blk in = box_open(P, bk, found ? k : CALL_QUOTE);
	if (!found) {
		in.italic = 1;
		in.text = P->st.c_text;
	}
	P->gap = 0;
	for (cmark_node *c = first; c; c = cmark_node_next(c)) {
		if (c == first && cmark_node_get_type(c) == CMARK_NODE_HEADING) {
			/* the callout's title */
			struct inl s = inl_of(P, &in);
			s.family = FAM_HEADING;
			s.bold = 1;
			s.italic = 0;
			s.colour = P->st.c_box_bar[k];
			struct para_opts o = para_opts_of(P, &in, s.size);
			o.align = ALIGN_RAGGED;
			const char *id = book_node_id(c);
			if (id) {
				struct buf nm = BUF_INIT;
				buf_printf(&nm, "L%zu#%s", P->li, id);
				o.dest = layout_dest(&P->L, buf_cstr(&nm));
				buf_free(&nm);
			}
			walk_inlines(P, c, &s, NULL, &o);
			flush_para(P, &in, &o);
			if (P->L.n_items)
				P->L.items[P->L.n_items - 1].keep_next = 1;
			P->gap = 3;
			continue;
		}
		render_block(P, c, &in);
	}
	box_close(P, &in);
}

static void block_thematic(struct pdf *P, cmark_node *n, struct blk *bk)
{
	(void)n;
	layout_begin_item(&P->L);
	double mid = bk->x + bk->w / 2;
	layout_line_op(&P->L, mid - bk->w * 0.18, 9, mid + bk->w * 0.18, 9, 0.6, P->st.c_rule);
	struct item *it = layout_end_item(&P->L, 18, take_gap(P));
	it->discard_at_top = 1;
	it->lesson = (int)P->li;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	P->gap = P->st.space_paragraph;
}

static void block_html(struct pdf *P, cmark_node *n, struct blk *bk)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit)
		return;
	struct buf t = BUF_INIT;
	char *iframe = NULL;
	html_text(lit, &t, &iframe);
	struct inl s = inl_of(P, bk);
	struct para_opts o = para_opts_of(P, bk, s.size);
	P->para.hyphenate = 0;
	if (iframe) {
		const char *u = iframe;
		struct buf url = BUF_INIT;
		if (!strncmp(u, "//", 2))
			buf_printf(&url, "https:%s", u);
		else
			buf_puts(&url, u);
		s.italic = 1;
		inl_text(P, &P->para, &s, "Video: ", 7, n);
		s.italic = 0;
		if (safe_uri(buf_cstr(&url)))
			s.link = layout_link_uri(&P->L, buf_cstr(&url));
		inl_text(P, &P->para, &s, buf_cstr(&url), url.len, n);
		buf_free(&url);
		free(iframe);
	} else {
		inl_text(P, &P->para, &s, buf_cstr(&t), t.len, n);
	}
	flush_para(P, bk, &o);
	buf_free(&t);
	P->gap = P->st.space_paragraph;
}

/* --- tables -------------------------------------------------------- */

struct cell_w {
	double min, max;
};

static void cell_para(struct pdf *P, cmark_node *cell, double size, int header)
{
	struct blk dummy;
	memset(&dummy, 0, sizeof dummy);
	dummy.size = size;
	dummy.text = P->st.c_text;
	struct inl s = inl_of(P, &dummy);
	s.bold = header;
	if (header)
		s.family = FAM_HEADING;
	para_clear(&P->para);
	P->para.hyphenate = 0;
	walk_inlines(P, cell, &s, NULL, NULL);
}

static void measure_cell(struct pdf *P, cmark_node *cell, double size, int header,
			 struct cell_w *w)
{
	cell_para(P, cell, size, header);
	double word = 0, total = 0, mn = 0;
	for (size_t i = 0; i < P->para.n; i++) {
		const struct lb_item *x = &P->para.v[i].lb;
		if (x->type == LB_BOX) {
			word += x->width;
			total += x->width;
		} else {
			if (x->type == LB_GLUE && x->stretch < LB_FIL)
				total += x->width;
			if (word > mn)
				mn = word;
			if (x->type == LB_GLUE || x->penalty < 1000)
				word = 0;
		}
	}
	if (word > mn)
		mn = word;
	if (mn > w->min)
		w->min = mn;
	if (total > w->max)
		w->max = total;
	para_clear(&P->para);
}

/* A table row taller than a page (under the repeated header) would run
 * past the bottom margin, so it is cut between text lines: every cell's
 * line i lies at pady + i * line_h, so one cut serves all cells. The
 * row's ops (its item is still open; op `bg` is its background) are dealt
 * out to one item per line, each with its own slice of the background,
 * and pagination fills each page with as many as fit, repeating the
 * table header above the rest. The first two and the last two lines stay
 * together; only the last slice gets the row's bottom rule. */
static void split_row(struct pdf *P, struct blk *bk, size_t bg, double fill, double rh,
		      double line_h, double pady, int r, long header_item)
{
	struct layout *L = &P->L;
	size_t first = L->item_ops_start, n = L->n_ops - first;
	/* footnotes referred to in the row go with its first slice, which
	 * stays with the second */
	size_t refs_from = L->item_refs_start;
	struct op *ops = xmalloc(n * sizeof *ops);
	memcpy(ops, &L->ops[first], n * sizeof *ops);
	struct rgb bg_colour = L->ops[bg].colour;
	size_t bg_at = bg - first;
	L->n_ops = first;
	int lines = (int)((rh - 2 * pady) / line_h + 0.5);
	if (lines < 1)
		lines = 1;
	for (int s0 = 0; s0 < lines; s0++) {
		int s1 = s0 + 1;
		double top = s0 == 0 ? 0 : pady + s0 * line_h;
		double bottom = s1 == lines ? rh : pady + s1 * line_h;
		double h = bottom - top;
		layout_begin_item(L);
		if (s0 == 0)
			L->item_refs_start = refs_from;
		layout_rect_op(L, bk->x, 0, fill, h, bg_colour);
		if (r == 0 && s0 == 0)
			layout_line_op(L, bk->x, 0, bk->x + fill, 0, 0.9, P->st.c_table_rule);
		for (size_t k = 0; k < n; k++) {
			const struct op *o = &ops[k];
			if (k == bg_at)
				continue;
			double mid = o->y + (o->kind == OP_TEXT ? 0 : o->h / 2);
			int line = (int)((mid - pady) / line_h);
			if (line < 0)
				line = 0;
			if (line >= lines)
				line = lines - 1;
			if (line >= s0 && line < s1)
				layout_copy_op(L, *o, -top);
		}
		if (s1 == lines)
			layout_line_op(L, bk->x, h, bk->x + fill, h, 0.4, P->st.c_table_rule);
		struct item *it = layout_end_item(L, h, r == 0 && s0 == 0 ? take_gap(P) : 0);
		it->lesson = (int)P->li;
		layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
		it->table_header = header_item;
		it->keep_next = s0 == 0 || s0 == lines - 2;
	}
	free(ops);
}

static void block_table(struct pdf *P, cmark_node *n, struct blk *bk)
{
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(n);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	if (!ncols)
		return;
	double size = bk->size * 0.92;
	double padx = 5, pady = 3.5;
	struct cell_w *cw = xcalloc(ncols, sizeof *cw);
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		int c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < ncols;
		     cell = cmark_node_next(cell), c++)
			measure_cell(P, cell, size, header, &cw[c]);
	}
	double avail = bk->w, smin = 0, smax = 0;
	for (int c = 0; c < ncols; c++) {
		if (cw[c].min > avail * 0.5)
			cw[c].min = avail * 0.5; /* long words will break */
		if (cw[c].max < cw[c].min)
			cw[c].max = cw[c].min;
		smin += cw[c].min + 2 * padx;
		smax += cw[c].max + 2 * padx;
	}
	/* too wide even at the narrowest: a smaller font, down to 75 % */
	double scale = 1;
	if (smin > avail) {
		scale = avail / smin;
		if (scale < 0.75)
			scale = 0.75;
		size *= scale;
	}
	double *width = xcalloc(ncols, sizeof *width);
	double fill = 0;
	if (smax * scale <= avail) {
		/* natural widths; spread out to the full measure when close */
		double extra = smax * scale > avail * 0.55 ? (avail - smax * scale) / ncols : 0;
		for (int c = 0; c < ncols; c++)
			width[c] = (cw[c].max * scale + 2 * padx) + extra;
	} else {
		double spare = avail - smin * scale, spread = 0;
		for (int c = 0; c < ncols; c++)
			spread += cw[c].max - cw[c].min;
		for (int c = 0; c < ncols; c++) {
			width[c] = cw[c].min * scale + 2 * padx;
			if (spare > 0 && spread > 0)
				width[c] += spare * (cw[c].max - cw[c].min) / spread;
		}
	}
	for (int c = 0; c < ncols; c++)
		fill += width[c];
	if (fill > avail) /* rounding, or min widths beyond the 75 % font */
		for (int c = 0; c < ncols; c++)
			width[c] *= avail / fill;
	fill = 0;
	for (int c = 0; c < ncols; c++)
		fill += width[c];

	long header_item = -1;
	int r = 0;
	double line_h = size * 1.3;
	for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), r++) {
		int header = cmark_gfm_extensions_get_table_row_is_header(row);
		layout_begin_item(&P->L);
		size_t bg = layout_rect_op(&P->L, bk->x, 0, fill, 0,
					   header ? P->st.c_table_header_bg : P->st.c_table_stripe);
		if (!header && r % 2 == 1)
			P->L.ops[bg].colour = (struct rgb){1, 1, 1};
		double x = bk->x, hmax = 0;
		int c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < ncols;
		     cell = cmark_node_next(cell), c++) {
			P->para.max_width = width[c] - 2 * padx;
			cell_para(P, cell, size, header);
			P->para.max_width = 0;
			enum para_align a = ALIGN_RAGGED;
			if (al && al[c] == 'c')
				a = ALIGN_CENTER;
			else if (al && al[c] == 'r')
				a = ALIGN_RIGHT;
			double h = 0;
			if (!para_empty(&P->para))
				h = layout_paragraph_inline(&P->L, &P->para, x + padx, pady,
							    width[c] - 2 * padx, line_h, a, NULL);
			para_clear(&P->para);
			if (h > hmax)
				hmax = h;
			x += width[c];
		}
		double rh = (hmax > 0 ? hmax : line_h) + 2 * pady;
		double hdr_h = header_item >= 0 ? P->L.items[header_item].height : 0;
		if (rh > P->L.body_h - hdr_h + 0.01) {
			split_row(P, bk, bg, fill, rh, line_h, pady, r, header_item);
			if (header)
				header_item = -1; /* a header in pieces is not repeated */
			continue;
		}
		P->L.ops[bg].h = rh;
		if (r == 0)
			layout_line_op(&P->L, bk->x, 0, bk->x + fill, 0, 0.9, P->st.c_table_rule);
		layout_line_op(&P->L, bk->x, rh, bk->x + fill, rh, header ? 0.9 : 0.4,
			       P->st.c_table_rule);
		struct item *it = layout_end_item(&P->L, rh, r == 0 ? take_gap(P) : 0);
		it->lesson = (int)P->li;
		layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
		if (header) {
			it->keep_next = 1;
			header_item = (long)(P->L.n_items - 1);
		} else {
			it->table_header = header_item;
		}
	}
	free(cw);
	free(width);
	P->gap = P->st.space_paragraph + 3;
	P->seen_content = 1;
}

/* --- footnotes ----------------------------------------------------- */

static void block_footnote_def(struct pdf *P, cmark_node *n, struct blk *bk)
{
	(void)bk;
	P->fn_defs = xgrow(P->fn_defs, &P->cap_fn_defs, P->n_fn_defs + 1, sizeof *P->fn_defs);
	P->fn_defs[P->n_fn_defs++] = n;
}

static double footnote_size(const struct pdf *P)
{
	return P->st.size_footnote > 0 ? P->st.size_footnote : P->st.size_small + 0.5;
}

/* The short rule above the footnotes at the foot of a page: one item for
 * the whole book, out of the flow, placed by the layout on every page
 * with notes. */
static void footnote_rule(struct pdf *P)
{
	if (P->L.note_rule >= 0)
		return;
	double h = footnote_size(P) * 1.1;
	layout_begin_item(&P->L);
	layout_line_op(&P->L, 0, h / 2, 90, h / 2, 0.6, P->st.c_rule);
	struct item *it = layout_end_item(&P->L, h, 0);
	it->note = 1;
	P->L.note_rule = (long)(P->L.n_items - 1);
	P->L.note_gap = footnote_size(P) * 0.35;
}

/* Each footnote is laid out as its own short run of items, out of the
 * flow, and the layout sets it at the foot of the page of its first
 * reference. A note stays here at the end of the lesson, in the flow
 * under a rule as before, when it is taller than half the text area (at
 * the foot it could crowd the page's text out; here it breaks across
 * pages like any text) or when it is referred to only from other notes
 * (a chain of notes would otherwise pile up at one page's foot). */
static void render_footnotes(struct pdf *P, struct blk *bk)
{
	if (!P->n_fn_defs)
		return;
	size_t notes_from = P->L.n_items;
	layout_begin_item(&P->L);
	layout_line_op(&P->L, bk->x, 8, bk->x + 90, 8, 0.6, P->st.c_rule);
	struct item *it = layout_end_item(&P->L, 12, P->st.space_heading);
	it->lesson = (int)P->li;
	it->keep_next = 1;
	size_t rule = P->L.n_items - 1;
	int at_end = 0;
	struct buf name = BUF_INIT;
	for (size_t i = 0; i < P->n_fn_defs; i++) {
		int num = (int)i + 1;
		size_t first = P->L.n_items;
		struct blk in = *bk;
		in.size = footnote_size(P);
		in.x = bk->x + 16;
		in.w = bk->w - 16;
		char mark[16];
		snprintf(mark, sizeof mark, "%d.", num);
		in.marker = mark;
		in.marker_x = bk->x;
		int dest = layout_dest(&P->L, footnote_dest_name(P, &name, "fn", num));
		P->gap = 2;
		for (cmark_node *c = cmark_node_first_child(P->fn_defs[i]); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
				struct inl s = inl_of(P, &in);
				struct para_opts o = para_opts_of(P, &in, in.size);
				if (c == cmark_node_first_child(P->fn_defs[i]))
					o.dest = dest;
				walk_inlines(P, c, &s, NULL, &o);
				if (!cmark_node_next(c)) {
					/* a link back to the reference */
					s.link = layout_link_dest(&P->L, layout_dest(&P->L,
						footnote_dest_name(P, &name, "ref", num)));
					inl_text(P, &P->para, &s, " \xE2\x86\xA9", 4, c);
				}
				flush_para(P, &in, &o);
			} else {
				render_block(P, c, &in);
			}
		}
		size_t count = P->L.n_items - first;
		int id = i < P->n_fn_note ? P->fn_note[i] : -1;
		long ref = id >= 0 ? P->L.notes[id].ref_item : -1;
		if (count && ref >= (long)P->lesson_first && ref < (long)notes_from) {
			layout_note_items(&P->L, id, first, count);
			if (layout_note_height(&P->L, id) <= P->L.body_h / 2) {
				footnote_rule(P);
				continue;
			}
			layout_note_items(&P->L, id, first, 0);
			for (size_t k = first; k < first + count; k++)
				P->L.items[k].note = 0;
		}
		at_end = 1;
	}
	/* no note left at the end: its rule leaves the flow too, unplaced */
	if (!at_end)
		P->L.items[rule].note = 1;
	buf_free(&name);
}

/* --- dispatch ------------------------------------------------------- */

static void render_block(struct pdf *P, cmark_node *n, struct blk *bk)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		block_paragraph(P, n, bk);
		break;
	case CMARK_NODE_HEADING:
		block_heading(P, n, bk);
		break;
	case CMARK_NODE_CODE_BLOCK:
		block_code(P, n, bk);
		break;
	case CMARK_NODE_HTML_BLOCK:
		block_html(P, n, bk);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		block_thematic(P, n, bk);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		block_quote(P, n, bk);
		break;
	case CMARK_NODE_LIST:
		block_list(P, n, bk);
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		block_footnote_def(P, n, bk);
		break;
	default: {
		const char *ts = cmark_node_get_type_string(n);
		if (ts && !strcmp(ts, "table"))
			block_table(P, n, bk);
		else
			render_children(P, n, bk);
		break;
	}
	}
}

static void render_children(struct pdf *P, cmark_node *parent, struct blk *bk)
{
	if (!parent)
		return;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
		render_block(P, c, bk);
}

/* --- lessons -------------------------------------------------------- */

static struct blk body_blk(struct pdf *P)
{
	struct blk bk;
	memset(&bk, 0, sizeof bk);
	bk.x = 0;
	bk.w = P->L.body_w;
	bk.size = P->st.size_body;
	bk.text = P->st.c_text;
	return bk;
}

/* One styled paragraph from a plain string (titles, cover, contents). */
static size_t simple_para(struct pdf *P, const char *text, int font, double size,
			  double line_h, struct rgb c, double x, double w, enum para_align a,
			  double space_before, int dest, double *last_w)
{
	struct run_style rs;
	memset(&rs, 0, sizeof rs);
	rs.font = font;
	rs.size = size;
	rs.colour = c;
	rs.link = -1;
	para_clear(&P->para);
	P->para.hyphenate = 0;
	add_text(P, &P->para, &rs, text, strlen(text), NULL);
	struct para_opts o;
	memset(&o, 0, sizeof o);
	o.x = x;
	o.width = w;
	o.line_height = line_h;
	o.align = a;
	o.space_before = space_before;
	o.dest = dest;
	o.lesson = -1;
	size_t nl = para_empty(&P->para) ? 0 : layout_paragraph(&P->L, &P->para, &o, last_w);
	para_clear(&P->para);
	return nl;
}

static void lesson_opener(struct pdf *P, size_t i)
{
	const struct lesson *l = &P->b->lessons[i];
	struct buf name = BUF_INIT;
	buf_printf(&name, "L%zu", i);
	int dest = layout_dest(&P->L, buf_cstr(&name));
	size_t first = P->L.n_items;
	const struct section *sec = l->section < P->b->n_sections ? &P->b->sections[l->section] : NULL;
	if (sec && sec->first == i)
		outline_add(P, 0, sec->title ? sec->title : "", dest, &sec->title_at);
	outline_add(P, 1, l->title ? l->title : l->slug, dest, &l->title_at);
	double w = P->L.body_w;
	/* the section as a kicker above the title, unless it only repeats it */
	if (sec && sec->title && *sec->title && (!l->title || strcmp(sec->title, l->title))) {
		P->title_at = &sec->title_at;
		simple_para(P, sec->title, face(P, FAM_HEADING, 1, 0), P->st.size_small + 0.5,
			    (P->st.size_small + 0.5) * 1.4, P->st.c_accent, 0, w, ALIGN_RAGGED, 0,
			    dest, NULL);
	}
	double ts = P->st.size_h[0] * 1.15;
	P->title_at = &l->title_at;
	simple_para(P, l->title ? l->title : l->slug, face(P, FAM_HEADING, 1, 0), ts, ts * 1.18,
		    P->st.c_heading, 0, w, ALIGN_RAGGED, 4, P->L.n_items == first ? dest : -1, NULL);
	P->title_at = NULL;
	if (l->description && *l->description)
		simple_para(P, l->description, face(P, FAM_BODY, 0, 1), P->st.size_body + 1.5,
			    (P->st.size_body + 1.5) * 1.35, P->st.c_muted, 0, w, ALIGN_RAGGED, 6, -1,
			    NULL);
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 8, 48, 2.2, P->st.c_accent);
	layout_end_item(&P->L, 12, 0);
	for (size_t k = first; k < P->L.n_items; k++) {
		P->L.items[k].keep_next = 1;
		P->L.items[k].lesson = (int)i;
	}
	P->L.items[first].new_page = 1;
	P->L.items[first].chapter = 1;
	buf_free(&name);
	P->gap = 16;
}

static void layout_lesson(struct pdf *P, size_t i)
{
	P->li = i;
	P->les = &P->b->lessons[i];
	P->n_warned = 0;
	P->n_fn_defs = 0;
	/* a note id per footnote before the text, whose references name them;
	 * cmark-gfm puts the definitions at the end of the document, in the
	 * order of their numbers */
	P->n_fn_note = 0;
	if (P->les->doc)
		for (cmark_node *c = cmark_node_first_child(P->les->doc); c; c = cmark_node_next(c))
			if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION) {
				P->fn_note = xgrow(P->fn_note, &P->cap_fn_note, P->n_fn_note + 1,
						   sizeof *P->fn_note);
				int id = layout_note_new(&P->L);
				P->fn_note[P->n_fn_note++] = id;
				struct buf name = BUF_INIT;
				P->L.notes[id].ref_dest = layout_dest(&P->L,
					footnote_dest_name(P, &name, "ref", (int)P->n_fn_note));
				buf_free(&name);
			}
	P->skip_h1 = 1;
	P->seen_content = 0;
	size_t first = P->L.n_items;
	P->lesson_first = first;
	lesson_opener(P, i);
	struct blk bk = body_blk(P);
	if (P->les->doc)
		render_children(P, P->les->doc, &bk);
	render_footnotes(P, &bk);
	P->L.keep_lines = 0;
	for (size_t k = first; k < P->L.n_items; k++)
		P->L.items[k].lesson = (int)i;
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 0;
}

/* --- front matter ----------------------------------------------------- */

static double items_height(struct pdf *P, size_t first)
{
	double h = 0;
	for (size_t k = first; k < P->L.n_items; k++)
		h += P->L.items[k].height + (k > first ? P->L.items[k].space_before : 0);
	return h;
}

static void build_cover(struct pdf *P)
{
	const struct book *b = P->b;
	double w = P->L.body_w, H = P->L.body_h;
	size_t first = P->L.n_items;
	layout_begin_item(&P->L);
	struct item *it = layout_end_item(&P->L, H * 0.14, 0);
	it->new_page = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 0, 56, 4, P->st.c_accent);
	layout_end_item(&P->L, 22, 0);
	double ts = P->st.size_title;
	P->title_at = &b->title_at;
	simple_para(P, b->title ? b->title : "Handbook", face(P, FAM_HEADING, 1, 0), ts, ts * 1.15,
		    P->st.c_heading, 0, w, ALIGN_RAGGED, 0, layout_dest(&P->L, "cover"), NULL);
	P->title_at = NULL;
	if (b->description && *b->description)
		simple_para(P, b->description, face(P, FAM_BODY, 0, 1), P->st.size_body + 3,
			    (P->st.size_body + 3) * 1.4, P->st.c_muted, 0, w * 0.9, ALIGN_RAGGED, 16,
			    -1, NULL);
	double used = items_height(P, first);
	double bottom = 0;
	if (b->author)
		bottom += 18;
	if (b->date)
		bottom += 16;
	if (b->cover >= 0 && asset_image(P, b->cover) >= 0) {
		struct blk bk = body_blk(P);
		double room = H - used - bottom - 60;
		if (room > H * 0.45)
			room = H * 0.45;
		if (room > 60) {
			P->gap = 30;
			image_box(P, &bk, b->cover, room, -1);
			used = items_height(P, first);
		}
	}
	if (bottom > 0) {
		layout_begin_item(&P->L);
		double y = 0;
		if (b->author) {
			put_text(P, 0, 12, face(P, FAM_HEADING, 1, 0), 12, P->st.c_text, b->author);
			y = 18;
		}
		if (b->date)
			put_text(P, 0, y + 12, face(P, FAM_HEADING, 0, 0), 10, P->st.c_muted, b->date);
		double gap = H - used - bottom - 2;
		layout_end_item(&P->L, bottom, gap > 0 ? gap : 0);
	}
	for (size_t k = first; k < P->L.n_items; k++) {
		P->L.items[k].keep_next = 1;
		P->L.items[k].lesson = -1;
	}
	P->L.items[P->L.n_items - 1].keep_next = 0;
}

static void contents_entry(struct pdf *P, const char *title, int dest, int level)
{
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
	size_t nl = simple_para(P, title, font, size, line_h, level == 1 ? P->st.c_text : P->st.c_muted,
				indent, w - indent - numw - 14, ALIGN_RAGGED,
				level == 1 ? 4.5 : 1.5, -1, &last_w);
	if (!nl)
		return;
	size_t before = extend_begin(P);
	double base = baseline(line_h, size);
	/* leaders end just before the number column */
	double dot_w = fontset_width(&P->fs, font, ". ", 2, size);
	double x0 = indent + last_w + 8, x1 = w - numw - 4;
	if (dot_w > 0 && x1 > x0 + dot_w) {
		size_t count = (size_t)((x1 - x0) / dot_w);
		struct buf dots = BUF_INIT;
		for (size_t k = 0; k < count; k++)
			buf_puts(&dots, ". ");
		layout_text_op(&P->L, x1 - count * dot_w, base, font, size, P->st.c_rule, dots.ptr,
			       dots.len);
		buf_free(&dots);
	}
	double nw = fontset_width(&P->fs, font, num, strlen(num), size);
	layout_text_op(&P->L, w - nw, base, font, size, level == 1 ? P->st.c_text : P->st.c_muted,
		       num, strlen(num));
	layout_link_op(&P->L, indent, -(double)(nl - 1) * line_h, w - indent, nl * line_h,
		       layout_link_dest(&P->L, dest));
	extend_end(P, before);
	P->L.items[P->L.n_items - 1].lesson = -1;
}

static void build_contents(struct pdf *P)
{
	const struct book *b = P->b;
	double w = P->L.body_w;
	size_t first = P->L.n_items;
	double ts = P->st.size_h[0];
	simple_para(P, "Contents", face(P, FAM_HEADING, 1, 0), ts, ts * 1.25, P->st.c_heading, 0, w,
		    ALIGN_RAGGED, 0, layout_dest(&P->L, "contents"), NULL);
	P->L.items[first].new_page = 1;
	P->L.items[first].keep_next = 1;
	layout_begin_item(&P->L);
	layout_rect_op(&P->L, 0, 6, 48, 2.2, P->st.c_accent);
	layout_end_item(&P->L, 18, 0);
	/* the same entries as the outline: sections, lessons, their h2 */
	int first_section = 1;
	for (size_t k = 0; k < P->n_ol; k++) {
		const struct outline_entry *e = &P->ol[k];
		if (e->level == 0) {
			if (!*e->title || (b->n_sections <= 1 && b->title && !strcmp(e->title, b->title)))
				continue;
			size_t before = P->L.n_items;
			double sz = P->st.size_body;
			P->title_at = e->at;
			simple_para(P, e->title, face(P, FAM_HEADING, 1, 0), sz, sz * 1.4, P->st.c_accent,
				    0, w, ALIGN_RAGGED, first_section ? 4 : 14, -1, NULL);
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
	if (P->L.n_items)
		P->L.items[P->L.n_items - 1].keep_next = 0;
}

/* --- page furniture --------------------------------------------------- */

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
	const struct lesson *l = pg->lesson >= 0 ? &P->b->lessons[pg->lesson] : NULL;
	for (const char *s = tpl; s && *s;) {
		if (!strncmp(s, "{course}", 8)) {
			buf_puts(out, P->b->title ? P->b->title : "");
			s += 8;
		} else if (!strncmp(s, "{lesson}", 8)) {
			buf_puts(out, l && l->title ? l->title : "");
			s += 8;
		} else if (!strncmp(s, "{section}", 9)) {
			if (l && l->section < P->b->n_sections && P->b->sections[l->section].title)
				buf_puts(out, P->b->sections[l->section].title);
			s += 9;
		} else if (!strncmp(s, "{page}", 6)) {
			buf_puts(out, num);
			s += 6;
		} else if (!strncmp(s, "{author}", 8)) {
			buf_puts(out, P->b->author ? P->b->author : "");
			s += 8;
		} else {
			buf_putc(out, *s++);
		}
	}
}

/* Shorten t with an ellipsis until it fits max_w. */
static void fit(struct pdf *P, struct buf *t, int font, double size, double max_w)
{
	if (text_width(P, font, size, buf_cstr(t)) <= max_w)
		return;
	while (t->len > 0) {
		t->len--;
		while (t->len && ((unsigned char)t->ptr[t->len] & 0xC0) == 0x80)
			t->len--;
		t->ptr[t->len] = '\0';
		struct buf tmp = BUF_INIT;
		buf_puts(&tmp, buf_cstr(t));
		while (tmp.len && tmp.ptr[tmp.len - 1] == ' ')
			tmp.ptr[--tmp.len] = '\0';
		buf_puts(&tmp, "\xE2\x80\xA6");
		double w = text_width(P, font, size, buf_cstr(&tmp));
		if (w <= max_w) {
			buf_clear(t);
			buf_puts(t, buf_cstr(&tmp));
			buf_free(&tmp);
			return;
		}
		buf_free(&tmp);
	}
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
		double tw = text_width(P, font, size, buf_cstr(&t));
		double x = k == 0 ? 0 : k == 1 ? (w - tw) / 2 : w - tw;
		put_text(P, x, y, font, size, P->st.c_muted, buf_cstr(&t));
	}
	buf_free(&left);
	buf_free(&t);
}

static void furniture(struct pdf *P, size_t pi, int number, int front)
{
	struct page *pg = &P->L.pages[pi];
	char num[32];
	if (front)
		roman(number, num, sizeof num);
	else
		snprintf(num, sizeof num, "%d", number);
	layout_begin_item(&P->L);
	if (!front && !pg->chapter && pg->lesson >= 0) {
		double y = -P->st.margin_top * 0.42;
		three(P, y, P->st.header_left, "", P->st.header_right, pg, num);
		layout_line_op(&P->L, 0, y + 5, P->L.body_w, y + 5, 0.4, P->st.c_rule);
	}
	double fy = P->L.body_h + P->st.margin_bottom * 0.5;
	three(P, fy, P->st.footer_left, P->st.footer_center, P->st.footer_right, pg, num);
	layout_end_item(&P->L, 0, 0);
	pg->furniture = (long)P->L.n_items - 1;
}

/* --- document ------------------------------------------------------- */

static int add_family(struct pdf *P, int fam, const char *stem)
{
	static const char *suffix[4] = {"Regular", "Bold", "Italic", "BoldItalic"};
	const char *dir = P->opt->data_dir ? P->opt->data_dir : ".";
	struct buf path = BUF_INIT;
	int rc = 0;
	for (int k = 0; k < 4; k++) {
		buf_clear(&path);
		size_t sl = strlen(stem);
		if (strchr(stem, '/') || (sl > 4 && !strcasecmp(stem + sl - 4, ".ttf")))
			buf_puts(&path, stem);
		else
			buf_printf(&path, "%s/fonts/%s-%s.ttf", dir, stem, suffix[k]);
		if (access(buf_cstr(&path), R_OK) != 0) {
			buf_clear(&path);
			buf_printf(&path, "%s/fonts/%s.ttf", dir, stem);
		}
		if (access(buf_cstr(&path), R_OK) != 0) {
			if (k > 0) {
				P->fam[fam][k] = P->fam[fam][k & FACE_BOLD];
				continue;
			}
			diag_add(P->d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read font '%s'", stem);
			rc = -1;
			break;
		}
		P->fam[fam][k] = fontset_add(&P->fs, buf_cstr(&path));
		if (k == 0 && !fontset_has(&P->fs, P->fam[fam][0], 'a')) {
			diag_add(P->d, DIAG_FATAL, buf_cstr(&path), 0, 0,
				 "not a TrueType font octavo can read");
			rc = -1;
			break;
		}
	}
	buf_free(&path);
	return rc;
}

static void make_outline(struct pdf *P)
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

/* Loading the hyphenation patterns is the slowest single step of
 * setting up, so it runs beside the font and image loading. */
/* Decode PNGs and GIFs from the shared job list until it is empty; both
 * threads run this, each taking the next job, and the image objects are
 * made later in asset order, so the PDF does not depend on who decoded
 * what. */
static void decode_images(struct pdf *P)
{
	for (;;) {
		size_t k = __atomic_fetch_add(&P->pixel_next, 1, __ATOMIC_RELAXED);
		if (k >= P->n_pixel_jobs)
			break;
		size_t a = P->pixel_jobs[k];
		const struct asset *as = &P->b->assets[a];
		if (!strcmp(as->media_type, "image/gif"))
			device_gif_decode(as->data, as->len, &P->px[a]);
		else
			device_png_decode(as->data, as->len, &P->px[a]);
	}
}

static void *load_patterns(void *arg)
{
	struct pdf *P = arg;
	if (P->hy_path)
		P->hy = hyph_open(P->hy_path);
	decode_images(P);
	return NULL;
}

int pdf_write(const struct book *b, const struct build_options *opt, const char *out_path,
	      struct diags *d)
{
	struct pdf P;
	memset(&P, 0, sizeof P);
	P.b = b;
	P.opt = opt;
	P.d = d;
	stamp(&P, "");
	zflate_init(); /* before this back end starts its threads */
	int rc = -1, layout_ready = 0, dev_ready = 0;
	size_t *order = NULL;
	style_defaults(&P.st);
	fontset_init(&P.fs);
	para_init(&P.para);
	if (opt->style || !opt->data_dir) {
		if (style_load(&P.st, opt->data_dir, opt->style, d))
			goto done;
	} else {
		/* no --style: styles/default.yml if it is there; the same values
		 * are built in, so a bare install still prints */
		struct buf def = BUF_INIT;
		buf_printf(&def, "%s/styles/default.yml", opt->data_dir);
		int have = access(buf_cstr(&def), R_OK) == 0;
		buf_free(&def);
		if (have && style_load(&P.st, opt->data_dir, NULL, d))
			goto done;
	}
	if (add_family(&P, FAM_BODY, P.st.font_body) || add_family(&P, FAM_HEADING, P.st.font_heading) ||
	    add_family(&P, FAM_CODE, P.st.font_code))
		goto done;
	{
		struct buf fb = BUF_INIT;
		buf_printf(&fb, "%s/fonts/%s.ttf", opt->data_dir ? opt->data_dir : ".", P.st.font_fallback);
		if (access(buf_cstr(&fb), R_OK) == 0)
			P.fs.fallback = fontset_add(&P.fs, buf_cstr(&fb));
		buf_free(&fb);
	}
	/* PNGs that must be decoded (transparency, 16-bit, interlaced), and
	 * every GIF */
	P.px = xcalloc(b->n_assets + 1, sizeof *P.px);
	P.pixel_jobs = xmalloc((b->n_assets + 1) * sizeof *P.pixel_jobs);
	for (size_t i = 0; i < b->n_assets; i++) {
		const struct asset *as = &b->assets[i];
		if (as->status != ASSET_OK || !as->data || !as->media_type)
			continue;
		if ((!strcmp(as->media_type, "image/png") && !device_png_direct(as->data, as->len)) ||
		    !strcmp(as->media_type, "image/gif"))
			P.pixel_jobs[P.n_pixel_jobs++] = i;
	}
	/* only the book language's own patterns: another language's would
	 * hyphenate at the wrong places, worse than not hyphenating */
	P.hy_path = hyph_find(HYPH_DIR, b->language ? b->language : "en");
	if (opt->verbose) {
		if (P.hy_path)
			fprintf(stderr, "octavo: pdf hyphenation patterns %s\n", P.hy_path);
		else
			fprintf(stderr, "octavo: pdf no hyphenation patterns for %s\n",
				b->language ? b->language : "en");
	}
	pthread_t patterns;
	int threaded = pthread_create(&patterns, NULL, load_patterns, &P) == 0;
	if (!threaded)
		load_patterns(&P);
	if (device_open(&P.dv, &P.fs, d, out_path)) {
		if (threaded)
			pthread_join(patterns, NULL);
		goto done;
	}
	dev_ready = 1;
	P.img = xmalloc((b->n_assets + 1) * sizeof *P.img);
	P.img_w = xcalloc(b->n_assets + 1, sizeof *P.img_w);
	P.img_h = xcalloc(b->n_assets + 1, sizeof *P.img_h);
	for (size_t i = 0; i < b->n_assets; i++)
		P.img[i] = -2;
	/* meanwhile: the images */
	decode_images(&P);
	if (threaded) {
		pthread_join(patterns, NULL);
		threaded = 0;
	}
	for (size_t i = 0; i < b->n_assets; i++)
		if (b->assets[i].status == ASSET_OK && b->assets[i].media_type &&
		    (!strcmp(b->assets[i].media_type, "image/png") ||
		     !strcmp(b->assets[i].media_type, "image/jpeg") ||
		     !strcmp(b->assets[i].media_type, "image/gif")))
			asset_image(&P, (int)i);
	if (threaded)
		pthread_join(patterns, NULL);
	struct metrics m = {metric_width, P.hy ? metric_hyph : NULL, &P};
	layout_init(&P.L, &m, P.st.page_w, P.st.page_h, P.st.margin_top, P.st.margin_right,
		    P.st.margin_bottom, P.st.margin_left);
	layout_ready = 1;
	stamp(&P, "setup");
	if (opt->pdf_setup_done)
		opt->pdf_setup_done(opt->pdf_setup_arg);

	for (size_t i = 0; i < b->n_lessons; i++)
		layout_lesson(&P, i);
	stamp(&P, "lessons");
	layout_paginate(&P.L, 0, 0);
	size_t n_body = P.L.n_pages;
	layout_resolve_dests(&P.L);
	size_t front_items = P.L.n_items;
	P.li = 0;
	P.les = NULL;
	build_cover(&P);
	build_contents(&P);
	layout_paginate(&P.L, front_items, 1);
	layout_resolve_dests(&P.L);
	size_t n_front = P.L.n_pages - n_body;

	stamp(&P, "pages");
	for (size_t i = 0; i < n_body; i++)
		furniture(&P, i, (int)i + 1, 0);
	for (size_t i = 1; i < n_front; i++)
		furniture(&P, n_body + i, (int)i + 1, 1);

	order = xmalloc((P.L.n_pages + 1) * sizeof *order);
	for (size_t i = 0; i < n_front; i++)
		order[i] = n_body + i;
	for (size_t i = 0; i < n_body; i++)
		order[n_front + i] = i;
	device_draw(&P.dv, &P.L, order, P.L.n_pages);
	make_outline(&P);
	if (n_front)
		device_page_label(&P.dv, 0, 1);
	if (n_body)
		device_page_label(&P.dv, n_front, 0);
	{
		struct buf kw = BUF_INIT;
		for (size_t i = 0; i < b->n_subjects; i++) {
			if (i)
				buf_puts(&kw, ", ");
			buf_puts(&kw, b->subjects[i]);
		}
		device_info(&P.dv, b->title, b->author, b->description, kw.len ? buf_cstr(&kw) : NULL,
			    book_time(P.b, P.opt->source_date));
		buf_free(&kw);
	}
	stamp(&P, "draw");
	rc = device_save(&P.dv, out_path, d);
	stamp(&P, "save");
done:
	free(order);
	if (dev_ready)
		device_close(&P.dv);
	if (layout_ready)
		layout_free(&P.L);
	for (size_t i = 0; i < P.n_ol; i++)
		free(P.ol[i].title);
	free(P.ol);
	free(P.fn_defs);
	free(P.fn_note);
	free(P.warned);
	free(P.twarned);
	free(P.img);
	free(P.img_w);
	free(P.img_h);
	for (size_t i = 0; P.px && i < b->n_assets; i++)
		device_png_free(&P.px[i]);
	free(P.px);
	free(P.pixel_jobs);
	para_free(&P.para);
	hyph_close(P.hy);
	free(P.hy_path);
	fontset_free(&P.fs);
	style_free(&P.st);
	return rc;
}
