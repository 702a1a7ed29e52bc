/* blocks.c — the block walk: one function per kind of block (paragraphs,
 * headings, lists, block quotes and callouts, rules), each laying out its
 * node in a column (struct blk) and leaving in P->gap the space the next
 * block keeps from it. Code, tables, images, raw HTML and footnotes have
 * files of their own; pdf_render_block dispatches to all of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"
#include "pdf/print.h"

struct para_opts pdf_para_opts(struct pdf *P, const struct blk *bk, double size)
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

/* The space above a paragraph and its pending list marker, into o. */
static void para_start(struct pdf *P, struct blk *bk, struct para_opts *o)
{
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
}

/* Lay out P->para as a paragraph in bk, with a pending list marker. */
void pdf_flush_para(struct pdf *P, struct blk *bk, struct para_opts *o)
{
	if (para_empty(&P->para)) {
		para_clear(&P->para);
		return;
	}
	para_start(P, bk, o);
	layout_paragraph(&P->L, &P->para, o, NULL);
	o->marker = NULL;
	para_clear(&P->para);
	P->seen_content = 1;
}

/* The finished lines of a paragraph too long to hold whole (struct
 * para's `part`): what follows them continues it, with no space above,
 * no marker and no destination of its own. */
static void para_part(void *ctx, struct para *p)
{
	struct pdf *P = ctx;
	para_start(P, P->part_bk, P->part_o);
	if (layout_paragraph_part(&P->L, p, P->part_o)) {
		P->part_o->marker = NULL;
		P->part_o->dest = -1;
		P->seen_content = 1;
	}
}

void pdf_para_parts(struct pdf *P, struct blk *bk, struct para_opts *o)
{
	P->part_bk = bk;
	P->part_o = o;
	P->para.part = bk && o ? para_part : NULL;
	P->para.part_ctx = P;
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

/* The destination of a node with an {#id}, "L<lesson>#<id>"; -1 without. */
static int id_dest(struct pdf *P, cmark_node *n)
{
	const char *id = book_node_id(n);
	return id ? pdf_lesson_dest(P, P->li, id) : -1;
}

static void block_paragraph(struct pdf *P, cmark_node *n, struct blk *bk)
{
	struct blk local = *bk;
	struct blk *use = bk;
	int boxed = 0, found;
	if (pdf_video_paragraph(P, n, bk))
		return;
	enum callout_kind k = callout_by_class(n, &found);
	struct inl s = pdf_inl_of(P, bk);
	struct para_opts o;
	int caption = book_node_has_class(n, "caption");
	if (caption) {
		s.italic = 1;
		s.size = P->st.size_small + 0.5;
		s.colour = P->st.c_muted;
		o = pdf_para_opts(P, bk, s.size);
		o.align = ALIGN_CENTER;
	} else {
		if (found) {
			local = box_open(P, bk, k);
			use = &local;
			boxed = 1;
		}
		o = pdf_para_opts(P, use, s.size);
	}
	P->para.hyphenate = P->st.hyphenate && o.align == ALIGN_JUSTIFY;
	int tag = layout_tag_open(&P->L, TAG_P);
	pdf_walk_inlines(P, n, &s, use, &o);
	if (caption && !para_empty(&P->para)) {
		/* a caption stays close to the image above it (which may have
		 * been in this same paragraph) */
		if (P->L.n_items)
			P->L.items[P->L.n_items - 1].keep_next = 1;
		P->gap = 4;
	}
	pdf_flush_para(P, use, &o);
	layout_tag_close(&P->L, tag);
	pdf_video_flush(P, use);
	if (boxed)
		box_close(P, &local);
	else
		P->gap = bk->tight ? 2 : P->st.space_paragraph;
}

static void block_heading(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int level = book_node_heading_level(n);
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
	struct inl s = pdf_inl_of(P, bk);
	s.family = FAM_HEADING;
	s.bold = level <= 4;
	s.italic = level >= 5;
	s.size = P->st.size_h[level - 1];
	s.colour = P->st.c_heading;
	struct para_opts o = pdf_para_opts(P, bk, s.size);
	o.line_height = s.size * 1.25;
	o.align = ALIGN_RAGGED;
	o.widows = 0;
	double gap = take_gap(P);
	double want = P->st.space_heading * (level <= 2 ? 1.2 : level == 3 ? 0.9 : 0.7);
	P->gap = gap > want ? gap : want;
	int dest = id_dest(P, n);
	o.dest = dest; /* the walk clears it once a very long heading's first lines are out */
	P->para.hyphenate = 0;
	int tag = layout_tag_open(&P->L, (enum tag_type)(TAG_H1 + level - 1));
	pdf_walk_inlines(P, n, &s, NULL, &o);
	size_t before = P->L.n_items;
	pdf_flush_para(P, bk, &o);
	layout_tag_close(&P->L, tag);
	for (size_t i = before; i < P->L.n_items; i++)
		P->L.items[i].keep_next = 1;
	layout_keep_next_items(&P->L, 2);
	if (level == 2 && dest >= 0) {
		char *t = book_node_text(n);
		pdf_outline_add(P, 2, t ? t : "", dest, NULL);
		free(t);
	}
	P->gap = level <= 2 ? 6 : 4;
}

/* --- lists, quotes, breaks ------------------------------------------ */

static void block_list(struct pdf *P, cmark_node *n, struct blk *bk)
{
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int num = cmark_node_get_list_start(n);
	int tight = cmark_node_get_list_tight(n);
	static const char *bullets[] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x80\x93"};
	double indent = P->st.indent_list;
	int list = layout_tag_open(&P->L, TAG_L);
	for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
		int li = layout_tag_open(&P->L, TAG_LI);
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
		double mw = pdf_text_width(P, mf >= 0 ? mf : face(P, FAM_BODY, 0, 0), bk->size, mark);
		in.marker = mark;
		in.marker_x = in.x - mw - 5;
		if (item != cmark_node_first_child(n) && !tight && P->gap < P->st.space_paragraph)
			P->gap = P->st.space_paragraph;
		cmark_node *first = cmark_node_first_child(item);
		if (first && cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
			/* an item that opens with code, a quote or a list: the
			 * marker gets a line of its own */
			layout_begin_item(&P->L);
			int lbl = layout_tag_open(&P->L, TAG_LBL);
			pdf_put_text(P, in.marker_x, baseline(bk->size * P->st.leading, bk->size),
				     mf >= 0 ? mf : face(P, FAM_BODY, 0, 0), bk->size, P->st.c_muted,
				     mark);
			layout_tag_close(&P->L, lbl);
			struct item *it = layout_end_item(&P->L, bk->size * P->st.leading, take_gap(P));
			it->keep_next = 1;
			it->lesson = (int)P->li;
			layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
			in.marker = NULL;
		}
		int body = layout_tag_open(&P->L, TAG_LBODY);
		pdf_render_children(P, item, &in);
		layout_tag_close(&P->L, body);
		layout_tag_close(&P->L, li);
		P->gap = tight ? 2.5 : P->st.space_paragraph;
	}
	layout_tag_close(&P->L, list);
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
	int tag = layout_tag_open(&P->L, TAG_BLOCKQUOTE);
	struct blk in = box_open(P, bk, found ? k : CALL_QUOTE);
	if (!found) {
		in.italic = 1;
		in.text = P->st.c_text;
	}
	P->gap = 0;
	for (cmark_node *c = first; c; c = cmark_node_next(c)) {
		if (c == first && cmark_node_get_type(c) == CMARK_NODE_HEADING) {
			/* the callout's title */
			struct inl s = pdf_inl_of(P, &in);
			s.family = FAM_HEADING;
			s.bold = 1;
			s.italic = 0;
			s.colour = P->st.c_box_bar[k];
			struct para_opts o = pdf_para_opts(P, &in, s.size);
			o.align = ALIGN_RAGGED;
			o.dest = id_dest(P, c);
			int title = layout_tag_open(&P->L, TAG_P); /* not a heading: levels.c */
			pdf_walk_inlines(P, c, &s, NULL, &o);
			pdf_flush_para(P, &in, &o);
			layout_tag_close(&P->L, title);
			if (P->L.n_items)
				P->L.items[P->L.n_items - 1].keep_next = 1;
			P->gap = 3;
			continue;
		}
		pdf_render_block(P, c, &in);
	}
	box_close(P, &in);
	layout_tag_close(&P->L, tag);
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

struct blk pdf_body_blk(struct pdf *P)
{
	struct blk bk;
	memset(&bk, 0, sizeof bk);
	bk.x = 0;
	bk.w = P->L.body_w;
	bk.size = P->st.size_body;
	bk.text = P->st.c_text;
	return bk;
}

/* --- dispatch ------------------------------------------------------- */

void pdf_render_block(struct pdf *P, cmark_node *n, struct blk *bk)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		block_paragraph(P, n, bk);
		break;
	case CMARK_NODE_HEADING:
		block_heading(P, n, bk);
		break;
	case CMARK_NODE_CODE_BLOCK:
		pdf_block_code(P, n, bk);
		break;
	case CMARK_NODE_HTML_BLOCK:
		pdf_block_html(P, n, bk);
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
		pdf_block_footnote_def(P, n, bk);
		break;
	default: {
		const char *ts = cmark_node_get_type_string(n);
		if (ts && !strcmp(ts, "table"))
			pdf_block_table(P, n, bk);
		else
			pdf_render_children(P, n, bk);
		break;
	}
	}
}

void pdf_render_children(struct pdf *P, cmark_node *parent, struct blk *bk)
{
	if (!parent)
		return;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
		pdf_render_block(P, c, bk);
}
