/* code.c — code blocks: highlighted (text/highlight.h), set in the
 * monospaced face on a tinted box, one item per visual line so that a
 * long listing breaks across pages. Tabs expand to the next multiple of
 * four columns; a line longer than the column wraps, after a space when
 * there is one near the end, and its continuation is marked with an
 * arrow in the margin. A wide character (Chinese, Japanese, Korean,
 * emoji) takes two columns, as in a terminal, so the columns after it
 * stay in line and nothing is drawn over it. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"
#include "text/highlight.h"

struct cchar {
	size_t off, len;   /* bytes in the code; len 0 = a space from a tab,
			    * or with off WIDE_PAD the second column of a
			    * wide character, which draws nothing */
	enum hl_class cls;
};

#define WIDE_PAD ((size_t)-1)

/* Whether cp is a wide (two-column) character: the East Asian wide and
 * full-width blocks and the emoji pictographs. */
static int is_wide(uint32_t cp)
{
	static const uint32_t r[][2] = {
		{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
		{0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
		{0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F6FF},
		{0x1F900, 0x1FAFF}, {0x20000, 0x3FFFD},
	};
	if (cp < 0x1100)
		return 0;
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return 1;
	return 0;
}

/* A visual line: [from, to) of the characters, and whether it continues
 * the source line before it. */
struct vline {
	size_t from, to;
	int cont;
};

/* A code block being laid out. */
struct code {
	const char *text;        /* the literal */
	size_t len;              /* without its trailing newlines */
	struct cchar *cs;        /* characters with their classes */
	size_t nc, cap;
	size_t *line_starts;     /* source line k is cs[line_starts[k], line_starts[k + 1]) */
	size_t nls, capls;
	struct vline *vl;
	size_t nvl, capvl;
	struct blk bk;           /* the column, with the box behind the code */
	double size, line_h, cw; /* pt: font size, line height, character width */
	int mono;                /* the upright monospaced face */
};

static void code_line_out(struct pdf *P, const struct code *c, const struct vline *v,
			  double top_pad, double bottom_pad, double gap)
{
	const struct blk *bk = &c->bk;
	const char *code = c->text;
	const struct cchar *cs = c->cs;
	size_t from = v->from, to = v->to;
	double size = c->size;
	layout_begin_item(&P->L);
	double tx = bk->x + 10;
	double base = top_pad + baseline(c->line_h, size);
	int mono = c->mono;
	if (v->cont)
		pdf_put_text(P, bk->x + 1.5, base, mono, size * 0.85, P->st.c_muted, "\xE2\x86\xAA");
	/* runs of one class and one font */
	size_t i = from;
	while (i < to) {
		if (cs[i].off == WIDE_PAD) {
			i++;
			continue;
		}
		enum hl_class cls = cs[i].cls;
		int font = mono;
		/* comments in italic; colour alone marks the other classes, which
		 * saves loading a bold monospaced face */
		if (cls == HL_COMMENT)
			font = face(P, FAM_CODE, 0, 1);
		struct buf run = BUF_INIT;
		size_t j = i;
		int f0 = -2;
		/* a wide character's glyph is narrower than its two columns
		 * (1 em against 1.2): the run draws its characters side by
		 * side, so they copy out as one word, and the next run starts
		 * on its own column */
		while (j < to && cs[j].cls == cls) {
			if (cs[j].off == WIDE_PAD) {
				j++;
				continue;
			}
			uint32_t cp = cs[j].len ? utf8_next(code + cs[j].off, cs[j].len, &(size_t){0}) : ' ';
			int f = fontset_pick(&P->fs, font, cp);
			if (f < 0) {
				f = fontset_pick(&P->fs, font, 0x25A1);
				if (f0 == -2 || f == f0) {
					if (f0 == -2)
						f0 = f;
					pdf_warn_char(P, cp, NULL, 0);
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
			layout_text_op(&P->L, tx + (double)(i - from) * c->cw, base, f0 >= 0 ? f0 : mono,
				       size, P->st.c_hl[cls], run.ptr, run.len);
		buf_free(&run);
		i = j;
	}
	struct item *it = layout_end_item(&P->L, top_pad + c->line_h + bottom_pad, gap);
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
	it->lesson = (int)P->li;
}

/* The language named by a fence's info string ("python {.line-numbers}"
 * → "python"); "" when none. */
static void code_lang(cmark_node *n, char lang[32])
{
	lang[0] = '\0';
	const char *info = cmark_node_get_fence_info(n);
	if (info) {
		size_t k = 0;
		while (info[k] && !isspace((unsigned char)info[k]) && info[k] != '{' && k < 32 - 1) {
			lang[k] = info[k];
			k++;
		}
		lang[k] = '\0';
	}
}

/* The characters with their classes, and where each source line starts;
 * tabs expand to the next multiple of 4, carriage returns are dropped. */
static void code_chars(struct code *c, const struct hl_span *spans, size_t ns)
{
	const char *code = c->text;
	size_t len = c->len, si = 0, col = 0;
	c->line_starts = xgrow(c->line_starts, &c->capls, 1, sizeof *c->line_starts);
	c->line_starts[c->nls++] = 0;
	for (size_t i = 0; i < len;) {
		while (si + 1 < ns && i >= spans[si].start + spans[si].len)
			si++;
		enum hl_class cls = ns ? spans[si].cls : HL_PLAIN;
		size_t l;
		uint32_t cp = utf8_next(code + i, len - i, &l);
		if (code[i] == '\n') {
			c->line_starts = xgrow(c->line_starts, &c->capls, c->nls + 1,
					       sizeof *c->line_starts);
			c->line_starts[c->nls++] = c->nc;
			col = 0;
		} else if (code[i] == '\t') {
			do {
				c->cs = xgrow(c->cs, &c->cap, c->nc + 1, sizeof *c->cs);
				c->cs[c->nc++] = (struct cchar){i, 0, HL_PLAIN};
				col++;
			} while (col % 4);
		} else if (code[i] == '\r') {
			/* dropped */
		} else {
			c->cs = xgrow(c->cs, &c->cap, c->nc + 2, sizeof *c->cs);
			c->cs[c->nc++] = (struct cchar){i, l, cls};
			col++;
			if (is_wide(cp)) {
				c->cs[c->nc++] = (struct cchar){WIDE_PAD, 0, cls};
				col++;
			}
		}
		i += l;
	}
	c->line_starts = xgrow(c->line_starts, &c->capls, c->nls + 1, sizeof *c->line_starts);
	c->line_starts[c->nls] = c->nc;
}

/* Cut the source lines into visual lines of at most cols characters. */
static void code_wrap(struct code *c, size_t cols)
{
	for (size_t ln = 0; ln < c->nls; ln++) {
		size_t a = c->line_starts[ln], e = c->line_starts[ln + 1];
		int cont = 0;
		do {
			size_t b = e;
			if (e - a > cols) {
				b = a + cols;
				/* prefer to wrap after a space in the last third */
				for (size_t k = b; k > a + cols * 2 / 3; k--)
					if (c->cs[k - 1].len == 1 && c->text[c->cs[k - 1].off] == ' ') {
						b = k;
						break;
					}
			}
			c->vl = xgrow(c->vl, &c->capvl, c->nvl + 1, sizeof *c->vl);
			c->vl[c->nvl++] = (struct vline){a, b, cont};
			a = b;
			cont = 1;
		} while (a < e);
	}
}

/* The font, its sizes and the tinted box the block is set in. */
static void code_box(struct pdf *P, struct code *c, const struct blk *outer)
{
	c->size = P->st.size_code;
	c->line_h = c->size * P->st.code_leading;
	c->mono = face(P, FAM_CODE, 0, 0);
	c->cw = fontset_advance(&P->fs, c->mono, 'M') * c->size / 1000;
	if (c->cw <= 0)
		c->cw = c->size * 0.6;
	c->bk = *outer;
	if (c->bk.n_decos < ITEM_DECOS) {
		struct deco *dc = &c->bk.decos[c->bk.n_decos++];
		memset(dc, 0, sizeof *dc);
		dc->id = ++P->L.next_deco_id;
		dc->x = outer->x;
		dc->w = outer->w;
		dc->bg = P->st.c_code_bg;
	}
}

void pdf_block_code(struct pdf *P, cmark_node *n, struct blk *outer)
{
	struct code c;
	memset(&c, 0, sizeof c);
	c.text = cmark_node_get_literal(n);
	if (!c.text)
		c.text = "";
	c.len = strlen(c.text);
	while (c.len && c.text[c.len - 1] == '\n')
		c.len--;
	char lang[32];
	code_lang(n, lang);
	struct hl_span *spans = NULL;
	size_t ns = highlight(lang[0] ? lang : NULL, c.text, c.len, &spans);
	code_chars(&c, spans, ns);
	code_box(P, &c, outer);
	size_t cols = (size_t)floor((outer->w - 20) / c.cw);
	if (cols < 8)
		cols = 8;
	code_wrap(&c, cols);
	double pad = 6;
	size_t first_item = P->L.n_items, nvl = c.nvl;
	int tag = layout_tag_open(&P->L, TAG_CODE);
	for (size_t i = 0; i < nvl; i++)
		code_line_out(P, &c, &c.vl[i], i == 0 ? pad : 0, i + 1 == nvl ? pad : 0,
			      i == 0 ? take_gap(P) : 0);
	layout_tag_close(&P->L, tag);
	/* short blocks stay whole; long ones never leave a lone line */
	for (size_t i = first_item; i < P->L.n_items; i++) {
		size_t k = i - first_item;
		if (nvl <= 6 ? k + 1 < nvl : (k == 0 || k + 2 == nvl))
			P->L.items[i].keep_next = 1;
	}
	free(c.vl);
	free(c.cs);
	free(c.line_starts);
	free(spans);
	P->gap = P->st.space_paragraph + 2;
	P->seen_content = 1;
}
