/* inlines.c — the inline walk: a paragraph's (or heading's, or table
 * cell's) text, emphasis, code spans, links and footnote references into
 * P->para, the paragraph the layout engine breaks into lines. Inline
 * content is walked with cmark_iter rather than recursively; an image
 * inside a paragraph leaves it as a block of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "pdf/pdf.h"
#include "pdf/print.h"

/* One walk's state besides the inline style itself. */
struct walk {
	cmark_iter *it;
	struct inl *s;
	struct blk *bk;        /* where images go; NULL: images are alt text */
	struct para_opts *o;
	int link_stack[16];    /* the link each open link replaced */
	int note_stack[16];    /* each open link's endnote number, 0 none */
	int depth;
	struct buf name;       /* scratch for destination names */
};

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
	rs.dest = s->mark;
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

void pdf_inl_text(struct pdf *P, struct para *pa, const struct inl *s, const char *t,
		  size_t n, cmark_node *where)
{
	struct run_style rs = run_of(P, s);
	pdf_add_text(P, pa, &rs, t, n, where);
}

struct inl pdf_inl_of(struct pdf *P, const struct blk *bk)
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

/* A link opens (its target becomes the text's link) or closes (the outer
 * link comes back). */
static void inline_link(struct pdf *P, struct walk *w, cmark_node *n, int enter)
{
	struct inl *s = w->s;
	if (enter) {
		if (w->depth < 16) {
			w->link_stack[w->depth] = s->link;
			w->note_stack[w->depth] = 0;
		}
		w->depth++;
		size_t li = 0;
		const char *id = NULL;
		enum link_kind k = book_node_link(P->b, n, &li, &id);
		const char *url = cmark_node_get_url(n);
		if (k == LINK_EXTERNAL && url && pdf_safe_uri(url)) {
			s->link = layout_link_uri(&P->L, url);
			/* in a paragraph a video gets its box after it, else a note */
			if (w->depth <= 16 && !(w->bk && pdf_video_link(P, n)))
				w->note_stack[w->depth - 1] = pdf_endnote_ref(P, n, url);
		} else if (k == LINK_INTERNAL && li < P->b->n_lessons) {
			s->link = layout_link_dest(&P->L, pdf_lesson_dest(P, li, id));
		}
	} else {
		w->depth--;
		if (w->depth < 16 && w->note_stack[w->depth] > 0)
			pdf_endnote_mark(P, s, w->note_stack[w->depth], n);
		if (w->depth < 16)
			s->link = w->link_stack[w->depth];
	}
}

/* A footnote reference: its number, raised, linking to the note. */
static void inline_footnote_ref(struct pdf *P, struct walk *w, cmark_node *n, int enter)
{
	/* not a leaf for cmark_iter: it comes with an exit event too */
	const char *lit = cmark_node_get_literal(n);
	int num = lit && enter ? atoi(lit) : 0;
	if (num <= 0)
		return;
	struct inl sup = *w->s;
	sup.super = 1;
	sup.code = 0;
	int dest = layout_dest(&P->L, pdf_footnote_dest(P, &w->name, "fn", num));
	sup.link = layout_link_dest(&P->L, dest);
	char num_s[16];
	snprintf(num_s, sizeof num_s, "%d", num);
	/* the line drawn with this number holds the note's "ref"
	 * destination, where the note links back to */
	struct run_style rs = run_of(P, &sup);
	if ((size_t)num <= P->n_fn_note)
		rs.note = P->fn_note[num - 1] + 1;
	pdf_add_text(P, &P->para, &rs, num_s, strlen(num_s), n);
}

static void inline_html(struct pdf *P, struct walk *w, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit)
		return;
	if (!strncasecmp(lit, "<br", 3))
		para_hard_break(&P->para);
	else if (!pdf_is_html_tag(lit))
		/* `<<optional>>`, `<username>`: prose, not markup */
		pdf_inl_text(P, &P->para, w->s, lit, strlen(lit), n);
}

static void inline_literal(struct pdf *P, struct walk *w, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	if (lit)
		pdf_inl_text(P, &P->para, w->s, lit, strlen(lit), n);
}

static void inline_node(struct pdf *P, struct walk *w, cmark_node *n, int enter)
{
	struct inl *s = w->s;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		inline_literal(P, w, n);
		break;
	case CMARK_NODE_SOFTBREAK:
		pdf_inl_text(P, &P->para, s, " ", 1, n);
		break;
	case CMARK_NODE_LINEBREAK:
		para_hard_break(&P->para);
		break;
	case CMARK_NODE_CODE: {
		int mark = s->mark, m = pdf_index_mark(P, n);
		if (m)
			s->mark = m;
		s->code++;
		inline_literal(P, w, n);
		s->code--;
		s->mark = mark;
		break;
	}
	case CMARK_NODE_HTML_INLINE:
		inline_html(P, w, n);
		break;
	case CMARK_NODE_EMPH:
		s->italic += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG: {
		s->bold += enter ? 1 : -1;
		int m = pdf_index_mark(P, n);
		if (m)
			s->mark = enter ? m : 0;
		break;
	}
	case CMARK_NODE_LINK:
		inline_link(P, w, n, enter);
		break;
	case CMARK_NODE_IMAGE:
		if (w->bk && enter) {
			pdf_flush_para(P, w->bk, w->o);
			pdf_block_image(P, n, w->bk);
			cmark_iter_reset(w->it, n, CMARK_EVENT_EXIT);
		} else {
			s->italic += enter ? 1 : -1;
		}
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		inline_footnote_ref(P, w, n, enter);
		break;
	default: {
		const char *ts = cmark_node_get_type_string(n);
		if (ts && !strcmp(ts, "strikethrough"))
			s->strike += enter ? 1 : -1;
		break;
	}
	}
}

void pdf_walk_inlines(struct pdf *P, cmark_node *parent, struct inl *s, struct blk *bk,
		      struct para_opts *o)
{
	struct walk w = {.s = s, .bk = bk, .o = o, .depth = 0, .name = BUF_INIT};
	if (o)
		P->para.max_width = o->width;
	struct blk *outer_bk = P->part_bk;
	struct para_opts *outer_o = P->part_o;
	pdf_para_parts(P, bk, o);
	w.it = cmark_iter_new(parent);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(w.it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(w.it);
		if (n != parent)
			inline_node(P, &w, n, ev == CMARK_EVENT_ENTER);
	}
	cmark_iter_free(w.it);
	buf_free(&w.name);
	pdf_para_parts(P, outer_bk, outer_o);
}
