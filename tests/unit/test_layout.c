/* test_layout.c — the layout engine with made-up metrics and no PDF:
 * lines never wider than the measure, and the page-breaking rules
 * (heading keep-with-next, widows and orphans, kept groups, table header
 * repeat, new pages, destinations). */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "unit.h"

/* every byte is half an em wide */
static double fake_width(void *ctx, int font, const char *s, size_t n, double size)
{
	(void)ctx;
	(void)font;
	(void)s;
	return n * size * 0.5;
}

static const struct metrics fake = {fake_width, NULL, NULL};

/* a hyphenator that allows a break after every letter */
static void every_point(void *ctx, const char *w, size_t n, char *ok)
{
	(void)ctx;
	(void)w;
	memset(ok, 1, n);
}

static size_t flagged(const struct para *p)
{
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lb.type == LB_PENALTY && p->v[i].lb.flagged)
			k++;
	return k;
}
static const struct rgb black = {0, 0, 0};

/* a page whose text area is 200 pt wide and 100 pt high */
static void setup(struct layout *L)
{
	layout_init(L, &fake, 300, 200, 50, 50, 50, 50);
}

static size_t block(struct layout *L, double h, int keep)
{
	layout_begin_item(L);
	layout_rect_op(L, 0, 0, 10, h, black);
	struct item *it = layout_end_item(L, h, 0);
	if (keep)
		it->keep_next = 1;
	return L->n_items - 1;
}

/* page index of the first place of item i */
static long page_of(const struct layout *L, size_t item)
{
	for (size_t p = 0; p < L->n_pages; p++)
		for (size_t k = L->pages[p].first; k < L->pages[p].first + L->pages[p].count; k++)
			if (L->places[k].item == item)
				return (long)p;
	return -1;
}

static struct run_style plain(void)
{
	struct run_style st;
	memset(&st, 0, sizeof st);
	st.size = 10;
	st.link = -1;
	return st;
}

static struct para_opts popts(double width)
{
	struct para_opts o;
	memset(&o, 0, sizeof o);
	o.width = width;
	o.line_height = 10;
	o.align = ALIGN_JUSTIFY;
	o.widows = 1;
	o.dest = -1;
	return o;
}

int main(void)
{
	struct layout L;

	/* lines fill the measure and never exceed it */
	setup(&L);
	struct para p;
	para_init(&p);
	struct run_style st = plain();
	const char *text = "the quick brown fox jumps over the lazy dog and keeps on running "
			   "through fields of wheat until the sun goes down behind the hills";
	para_add(&p, &L, &st, text, strlen(text));
	struct para_opts o = popts(150);
	size_t nl = layout_paragraph(&L, &p, &o, NULL);
	int inside = 1, justified = 1;
	for (size_t i = 0; i < L.n_items; i++) {
		const struct item *it = &L.items[i];
		double right = 0;
		for (size_t k = it->op_first; k < it->op_first + it->op_count; k++) {
			const struct op *op = &L.ops[k];
			if (op->kind != OP_TEXT)
				continue;
			double r = op->x + fake_width(NULL, 0, NULL, op->len, op->size);
			if (r > 150.01)
				inside = 0;
			if (r > right)
				right = r;
		}
		if (i + 1 < L.n_items && right < 149.9) {
			justified = 0;
			printf("# line %zu ends at %.2f\n", i, right);
		}
	}
	CHECK("para: several lines", nl >= 4);
	CHECK("para: no line wider than the measure", inside);
	CHECK("para: justified lines reach the right edge", justified);
	CHECK("para: orphan rule keeps line 1 with line 2", L.items[0].keep_next);
	CHECK("para: widow rule keeps the last two lines", L.items[nl - 2].keep_next && !L.items[nl - 1].keep_next);
	para_free(&p);
	layout_free(&L);

	/* ragged right: natural spaces, no line past the measure, nothing lost */
	setup(&L);
	para_init(&p);
	para_add(&p, &L, &st, text, strlen(text));
	o = popts(150);
	o.align = ALIGN_RAGGED;
	nl = layout_paragraph(&L, &p, &o, NULL);
	inside = 1;
	size_t chars = 0;
	for (size_t k = 0; k < L.n_ops; k++)
		if (L.ops[k].kind == OP_TEXT) {
			chars += L.ops[k].len + 1;
			if (L.ops[k].x + fake_width(NULL, 0, NULL, L.ops[k].len, 10) > 150.01)
				inside = 0;
		}
	CHECK("para: ragged lines inside the measure", nl >= 4 && inside);
	CHECK("para: ragged keeps every word", chars == strlen(text) + 1);
	para_free(&p);
	layout_free(&L);

	/* a word longer than the measure is broken, not left sticking out */
	setup(&L);
	para_init(&p);
	const char *url = "https://example.org/a/really/long/address/that/cannot/fit/on/one/line";
	para_add(&p, &L, &st, url, strlen(url));
	o = popts(100);
	nl = layout_paragraph(&L, &p, &o, NULL);
	inside = 1;
	for (size_t k = 0; k < L.n_ops; k++)
		if (L.ops[k].kind == OP_TEXT && L.ops[k].x + fake_width(NULL, 0, NULL, L.ops[k].len, 10) > 100.01)
			inside = 0;
	CHECK("para: long URL broken over lines", nl >= 3 && inside);
	para_free(&p);
	layout_free(&L);

	/* an ordinary word wider than a narrow column (a table cell) breaks */
	setup(&L);
	para_init(&p);
	p.max_width = 40;
	para_add(&p, &L, &st, "Incomprehensibilities", 21);
	o = popts(40);
	o.align = ALIGN_RAGGED;
	nl = layout_paragraph(&L, &p, &o, NULL);
	inside = 1;
	for (size_t k = 0; k < L.n_ops; k++)
		if (L.ops[k].kind == OP_TEXT && L.ops[k].x + fake_width(NULL, 0, NULL, L.ops[k].len, 10) > 40.01)
			inside = 0;
	CHECK("para: word wider than its column broken", nl >= 3 && inside);
	para_free(&p);
	layout_free(&L);

	/* hyphenation points for prose, none inside code */
	struct metrics hm = fake;
	hm.hyphenate = every_point;
	layout_init(&L, &hm, 300, 200, 50, 50, 50, 50);
	para_init(&p);
	p.hyphenate = 1;
	para_add(&p, &L, &st, "paragraph", 9);
	CHECK("hyphen: prose word gets break points", flagged(&p) > 0);
	para_clear(&p);
	struct run_style code = st;
	code.code_bg = 1;
	para_add(&p, &L, &code, "println panic-halt", 18);
	CHECK("hyphen: none inside code", flagged(&p) == 0);
	para_free(&p);
	layout_free(&L);

	/* heading keep-with-next: a heading never ends a page and takes two
	 * lines of what follows with it */
	setup(&L);
	for (int i = 0; i < 8; i++)
		block(&L, 10, 0);
	size_t h = block(&L, 10, 1);
	layout_keep_next_items(&L, 2);
	size_t l1 = block(&L, 10, 0);
	block(&L, 10, 0);
	block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	CHECK("pages: heading moves to the next page", page_of(&L, h) == 1);
	CHECK("pages: heading and first line together", page_of(&L, l1) == 1);
	CHECK("pages: two pages", L.n_pages == 2);
	layout_free(&L);

	/* the same heading with room for it and two lines stays put */
	setup(&L);
	for (int i = 0; i < 7; i++)
		block(&L, 10, 0);
	h = block(&L, 10, 1);
	layout_keep_next_items(&L, 2);
	block(&L, 10, 0);
	block(&L, 10, 0);
	size_t l3 = block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	CHECK("pages: heading with two lines fits", page_of(&L, h) == 0 && page_of(&L, l3) == 1);
	layout_free(&L);

	/* orphan: one line of a paragraph would sit at the page foot */
	setup(&L);
	for (int i = 0; i < 9; i++)
		block(&L, 10, 0);
	para_init(&p);
	para_add(&p, &L, &st, text, strlen(text));
	o = popts(100);
	size_t first_line = L.n_items;
	nl = layout_paragraph(&L, &p, &o, NULL);
	layout_paginate(&L, 0, 0);
	CHECK("pages: no orphan line at the foot", page_of(&L, first_line) == 1);
	para_free(&p);
	layout_free(&L);

	/* widow: all lines but the last would fit; two lines go over */
	setup(&L);
	para_init(&p);
	para_add(&p, &L, &st, text, strlen(text));
	o = popts(100);
	nl = layout_paragraph(&L, &p, &o, NULL); /* nl lines of 10 pt */
	size_t before = 10 - (nl - 1);
	para_free(&p);
	layout_free(&L);
	setup(&L);
	for (size_t i = 0; i < before; i++)
		block(&L, 10, 0);
	para_init(&p);
	para_add(&p, &L, &st, text, strlen(text));
	first_line = L.n_items;
	layout_paragraph(&L, &p, &o, NULL);
	layout_paginate(&L, 0, 0);
	CHECK("pages: no widow line at the head", page_of(&L, first_line + nl - 2) == 1 &&
						       page_of(&L, first_line + nl - 3) == 0);
	para_free(&p);
	layout_free(&L);

	/* a kept group (a short code block) is never split */
	setup(&L);
	for (int i = 0; i < 6; i++)
		block(&L, 10, 0);
	size_t g0 = block(&L, 10, 1);
	for (int i = 0; i < 4; i++)
		block(&L, 10, i < 3);
	size_t g5 = L.n_items - 1;
	layout_paginate(&L, 0, 0);
	CHECK("pages: kept group moves whole", page_of(&L, g0) == 1 && page_of(&L, g5) == 1);
	layout_free(&L);

	/* a group taller than a page must still be split somewhere */
	setup(&L);
	for (int i = 0; i < 25; i++)
		block(&L, 10, i < 24);
	layout_paginate(&L, 0, 0);
	CHECK("pages: overlong group still paginates", L.n_pages == 3);
	layout_free(&L);

	/* table header repeats at the top of the next page */
	setup(&L);
	block(&L, 30, 0);
	size_t hdr = block(&L, 10, 1);
	for (int i = 0; i < 12; i++) {
		block(&L, 10, 0);
		L.items[L.n_items - 1].table_header = (long)hdr;
	}
	layout_paginate(&L, 0, 0);
	CHECK("pages: table spans two pages", L.n_pages == 2);
	CHECK("pages: header row first on page 2",
	      L.n_pages == 2 && L.places[L.pages[1].first].item == hdr);
	CHECK("pages: header copy shifts the rows down",
	      L.n_pages == 2 && L.places[L.pages[1].first + 1].y == 10);
	layout_free(&L);

	/* new_page starts a page; space before is dropped at a page top */
	setup(&L);
	block(&L, 10, 0);
	size_t np = block(&L, 10, 0);
	L.items[np].new_page = 1;
	L.items[np].space_before = 20;
	layout_begin_item(&L);
	layout_dest_op(&L, 0, 0, layout_dest(&L, "here"));
	layout_end_item(&L, 10, 5);
	layout_paginate(&L, 0, 0);
	layout_resolve_dests(&L);
	CHECK("pages: new_page", L.n_pages == 2 && page_of(&L, np) == 1);
	CHECK("pages: space dropped at the top", L.places[L.pages[1].first].y == 0);
	int d = layout_dest(&L, "here");
	CHECK("dest: resolved to page and y", L.dests[d].page == 1 && L.dests[d].y == 50 + 15);
	CHECK("dest: same name same id", layout_dest(&L, "here") == d);
	layout_free(&L);

	/* a rule that would start a page is dropped */
	setup(&L);
	for (int i = 0; i < 10; i++)
		block(&L, 10, 0);
	size_t rule = block(&L, 10, 0);
	L.items[rule].discard_at_top = 1;
	size_t after = block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	CHECK("pages: rule at a page top dropped", page_of(&L, rule) == -1 && page_of(&L, after) == 1);
	layout_free(&L);

	/* box backgrounds: the lines of one box share one stored copy, a
	 * different box gets its own, and each item reads back what it was given */
	setup(&L);
	struct deco box[2];
	memset(box, 0, sizeof box);
	box[0].id = 1;
	box[0].x = 0;
	box[0].w = 200;
	box[0].bg = (struct rgb){0.9, 0.9, 0.9};
	box[0].bar = 1;
	box[1] = box[0];
	box[1].id = 2;
	box[1].x = 10;
	box[1].w = 180;
	size_t b1 = block(&L, 10, 0), b2 = block(&L, 10, 0), b3 = block(&L, 10, 0), b4 = block(&L, 10, 0);
	layout_item_decos(&L, &L.items[b1], 1, box);
	layout_item_decos(&L, &L.items[b2], 1, box);
	layout_item_decos(&L, &L.items[b3], 2, box);
	layout_item_decos(&L, &L.items[b4], 0, box);
	CHECK("decos: lines of one box share storage",
	      L.items[b1].deco_first == L.items[b2].deco_first && L.n_decos == 3);
	const struct deco *got = layout_item_deco(&L, &L.items[b3]);
	CHECK("decos: nested box reads back both",
	      L.items[b3].n_decos == 2 && got[0].id == 1 && got[1].id == 2 && got[1].x == 10 &&
		      got[1].w == 180);
	CHECK("decos: item without a box has none", L.items[b4].n_decos == 0);
	layout_free(&L);
	return unit_done();
}
