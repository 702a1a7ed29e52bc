/* append.c — joining layout stores. A run of lessons can be laid out
 * into a store of its own (on another thread) and appended to the book's
 * store afterwards; the result must be the store a single pass would have
 * built, to the byte, because the PDF is made from it. So every index one
 * array holds into another moves by that array's length in the book, and
 * destinations, which are named and made on first use, are looked up by
 * name in the book, which makes the new ones in the order the part first
 * used them: the order a single pass would have made them in.
 *
 * A field added to struct layout that a part can fill is copied here, in
 * layout_append, and nowhere else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "typeset/layout.h"

/* Where the part's entries go in the book. The part's footnote rule is
 * dropped when the book has one already (a single pass makes one per
 * book), and with it its ops; every later item and op moves up. */
struct shift {
	size_t items, ops, decos, refs, notes, links, strings, tags;
	int deco_id;
	int tag_cur;        /* the book's open element, for the part's -1 */
	int *dest;          /* part dest id -> book dest id */
	long drop;          /* part item left out, -1 none */
	size_t drop_op, drop_ops;
};

static size_t item_to(const struct shift *s, size_t i)
{
	return s->items + i - (s->drop >= 0 && i > (size_t)s->drop);
}

static size_t op_to(const struct shift *s, size_t o)
{
	return s->ops + o - (s->drop >= 0 && o >= s->drop_op + s->drop_ops ? s->drop_ops : 0);
}

/* A part's element id (or parent) in the book: see LAYOUT_TAG_ROOT. */
static int tag_to(const struct shift *s, int t)
{
	return t >= 0 ? t + (int)s->tags : t == -1 ? s->tag_cur : t;
}

/* The part's elements: ids, parents, alternate text and Link's link id
 * move up; the part's open element, when it ends inside one (a Part it
 * opened), is the book's open element from now on. */
static void append_tags(struct layout *L, const struct layout *part, const struct shift *s)
{
	L->tags = xgrow(L->tags, &L->cap_tags, L->n_tags + part->n_tags, sizeof *L->tags);
	for (size_t i = 0; i < part->n_tags; i++) {
		struct tag t = part->tags[i];
		t.parent = tag_to(s, t.parent);
		if (t.alt)
			t.alt += (uint32_t)s->strings;
		if (t.type == TAG_LINK && t.attr >= 0)
			t.attr += (int)s->links;
		L->tags[L->n_tags++] = t;
	}
	if (part->tag_cur >= 0 || part->tag_cur == LAYOUT_TAG_ROOT)
		L->tag_cur = tag_to(s, part->tag_cur);
	L->item_tag = L->tag_cur;
}

static void append_ops(struct layout *L, const struct layout *part, const struct shift *s)
{
	/* the part's palette index -> the book's (ops without a colour have
	 * 0, whatever it maps to) */
	uint16_t *colour = xmalloc((part->n_colours + 1) * sizeof *colour);
	colour[0] = 0;
	for (size_t i = 0; i < part->n_colours; i++)
		colour[i] = layout_colour(L, part->colours[i]);
	L->ops = xgrow(L->ops, &L->cap_ops, L->n_ops + part->n_ops, sizeof *L->ops);
	for (size_t i = 0; i < part->n_ops; i++) {
		if (s->drop >= 0 && i >= s->drop_op && i < s->drop_op + s->drop_ops)
			continue;
		struct op o = part->ops[i];
		o.colour = colour[o.colour];
		if (o.kind == OP_TEXT)
			o.text += (uint32_t)s->strings;
		else if (o.kind == OP_LINK)
			o.target += (int)s->links;
		else if (o.kind == OP_DEST)
			o.target = s->dest[o.target];
		else if (o.kind == OP_TAG_BEGIN || o.kind == OP_TAG_END)
			o.target += (int)s->tags;
		L->ops[L->n_ops++] = o;
	}
	free(colour);
	if (L->strings.len + part->strings.len > LAYOUT_MAX_STRINGS) {
		fputs("octavo: error: the book's text passes the layout's limit of 3.75 GB\n",
		      stderr);
		exit(2);
	}
	buf_put(&L->strings, part->strings.ptr, part->strings.len);
}

static void append_items(struct layout *L, const struct layout *part, const struct shift *s)
{
	L->items = xgrow(L->items, &L->cap_items, L->n_items + part->n_items, sizeof *L->items);
	for (size_t i = 0; i < part->n_items; i++) {
		if ((long)i == s->drop)
			continue;
		struct item it = part->items[i];
		it.op_first = op_to(s, it.op_first);
		if (it.n_decos)
			it.deco_first += s->decos;
		it.ref_first += s->refs;
		if (it.table_header >= 0)
			it.table_header = (long)item_to(s, (size_t)it.table_header);
		it.tag = tag_to(s, it.tag);
		L->items[L->n_items++] = it;
	}
}

/* Decos, footnotes and the references to them, links. */
static void append_notes(struct layout *L, struct layout *part, const struct shift *s)
{
	L->decos = xgrow(L->decos, &L->cap_decos, L->n_decos + part->n_decos, sizeof *L->decos);
	for (size_t i = 0; i < part->n_decos; i++) {
		struct deco d = part->decos[i];
		if (d.id > 0)
			d.id += s->deco_id;
		L->decos[L->n_decos++] = d;
	}
	L->next_deco_id += part->next_deco_id;
	L->notes = xgrow(L->notes, &L->cap_notes, L->n_notes + part->n_notes, sizeof *L->notes);
	for (size_t i = 0; i < part->n_notes; i++) {
		struct note n = part->notes[i];
		if (n.count)
			n.first = item_to(s, n.first);
		if (n.ref_item >= 0)
			n.ref_item = (long)item_to(s, (size_t)n.ref_item);
		if (n.ref_dest >= 0)
			n.ref_dest = s->dest[n.ref_dest];
		L->notes[L->n_notes++] = n;
	}
	L->refs = xgrow(L->refs, &L->cap_refs, L->n_refs + part->n_refs, sizeof *L->refs);
	for (size_t i = 0; i < part->n_refs; i++)
		L->refs[L->n_refs++] = part->refs[i] + (int)s->notes;
	L->links = xgrow(L->links, &L->cap_links, L->n_links + part->n_links, sizeof *L->links);
	for (size_t i = 0; i < part->n_links; i++) {
		struct link k = part->links[i];
		L->links[L->n_links++] = (struct link){k.dest >= 0 ? s->dest[k.dest] : -1, k.uri};
		part->links[i].uri = NULL; /* L's now */
	}
}

void layout_init_part(struct layout *part, const struct layout *L)
{
	memset(part, 0, sizeof *part);
	part->m = L->m;
	part->page_w = L->page_w;
	part->page_h = L->page_h;
	part->body_x = L->body_x;
	part->body_y = L->body_y;
	part->body_w = L->body_w;
	part->body_h = L->body_h;
	part->tolerance = L->tolerance;
	part->pretolerance = L->pretolerance;
	part->note_rule = -1;
	part->note_gap = L->note_gap;
	part->tagging = L->tagging;
	part->tag_cur = -1;
	part->item_tag = -1;
	buf_init(&part->strings);
}

int *layout_append(struct layout *L, struct layout *part)
{
	if (part->n_pages || part->n_places) {
		fputs("octavo: internal error: a paginated layout part\n", stderr);
		abort();
	}
	struct shift s = {L->n_items, L->n_ops, L->n_decos, L->n_refs, L->n_notes, L->n_links,
			  L->strings.len, L->n_tags, L->next_deco_id, L->tag_cur, NULL, -1, 0, 0};
	s.dest = xmalloc((part->n_dests + 1) * sizeof *s.dest);
	for (size_t i = 0; i < part->n_dests; i++)
		s.dest[i] = layout_dest_take(L, &part->dests[i].name);
	if (part->note_rule >= 0 && L->note_rule >= 0) {
		s.drop = part->note_rule;
		s.drop_op = part->items[s.drop].op_first;
		s.drop_ops = part->items[s.drop].op_count;
	} else if (part->note_rule >= 0) {
		L->note_rule = (long)item_to(&s, (size_t)part->note_rule);
		L->note_gap = part->note_gap;
	}
	append_ops(L, part, &s);
	append_items(L, part, &s);
	append_notes(L, part, &s);
	append_tags(L, part, &s);
	L->keep_lines = part->keep_lines;
	L->item_ops_start = L->n_ops;
	L->item_refs_start = L->n_refs;
	return s.dest;
}
