/* fallback.c — text in the book's fonts: each character in the style's
 * font if it has it, else in the fallback font, else a box and a warning
 * at the place the author can fix (the Markdown line, or the title's place
 * in front matter or course.yml). Paragraph text goes through
 * pdf_add_text; markers, headers, titles and page numbers through
 * pdf_put_text and pdf_simple_para. */
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

static int same_place(const struct srcpos *a, const struct srcpos *b)
{
	return a->line == b->line && a->col == b->col && !strcmp(a->path, b->path);
}

void pdf_warn_char(struct pdf *P, uint32_t cp, cmark_node *where, size_t off)
{
	if (P->quiet)
		return;
	const struct srcpos *at = P->title_at;
	if (at && at->path && P->log) {
		/* titles are warned about once per book: decided in order */
		pdf_defer(P, (struct pdf_event){.kind = DEFER_TITLE_CHAR, .cp = cp, .at = at});
		return;
	}
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
		/* a text node is one source line, so the offset gives the
		 * column; the loader maps it back through Liquid (and includes,
		 * which add lines) to the file */
		lesson_text_pos(P->les, where,
				cmark_node_get_type(where) == CMARK_NODE_TEXT ? off : 0, &line, &col);
	}
	diag_add(P->d, DIAG_WARNING, P->les ? P->les->path : NULL, line, col,
		 "character U+%04X has no glyph in any font; the PDF shows a box instead",
		 (unsigned)cp);
}

/* para_add, and a warning about a word too long to break well (struct
 * para's n_huge), placed like pdf_warn_char places a character: once per
 * place, and not for text drawn a second time. */
static void add_run(struct pdf *P, struct para *pa, struct run_style *rs, const char *s,
		    size_t off, size_t n, cmark_node *where)
{
	size_t before = pa->n_huge;
	para_add(pa, &P->L, rs, s + off, n);
	if (pa->n_huge == before || P->quiet)
		return;
	const char *path = P->les ? P->les->path : NULL;
	int line = 0, col = 0;
	if (P->title_at && P->title_at->path) {
		path = P->title_at->path;
		line = P->title_at->line;
		col = P->title_at->col;
	} else if (where && cmark_node_get_start_line(where) > 0) {
		line = cmark_node_get_start_line(where) + (P->les->body_line > 0 ? P->les->body_line - 1 : 0);
		col = cmark_node_get_start_column(where) +
		      (cmark_node_get_type(where) == CMARK_NODE_TEXT ? (int)(off + pa->huge_off) : 0);
	}
	pdf_huge_warn(P, path, line, col);
}

void pdf_huge_warn(struct pdf *P, const char *path, int line, int col)
{
	if (P->log) {
		/* the last place warned about may be in an earlier lesson */
		pdf_defer(P, (struct pdf_event){.kind = DEFER_HUGE, .path = path, .line = line,
						.col = col});
		return;
	}
	if (path == P->huge_path && line == P->huge_line && col == P->huge_col)
		return;
	P->huge_path = path;
	P->huge_line = line;
	P->huge_col = col;
	diag_add(P->d, DIAG_WARNING, path, line, col,
		 "a word of more than %d characters; the PDF breaks it at the end of each line",
		 PARA_HUGE_WORD);
}

/* Add text to a paragraph, switching to the fallback font for characters
 * the style's font lacks and to a box for characters no font has. */
void pdf_add_text(struct pdf *P, struct para *pa, struct run_style *rs, const char *s,
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
				add_run(P, pa, rs, s, seg, i - seg, where);
			}
			pdf_warn_char(P, cp, where, i);
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
			add_run(P, pa, rs, s, seg, i - seg, where);
			seg = i;
		}
		cur = f;
		i += l;
	}
	if (n > seg) {
		rs->font = cur >= 0 ? cur : want;
		add_run(P, pa, rs, s, seg, n - seg, where);
	}
	rs->font = want;
}

char *pdf_boxed_text(struct pdf *P, int font, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t cp = utf8_next(s + i, n - i, &l);
		if (fontset_pick(&P->fs, font, cp) < 0 && cp != ' ') {
			pdf_warn_char(P, cp, NULL, 0);
			buf_puts(&b, "\xE2\x96\xA1");
		} else {
			buf_put(&b, s + i, l);
		}
		i += l;
	}
	return buf_detach(&b);
}

/* A text op in one style with fallback, for short strings outside
 * paragraphs (markers, headers, page numbers). Returns the width. */
double pdf_put_text(struct pdf *P, double x, double y, int font, double size,
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

double pdf_text_width(struct pdf *P, int font, double size, const char *s)
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

/* One styled paragraph from a plain string (titles, cover, contents). */
size_t pdf_simple_para(struct pdf *P, const char *text, int font, double size,
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
	/* a word wider than the paragraph breaks anywhere in it */
	double max_width = P->para.max_width;
	P->para.max_width = w;
	/* a title or caption is held whole, even inside a paragraph's walk */
	void (*part)(void *, struct para *) = P->para.part;
	P->para.part = NULL;
	pdf_add_text(P, &P->para, &rs, text, strlen(text), NULL);
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
	P->para.part = part;
	P->para.max_width = max_width;
	return nl;
}
