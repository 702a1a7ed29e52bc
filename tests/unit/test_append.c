/* test_append.c — layout_append: lessons laid out in two parts and
 * joined give the store one pass over all of them gives, entry for entry:
 * ops and their text, items, boxes (and their ids), footnotes and the
 * references to them, links, destinations in the order first used (a
 * lesson links to the next one before that one names itself), the one
 * footnote rule of the book, the colours (each lesson's heading has its
 * own, so a part's palette is not in the book's order); and the same
 * pages. */
#include <stdlib.h>
#include <string.h>

#include "typeset/layout.h"
#include "fake_metrics.h"
#include "unit.h"

static const struct rgb black = {0, 0, 0};

static void name(char *b, size_t n, const char *kind, int k)
{
	snprintf(b, n, "%s%d", kind, k);
}

/* Lesson k as the PDF walker builds one: a heading with its destination,
 * text linking to the next lesson and to a URI, a boxed line, a row
 * under a table header, a footnote with its reference, and the book's
 * footnote rule when it has none yet. */
static void lesson(struct layout *L, int k)
{
	char b[32];
	name(b, sizeof b, "L", k);
	int dest = layout_dest(L, b);
	layout_begin_item(L);
	layout_dest_op(L, 0, 0, dest);
	layout_text_op(L, 0, 10, 0, 10, (struct rgb){0.1 * k, 0.2, 0.3}, "Heading", 7);
	struct item *it = layout_end_item(L, 20, 0);
	it->new_page = 1;
	it->lesson = k;
	int note = layout_note_new(L);
	name(b, sizeof b, "ref", k);
	L->notes[note].ref_dest = layout_dest(L, b);
	name(b, sizeof b, "L", k + 1);
	int next = layout_link_dest(L, layout_dest(L, b));
	int uri = layout_link_uri(L, "https://example.com/");
	layout_begin_item(L);
	layout_text_op(L, 0, 10, 0, 10, black, "text", 4);
	layout_link_op(L, 0, 0, 20, 10, next);
	layout_link_op(L, 20, 0, 20, 10, uri);
	layout_note_ref(L, note);
	layout_end_item(L, 12, 2);
	struct deco d = {++L->next_deco_id, 0, 100, {1, 1, 1}, 1, {0, 0, 0}, 0};
	layout_begin_item(L);
	layout_text_op(L, 0, 10, 0, 10, black, "boxed", 5);
	layout_item_decos(L, layout_end_item(L, 12, 2), 1, &d);
	size_t header = L->n_items;
	layout_begin_item(L);
	layout_rect_op(L, 0, 0, 100, 12, black);
	layout_end_item(L, 12, 2);
	layout_begin_item(L);
	layout_rect_op(L, 0, 0, 100, 12, black);
	layout_end_item(L, 12, 0)->table_header = (long)header;
	size_t first = L->n_items;
	layout_begin_item(L);
	layout_text_op(L, 0, 8, 0, 8, black, "note", 4);
	layout_end_item(L, 10, 0);
	layout_note_items(L, note, first, 1);
	if (L->note_rule < 0) {
		layout_begin_item(L);
		layout_line_op(L, 0, 2, 50, 2, 0.5, black);
		layout_end_item(L, 4, 0)->note = 1;
		L->note_rule = (long)(L->n_items - 1);
	}
}

/* The colours ops are drawn in, where they have one (the palette
 * indexes themselves may differ). */
static int same_colour(const struct layout *a, const struct op *x, const struct layout *b,
		       const struct op *y)
{
	if (x->kind != OP_TEXT && x->kind != OP_RECT && x->kind != OP_LINE)
		return 1;
	struct rgb p = layout_op_colour(a, x), q = layout_op_colour(b, y);
	return !memcmp(&p, &q, sizeof p);
}

/* Field by field: padding and a union's unused bytes may differ. */
static int same_ops(const struct layout *a, const struct layout *b)
{
	if (a->n_ops != b->n_ops)
		return 0;
	for (size_t i = 0; i < a->n_ops; i++) {
		const struct op *x = &a->ops[i], *y = &b->ops[i];
		if (x->kind != y->kind || x->x != y->x || x->y != y->y || x->size != y->size ||
		    !same_colour(a, x, b, y) || x->target != y->target)
			return 0;
		if (x->kind == OP_TEXT ? x->text != y->text || x->len != y->len || x->font != y->font
				       : x->w != y->w || x->h != y->h)
			return 0;
	}
	return 1;
}

static int same_items(const struct layout *a, const struct layout *b)
{
	if (a->n_items != b->n_items)
		return 0;
	for (size_t i = 0; i < a->n_items; i++) {
		const struct item *x = &a->items[i], *y = &b->items[i];
		if (x->op_first != y->op_first || x->op_count != y->op_count ||
		    x->new_page != y->new_page || x->note != y->note || x->lesson != y->lesson ||
		    x->table_header != y->table_header || x->n_decos != y->n_decos ||
		    (x->n_decos && x->deco_first != y->deco_first) || x->n_refs != y->n_refs ||
		    x->ref_first != y->ref_first || x->height != y->height)
			return 0;
	}
	return 1;
}

static int same_refs(const struct layout *a, const struct layout *b)
{
	if (a->n_notes != b->n_notes || a->n_refs != b->n_refs || a->n_links != b->n_links ||
	    a->n_decos != b->n_decos)
		return 0;
	for (size_t i = 0; i < a->n_notes; i++) {
		const struct note *x = &a->notes[i], *y = &b->notes[i];
		if (x->first != y->first || x->count != y->count || x->ref_item != y->ref_item ||
		    x->ref_dest != y->ref_dest)
			return 0;
	}
	for (size_t i = 0; i < a->n_refs; i++)
		if (a->refs[i] != b->refs[i])
			return 0;
	for (size_t i = 0; i < a->n_links; i++)
		if (a->links[i].dest != b->links[i].dest ||
		    !a->links[i].uri != !b->links[i].uri ||
		    (a->links[i].uri && strcmp(a->links[i].uri, b->links[i].uri)))
			return 0;
	for (size_t i = 0; i < a->n_decos; i++)
		if (a->decos[i].id != b->decos[i].id)
			return 0;
	return 1;
}

int main(void)
{
	struct layout one, joined, part;
	layout_init(&one, &fake, 300, 200, 50, 50, 50, 50);
	layout_init(&joined, &fake, 300, 200, 50, 50, 50, 50);
	for (int k = 0; k < 5; k++)
		lesson(&one, k);
	/* lessons 0-1, 2, 3-4 apart, as three threads would */
	static const int cut[] = {0, 2, 3, 5};
	for (int p = 0; p < 3; p++) {
		layout_init_part(&part, &joined);
		for (int k = cut[p]; k < cut[p + 1]; k++)
			lesson(&part, k);
		free(layout_append(&joined, &part));
		layout_free(&part);
	}
	CHECK("append/ops", same_ops(&one, &joined));
	CHECK("append/strings", one.strings.len == joined.strings.len &&
				    !memcmp(one.strings.ptr, joined.strings.ptr, one.strings.len));
	CHECK("append/items", same_items(&one, &joined));
	CHECK("append/notes-refs-links-decos", same_refs(&one, &joined));
	CHECK("append/next-deco-id", one.next_deco_id == joined.next_deco_id);
	CHECK("append/one-footnote-rule", one.note_rule == joined.note_rule);
	int dests = one.n_dests == joined.n_dests;
	for (size_t i = 0; dests && i < one.n_dests; i++)
		dests = !strcmp(one.dests[i].name, joined.dests[i].name);
	CHECK("append/destinations-in-order", dests);
	layout_paginate(&one, 0, 0);
	layout_paginate(&joined, 0, 0);
	layout_resolve_dests(&one);
	layout_resolve_dests(&joined);
	int pages = one.n_pages == joined.n_pages && one.n_places == joined.n_places;
	for (size_t i = 0; pages && i < one.n_places; i++)
		pages = one.places[i].item == joined.places[i].item &&
			one.places[i].y == joined.places[i].y;
	for (size_t i = 0; pages && i < one.n_dests; i++)
		pages = one.dests[i].page == joined.dests[i].page;
	CHECK("append/same-pages", pages);
	layout_free(&one);
	layout_free(&joined);
	return unit_done();
}
