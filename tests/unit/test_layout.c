/* test_layout.c — the layout engine with made-up metrics and no PDF:
 * lines never wider than the measure, and the page-breaking rules
 * (heading keep-with-next, widows and orphans, kept groups, table header
 * repeat, new pages, destinations, footnotes at the foot of the page of
 * their reference). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "typeset/layout.h"
#include "typeset/para.h"
#include "fake_metrics.h"
#include "unit.h"


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

/* a footnote of one item h pt high, out of the flow */
static int note(struct layout *L, double h)
{
	int id = layout_note_new(L);
	layout_begin_item(L);
	layout_rect_op(L, 0, 0, 10, h, black);
	layout_end_item(L, h, 0);
	layout_note_items(L, id, L->n_items - 1, 1);
	return id;
}

/* a line h pt high that refers to notes a and b (-1: none) */
static size_t ref_block(struct layout *L, double h, int a, int b)
{
	layout_begin_item(L);
	layout_rect_op(L, 0, 0, 10, h, black);
	if (a >= 0)
		layout_note_ref(L, a);
	if (b >= 0)
		layout_note_ref(L, b);
	layout_end_item(L, h, 0);
	return L->n_items - 1;
}

/* the rule above a page's notes: 4 pt, and 2 pt between notes */
static void note_rule(struct layout *L)
{
	layout_begin_item(L);
	layout_line_op(L, 0, 2, 50, 2, 0.5, black);
	struct item *it = layout_end_item(L, 4, 0);
	it->note = 1;
	L->note_rule = (long)(L->n_items - 1);
	L->note_gap = 2;
}

/* how many times item is placed, and where (the last time) */
static int placed(const struct layout *L, size_t item, long *page, double *y)
{
	int n = 0;
	for (size_t p = 0; p < L->n_pages; p++)
		for (size_t k = L->pages[p].first; k < L->pages[p].first + L->pages[p].count; k++)
			if (L->places[k].item == item) {
				n++;
				if (page)
					*page = (long)p;
				if (y)
					*y = L->places[k].y;
			}
	return n;
}

/* no two places of a page overlap, and all lie inside the text area
 * (an item taller than the page alone on it excepted) */
static int pages_clean(const struct layout *L)
{
	for (size_t p = 0; p < L->n_pages; p++) {
		const struct page *pg = &L->pages[p];
		for (size_t a = pg->first; a < pg->first + pg->count; a++) {
			double ya = L->places[a].y, ha = L->items[L->places[a].item].height;
			if (ya < -0.01 || (ya + ha > L->body_h + 0.01 && pg->count > 1))
				return 0;
			for (size_t b = a + 1; b < pg->first + pg->count; b++) {
				double yb = L->places[b].y, hb = L->items[L->places[b].item].height;
				if (ya < yb + hb - 0.01 && yb < ya + ha - 0.01)
					return 0;
			}
		}
	}
	return 1;
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

/* Metrics in whole advances, as fonts give them: every character
 * units_adv thousandths of an em wide (500 through width, the table's
 * value through ascii). */
static uint16_t units_adv = 500, units_tab[128];
static double units_width(void *ctx, int font, const char *s, size_t n, double size)
{
	(void)ctx;
	(void)font;
	(void)s;
	unsigned long u = 500 * (unsigned long)n;
	return u * size / 1000.0;
}
static const uint16_t *units_ascii(void *ctx, int font)
{
	(void)ctx;
	(void)font;
	for (int c = 0; c < 128; c++)
		units_tab[c] = units_adv;
	return units_tab;
}

/* The prose below set justified at width w with the pretolerance pre:
 * its hyphens at line ends, and a hash of its text ops. */
struct set {
	size_t hyphens;
	uint64_t hash;
};

static struct set set_prose(const struct metrics *m, double w, double pre)
{
	static const char prose[] = "the following paragraph contains reasonably ordinary words "
				    "that should usually fit comfortably into justified lines";
	struct layout L;
	struct para p;
	layout_init(&L, m, 400, 800, 20, 20, 20, 20);
	L.pretolerance = pre;
	para_init(&p);
	p.hyphenate = 1;
	struct run_style st = plain();
	para_add(&p, &L, &st, prose, strlen(prose));
	struct para_opts o = popts(w);
	layout_paragraph(&L, &p, &o, NULL);
	struct set r = {0, 14695981039346656037ull};
	for (size_t k = 0; k < L.n_ops; k++) {
		const struct op *op = &L.ops[k];
		if (op->kind != OP_TEXT)
			continue;
		const char *t = L.strings.ptr + op->text;
		r.hyphens += op->len > 1 && t[op->len - 1] == '-';
		double xy[2] = {op->x, op->y};
		const unsigned char *b = (const unsigned char *)xy;
		for (size_t i = 0; i < sizeof xy; i++)
			r.hash = (r.hash ^ b[i]) * 1099511628211ull;
		for (size_t i = 0; i < op->len; i++)
			r.hash = (r.hash ^ (unsigned char)t[i]) * 1099511628211ull;
	}
	para_free(&p);
	layout_free(&L);
	return r;
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
	CHECK("hyphen: a prose word waits whole", p.n == 1 && p.n_whole == 1 && flagged(&p) == 0);
	para_expand(&p, &L);
	CHECK("hyphen: prose word gets break points", flagged(&p) > 0 && p.n_whole == 0);
	/* expanded, a paragraph's items are those of adding it hyphenated */
	struct para q;
	para_init(&q);
	q.hyphenate = 1;
	q.expanding = 1; /* para_add hyphenates as it goes */
	const char *mixed = "Words, (paragraphs) and code-like tokens: hyphenation everywhere.";
	para_clear(&p);
	para_add(&p, &L, &st, mixed, strlen(mixed));
	para_add(&q, &L, &st, mixed, strlen(mixed));
	int waited = p.n_whole > 0 && p.n < q.n;
	para_expand(&p, &L);
	q.expanding = 0;
	int alike = p.n == q.n && p.text.len == q.text.len &&
		   !memcmp(p.text.ptr, q.text.ptr, q.text.len);
	for (size_t i = 0; alike && i < p.n; i++)
		alike = p.v[i].lb.type == q.v[i].lb.type && p.v[i].lb.width == q.v[i].lb.width &&
		       p.v[i].lb.penalty == q.v[i].lb.penalty &&
		       p.v[i].lb.flagged == q.v[i].lb.flagged && p.v[i].text == q.v[i].text &&
		       p.v[i].len == q.v[i].len && p.v[i].style == q.v[i].style;
	CHECK("hyphen: expanded items are the hyphenated ones", waited && alike);
	para_free(&q);
	para_clear(&p);
	struct run_style code = st;
	code.code_bg = 1;
	para_add(&p, &L, &code, "println panic-halt", 18);
	CHECK("hyphen: none inside code", flagged(&p) == 0 && p.n_whole == 0);
	para_free(&p);
	layout_free(&L);

	/* TeX's first pass: at every width the paragraph is set either with
	 * no hyphen at all, or exactly as when its words are hyphenated
	 * from the start (a pretolerance below -1 lets no line pass); at
	 * some widths the first pass saves hyphens the second would use */
	int either = 1, saved = 0, hyphenated = 0;
	for (double w = 60; w <= 320; w += 2) {
		struct set a = set_prose(&hm, w, 1), b = set_prose(&hm, w, -2);
		either = either && (a.hyphens == 0 || (a.hash == b.hash && a.hyphens == b.hyphens));
		saved += a.hyphens == 0 && b.hyphens > 0;
		hyphenated += a.hyphens > 0;
	}
	CHECK("hyphen: a paragraph sets without hyphens or as hyphenated", either);
	CHECK("hyphen: the first pass saves hyphens at some widths", saved > 0);
	CHECK("hyphen: narrow columns are still hyphenated", hyphenated > 0);

	/* ASCII words measured from the metrics' table of advances give the
	 * widths the width function gives, to the bit: every width sets the
	 * prose the same with the table and without it; and the table is
	 * what measures them (other advances set it otherwise) */
	struct metrics um = {units_width, every_point, NULL, NULL};
	struct metrics ut = {units_width, every_point, NULL, units_ascii};
	int as_width = 1, moved = 0;
	for (double w = 60; w <= 320; w += 2) {
		units_adv = 500;
		struct set a = set_prose(&um, w, 1), b = set_prose(&ut, w, 1);
		as_width = as_width && a.hash == b.hash && a.hyphens == b.hyphens;
		units_adv = 600;
		struct set c = set_prose(&ut, w, 1);
		moved += c.hash != a.hash;
	}
	CHECK("ascii: the table sets prose as the width function does", as_width);
	CHECK("ascii: the table measures the words", moved > 0);

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

	/* footnotes: room is reserved at the foot of the page of the line that
	 * refers to a note; the note sits at the bottom under the rule */
	setup(&L);
	note_rule(&L);
	int n1 = note(&L, 10);
	for (int i = 0; i < 3; i++)
		block(&L, 10, 0);
	size_t r1 = ref_block(&L, 10, n1, -1);
	for (int i = 0; i < 8; i++)
		block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	long pg1 = -1, pgr = -1;
	double y1 = 0, yr = 0;
	CHECK("notes: placed once", placed(&L, L.notes[n1].first, &pg1, &y1) == 1);
	CHECK("notes: on the page of the reference", placed(&L, r1, &pgr, NULL) && pg1 == pgr);
	CHECK("notes: at the foot", y1 == 90);
	CHECK("notes: rule above the note",
	      placed(&L, (size_t)L.note_rule, NULL, &yr) == 1 && yr == 86);
	CHECK("notes: the flow gives way (8 lines, not 10)", L.pages[0].count == 8 + 2);
	CHECK("notes: pages clean", pages_clean(&L));
	layout_free(&L);

	/* a reference on the last line of a page: line and note move together */
	setup(&L);
	note_rule(&L);
	for (int i = 0; i < 9; i++)
		block(&L, 10, 0);
	int n2 = note(&L, 10);
	size_t r2 = ref_block(&L, 10, n2, -1);
	block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	long pn = -1, pl = -1;
	placed(&L, L.notes[n2].first, &pn, NULL);
	placed(&L, r2, &pl, NULL);
	CHECK("notes: last line moves with its note", pl == 1 && pn == 1);
	CHECK("notes: no rule on the page without notes",
	      placed(&L, (size_t)L.note_rule, &pn, NULL) == 1 && pn == 1);
	CHECK("notes: last line pages clean", pages_clean(&L));
	layout_free(&L);

	/* the same line with a note small enough stays on its page */
	setup(&L);
	note_rule(&L);
	for (int i = 0; i < 8; i++)
		block(&L, 10, 0);
	int n3 = note(&L, 6);
	size_t r3 = ref_block(&L, 10, n3, -1);
	layout_paginate(&L, 0, 0);
	pn = pl = -1;
	placed(&L, L.notes[n3].first, &pn, NULL);
	placed(&L, r3, &pl, NULL);
	CHECK("notes: a note that fits keeps its line on the page", pl == 0 && pn == 0);
	layout_free(&L);

	/* two notes on one line keep their order; a second reference to a
	 * note on a later page does not repeat it; a note with no items
	 * (left in the flow by the client) is not placed */
	setup(&L);
	note_rule(&L);
	int na = note(&L, 8), nb = note(&L, 12);
	int empty_note = layout_note_new(&L);
	size_t rab = ref_block(&L, 10, nb, na);
	for (int i = 0; i < 12; i++)
		block(&L, 10, 0);
	size_t ragain = ref_block(&L, 10, na, empty_note);
	layout_paginate(&L, 0, 0);
	long pa = -1, pb = -1, pr = -1, pr2 = -1;
	double ya = 0, yb = 0;
	CHECK("notes: each placed once", placed(&L, L.notes[na].first, &pa, &ya) == 1 &&
						 placed(&L, L.notes[nb].first, &pb, &yb) == 1);
	placed(&L, rab, &pr, NULL);
	placed(&L, ragain, &pr2, NULL);
	CHECK("notes: both on the first reference's page", pa == pr && pb == pr && pr2 > pr);
	CHECK("notes: in the order of the references", yb < ya);
	CHECK("notes: bottom one ends at the foot", ya + 8 == 100);
	CHECK("notes: one rule per page with notes", placed(&L, (size_t)L.note_rule, NULL, NULL) == 1);
	CHECK("notes: two notes pages clean", pages_clean(&L));
	layout_free(&L);

	/* moving back over kept lines gives their notes back */
	setup(&L);
	note_rule(&L);
	for (int i = 0; i < 8; i++)
		block(&L, 10, 0);
	int nk = note(&L, 10);
	size_t kh = block(&L, 10, 1);
	size_t kr = ref_block(&L, 10, nk, -1);
	layout_paginate(&L, 0, 0);
	long pk = -1, pkr = -1, pkh = -1;
	CHECK("notes: given back once", placed(&L, L.notes[nk].first, &pk, NULL) == 1);
	placed(&L, kr, &pkr, NULL);
	placed(&L, kh, &pkh, NULL);
	CHECK("notes: follow the kept lines", pkh == 1 && pkr == 1 && pk == 1);
	layout_free(&L);

	/* a reference inside a paragraph: the line that holds it (not the
	 * paragraph's first or last) carries the note and its "ref"
	 * destination */
	setup(&L);
	note_rule(&L);
	int nref = note(&L, 10);
	L.notes[nref].ref_dest = layout_dest(&L, "back");
	para_init(&p);
	struct run_style sref = plain();
	para_add(&p, &L, &sref, "one two three four five six seven eight nine ten eleven twelve ",
		 strlen("one two three four five six seven eight nine ten eleven twelve "));
	sref.note = nref + 1;
	sref.size = 7;
	para_add(&p, &L, &sref, "1", 1);
	sref = plain();
	para_add(&p, &L, &sref, " thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty",
		 strlen(" thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"));
	o = popts(100);
	size_t pfirst = L.n_items;
	nl = layout_paragraph(&L, &p, &o, NULL);
	size_t holder = 0;
	int holders = 0;
	for (size_t q = pfirst; q < L.n_items; q++)
		if (L.items[q].n_refs) {
			holder = q;
			holders++;
		}
	CHECK("notes: one line holds the reference", holders == 1 && L.refs[L.items[holder].ref_first] == nref);
	CHECK("notes: a middle line", nl >= 3 && holder > pfirst && holder < pfirst + nl - 1);
	CHECK("notes: first referring item recorded", L.notes[nref].ref_item == (long)holder);
	layout_paginate(&L, 0, 0);
	layout_resolve_dests(&L);
	double yh = 0;
	placed(&L, holder, NULL, &yh);
	int dback = layout_dest(&L, "back");
	CHECK("notes: ref destination at the line", L.dests[dback].page == 0 && L.dests[dback].y == 50 + yh);
	para_free(&p);
	layout_free(&L);

	/* a line whose notes fill more than a page stays where it is (moving
	 * it would gain nothing) and its notes run on to the next page */
	setup(&L);
	note_rule(&L);
	for (int i = 0; i < 3; i++)
		block(&L, 10, 0);
	int big[3] = {note(&L, 40), note(&L, 40), note(&L, 40)};
	size_t crowd_item;
	layout_begin_item(&L);
	layout_rect_op(&L, 0, 0, 10, 10, black);
	for (int i = 0; i < 3; i++)
		layout_note_ref(&L, big[i]);
	layout_end_item(&L, 10, 0);
	crowd_item = L.n_items - 1;
	block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	long pc = -1, pb0 = -1, pb1 = -1, pb2 = -1;
	placed(&L, crowd_item, &pc, NULL);
	placed(&L, L.notes[big[0]].first, &pb0, NULL);
	placed(&L, L.notes[big[1]].first, &pb1, NULL);
	placed(&L, L.notes[big[2]].first, &pb2, NULL);
	CHECK("notes: crowded line stays on its page", pc == 0);
	CHECK("notes: its notes run on in order", pb0 == 0 && pb1 == 1 && pb2 == 1);
	CHECK("notes: crowded pages clean", pages_clean(&L));
	layout_free(&L);

	/* notes run on to a page leave it to themselves rather than split a
	 * kept group that no longer fits above them */
	setup(&L);
	note_rule(&L);
	int nrun = note(&L, 60);
	size_t filler = ref_block(&L, 95, nrun, -1);
	size_t g_first = block(&L, 10, 1);
	block(&L, 10, 1);
	block(&L, 10, 1);
	size_t g_last = block(&L, 10, 0);
	layout_paginate(&L, 0, 0);
	long pf = -1, prun = -1, pg0 = -1, pg3 = -1;
	placed(&L, filler, &pf, NULL);
	placed(&L, L.notes[nrun].first, &prun, NULL);
	placed(&L, g_first, &pg0, NULL);
	placed(&L, g_last, &pg3, NULL);
	CHECK("notes: run-on notes get their own page", pf == 0 && prun == 1 && L.pages[1].count == 2);
	CHECK("notes: the kept group stays whole after them", pg0 == 2 && pg3 == 2);
	CHECK("notes: run-on pages clean", pages_clean(&L));
	layout_free(&L);

	/* a line that fills a page alone: its note waits for the next page,
	 * which holds only notes when the next lesson starts at once */
	setup(&L);
	note_rule(&L);
	int nt = note(&L, 20);
	size_t tall = ref_block(&L, 95, nt, -1);
	size_t next = block(&L, 10, 0);
	L.items[next].new_page = 1;
	layout_paginate(&L, 0, 0);
	long pt = -1, ptn = -1, pnext = -1;
	placed(&L, tall, &pt, NULL);
	placed(&L, L.notes[nt].first, &ptn, NULL);
	placed(&L, next, &pnext, NULL);
	CHECK("notes: overflow note on the following page", pt == 0 && ptn == 1);
	CHECK("notes: next lesson after the notes page", pnext == 2 && L.n_pages == 3);
	CHECK("notes: overflow pages clean", pages_clean(&L));
	layout_free(&L);

	/* many lines, many notes: every note once, on its reference's page
	 * or (only after a page-filling line) later, nothing overlapping */
	setup(&L);
	note_rule(&L);
	unsigned seed = 7;
	int ids[60];
	size_t refs_at[60];
	for (int i = 0; i < 60; i++)
		ids[i] = note(&L, 4 + (seed = seed * 1103515245u + 12345u) % 45);
	int k = 0;
	for (int i = 0; i < 400; i++) {
		seed = seed * 1103515245u + 12345u;
		double bh = 5 + (seed >> 8) % 20;
		if (k < 60 && (seed >> 4) % 6 == 0) {
			int two = k + 1 < 60 && (seed >> 12) % 3 == 0;
			refs_at[k] = ref_block(&L, bh, ids[k], two ? ids[k + 1] : -1);
			if (two)
				refs_at[k + 1] = refs_at[k];
			k += 1 + two;
		} else {
			block(&L, bh, (seed >> 16) % 4 == 0);
		}
	}
	layout_paginate(&L, 0, 0);
	int once = 1, same = 1;
	for (int i = 0; i < k; i++) {
		long np_ = -1, rp = -1;
		if (placed(&L, L.notes[ids[i]].first, &np_, NULL) != 1)
			once = 0;
		placed(&L, refs_at[i], &rp, NULL);
		if (np_ != rp)
			same = 0;
	}
	CHECK("notes: stress every note once", k > 40 && once);
	CHECK("notes: stress same page as reference", same);
	CHECK("notes: stress pages clean", pages_clean(&L));
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

	/* the stores reserved for 4,000 bytes of Markdown, then filled past
	 * the estimate: they grow on, and keep what they hold */
	setup(&L);
	layout_reserve(&L, 4000);
	CHECK("reserve: room for an op per 4 bytes, the text and its items",
	      L.cap_ops >= 1000 && L.cap_items >= 125 && L.strings.cap >= 4000 &&
		      L.n_ops == 0 && L.strings.len == 0);
	size_t cap_ops = L.cap_ops;
	char w[16];
	int kept = 1;
	for (int i = 0; i < 3000; i++) {
		snprintf(w, sizeof w, "w%d", i);
		layout_text_op(&L, i, 0, 0, 10, black, w, strlen(w));
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(w, sizeof w, "w%d", i);
		kept &= !strcmp(layout_op_text(&L, &L.ops[i]), w) && L.ops[i].x == i;
	}
	CHECK("reserve: grown past it, every op kept", L.n_ops == 3000 && L.cap_ops > cap_ops && kept);
	layout_reserve(&L, 8); /* less than it holds: nothing changes */
	CHECK("reserve: a smaller one leaves the stores", L.n_ops == 3000 && L.cap_ops >= 3000);
	layout_free(&L);
	return unit_done();
}
