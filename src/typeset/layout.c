/* layout.c — the stores behind layout.h: the display list and its text,
 * named destinations and links, the vertical list's items with the boxes
 * behind them, and footnotes. Building paragraphs (para.c), setting their
 * lines (lines.c) and cutting the list into pages (paginate.c) all append
 * to these stores through the functions here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/layout.h"
#include "base/util.h"

void layout_init(struct layout *L, const struct metrics *m, double page_w, double page_h,
		 double margin_top, double margin_right, double margin_bottom,
		 double margin_left)
{
	memset(L, 0, sizeof *L);
	L->m = *m;
	L->page_w = page_w;
	L->page_h = page_h;
	L->body_x = margin_left;
	L->body_y = margin_top;
	L->body_w = page_w - margin_left - margin_right;
	L->body_h = page_h - margin_top - margin_bottom;
	L->tolerance = 2;
	/* TeX's \pretolerance of 100: badness 100 is a ratio of 1 */
	L->pretolerance = 1;
	L->note_rule = -1;
	L->note_gap = 3;
	L->tag_cur = -1;
	L->item_tag = -1;
	buf_init(&L->strings);
}

/* The stores grew by doubling, and every step copied them into fresh
 * memory: the copies were a quarter of the Rust course's PDF page faults
 * (perf), and 1,000 lessons copied 50 MB of ops. Taken at once, a
 * store's pages are touched only as they are filled, and an estimate too
 * large costs address space, not memory. Markdown makes an op per 4.2 to
 * 4.8 bytes, an item per 43 to 65, and text as long as itself, in every
 * course measured (the corpus, lessons/ and generated courses); past the
 * estimate the stores double as before. A reserve that cannot be had
 * (an address-space limit) is not an error: the stores grow as they
 * must. */
static void *reserve(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap || n > SIZE_MAX / size)
		return p;
	void *q = realloc(p, n * size);
	if (!q)
		return p;
	*cap = n;
	return q;
}

void layout_reserve(struct layout *L, size_t text_bytes)
{
	L->ops = reserve(L->ops, &L->cap_ops, text_bytes / 4 + 256, sizeof *L->ops);
	L->items = reserve(L->items, &L->cap_items, text_bytes / 32 + 64, sizeof *L->items);
	if (text_bytes < SIZE_MAX / 4) {
		struct buf *t = &L->strings;
		t->ptr = reserve(t->ptr, &t->cap, text_bytes + text_bytes / 8 + 1024, 1);
		if (t->ptr)
			t->ptr[t->len] = '\0';
	}
}

void layout_free(struct layout *L)
{
	for (size_t i = 0; i < L->n_links; i++)
		free(L->links[i].uri);
	for (size_t i = 0; i < L->n_dests; i++)
		free(L->dests[i].name);
	free(L->ops);
	free(L->items);
	free(L->places);
	free(L->pages);
	free(L->links);
	free(L->dests);
	free(L->dest_hash);
	free(L->decos);
	free(L->notes);
	free(L->refs);
	free(L->tags);
	free(L->colours);
	buf_free(&L->strings);
}

void layout_free_display(struct layout *L)
{
	free(L->ops);
	free(L->items);
	free(L->places);
	free(L->decos);
	free(L->refs);
	L->ops = NULL;
	L->items = NULL;
	L->places = NULL;
	L->decos = NULL;
	L->refs = NULL;
	L->n_ops = L->cap_ops = L->n_items = L->cap_items = 0;
	L->n_places = L->cap_places = L->n_decos = L->cap_decos = 0;
	L->n_refs = L->cap_refs = 0;
	for (size_t i = 0; i < L->n_pages; i++)
		L->pages[i].count = 0;
}

static struct op *new_op(struct layout *L, enum op_kind k)
{
	L->ops = xgrow(L->ops, &L->cap_ops, L->n_ops + 1, sizeof *L->ops);
	struct op *o = &L->ops[L->n_ops++];
	memset(o, 0, sizeof *o);
	o->kind = k;
	return o;
}

/* A new op covering a w × h area from (x, y). */
static struct op *area_op(struct layout *L, enum op_kind k, double x, double y, double w,
			  double h)
{
	struct op *o = new_op(L, k);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	return o;
}

uint16_t layout_colour(struct layout *L, struct rgb c)
{
	if (L->n_colours && rgb_same(&L->colours[L->last_colour], &c))
		return L->last_colour;
	size_t i = 0;
	while (i < L->n_colours && !rgb_same(&L->colours[i], &c))
		i++;
	if (i == L->n_colours) {
		/* Unreachable: every colour comes from the style's keys or a
		 * constant. Were it reached, the first colour stands in rather
		 * than the build failing. */
		if (i == LAYOUT_MAX_COLOURS)
			return 0;
		L->colours = xgrow(L->colours, &L->cap_colours, i + 1, sizeof *L->colours);
		L->colours[L->n_colours++] = c;
	}
	L->last_colour = (uint16_t)i;
	return L->last_colour;
}

size_t layout_copy_op(struct layout *L, struct op o, double dy)
{
	struct op *n = new_op(L, o.kind);
	*n = o;
	n->y += dy;
	return L->n_ops - 1;
}

size_t layout_text_op(struct layout *L, double x, double y, int font, double size,
		      struct rgb colour, const char *s, size_t n)
{
	struct op *o = new_op(L, OP_TEXT);
	o->x = x;
	o->y = y;
	o->font = font;
	o->size = size;
	o->colour = layout_colour(L, colour);
	if (L->strings.len + n + 1 > LAYOUT_MAX_STRINGS) {
		fputs("octavo: error: the book's text passes the layout's limit of 3.75 GB\n",
		      stderr);
		exit(2);
	}
	o->text = (uint32_t)L->strings.len;
	o->len = n;
	buf_put(&L->strings, s, n);
	buf_putc(&L->strings, '\0');
	return L->n_ops - 1;
}

size_t layout_rect_op(struct layout *L, double x, double y, double w, double h,
		      struct rgb colour)
{
	struct op *o = area_op(L, OP_RECT, x, y, w, h);
	o->colour = layout_colour(L, colour);
	return L->n_ops - 1;
}

size_t layout_line_op(struct layout *L, double x1, double y1, double x2, double y2,
		      double width, struct rgb colour)
{
	struct op *o = area_op(L, OP_LINE, x1, y1, x2 - x1, y2 - y1);
	o->size = width;
	o->colour = layout_colour(L, colour);
	return L->n_ops - 1;
}

size_t layout_image_op(struct layout *L, double x, double y, double w, double h, int image)
{
	area_op(L, OP_IMAGE, x, y, w, h)->target = image;
	return L->n_ops - 1;
}

size_t layout_link_op(struct layout *L, double x, double y, double w, double h, int link)
{
	area_op(L, OP_LINK, x, y, w, h)->target = link;
	return L->n_ops - 1;
}

size_t layout_dest_op(struct layout *L, double x, double y, int dest)
{
	struct op *o = new_op(L, OP_DEST);
	o->x = x;
	o->y = y;
	o->target = dest;
	return L->n_ops - 1;
}

const char *layout_op_text(const struct layout *L, const struct op *o)
{
	return L->strings.ptr ? L->strings.ptr + o->text : "";
}

/* FNV-1a: destinations are looked up by name for every internal link. */
static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void dest_rehash(struct layout *L)
{
	size_t cap = L->dest_hash_cap ? L->dest_hash_cap * 2 : 256;
	free(L->dest_hash);
	L->dest_hash = xcalloc(cap, sizeof *L->dest_hash);
	L->dest_hash_cap = cap;
	for (size_t i = 0; i < L->n_dests; i++) {
		size_t h = name_hash(L->dests[i].name) & (cap - 1);
		while (L->dest_hash[h])
			h = (h + 1) & (cap - 1);
		L->dest_hash[h] = i + 1;
	}
}

/* The destination named name, made on first use with the name own (NULL:
 * a copy of name). */
static int dest_named(struct layout *L, const char *name, char *own)
{
	if (L->dest_hash_cap) {
		size_t h = name_hash(name) & (L->dest_hash_cap - 1);
		while (L->dest_hash[h]) {
			if (!strcmp(L->dests[L->dest_hash[h] - 1].name, name)) {
				free(own);
				return (int)(L->dest_hash[h] - 1);
			}
			h = (h + 1) & (L->dest_hash_cap - 1);
		}
	}
	L->dests = xgrow(L->dests, &L->cap_dests, L->n_dests + 1, sizeof *L->dests);
	L->dests[L->n_dests] = (struct dest){own ? own : xstrdup(name), -1, 0};
	L->n_dests++;
	if (L->n_dests * 2 > L->dest_hash_cap)
		dest_rehash(L);
	else {
		size_t h = name_hash(name) & (L->dest_hash_cap - 1);
		while (L->dest_hash[h])
			h = (h + 1) & (L->dest_hash_cap - 1);
		L->dest_hash[h] = L->n_dests;
	}
	return (int)L->n_dests - 1;
}

int layout_dest(struct layout *L, const char *name)
{
	return dest_named(L, name, NULL);
}

int layout_dest_take(struct layout *L, char **name)
{
	char *own = *name;
	*name = NULL;
	return dest_named(L, own, own);
}

int layout_link_dest(struct layout *L, int dest)
{
	L->links = xgrow(L->links, &L->cap_links, L->n_links + 1, sizeof *L->links);
	L->links[L->n_links] = (struct link){dest, NULL};
	return (int)L->n_links++;
}

int layout_link_uri(struct layout *L, const char *uri)
{
	L->links = xgrow(L->links, &L->cap_links, L->n_links + 1, sizeof *L->links);
	L->links[L->n_links] = (struct link){-1, xstrdup(uri)};
	return (int)L->n_links++;
}

/* ------------------------------------------------------------------ */

static int same_deco(const struct deco *a, const struct deco *b)
{
	return a->id == b->id && a->x == b->x && a->w == b->w && !memcmp(&a->bg, &b->bg, sizeof a->bg) &&
	       a->bar == b->bar && !memcmp(&a->bar_colour, &b->bar_colour, sizeof a->bar_colour) &&
	       a->border == b->border;
}

void layout_item_decos(struct layout *L, struct item *it, int n, const struct deco *d)
{
	if (n > ITEM_DECOS)
		n = ITEM_DECOS;
	it->n_decos = n > 0 ? n : 0;
	it->deco_first = 0;
	if (n <= 0)
		return;
	/* the lines of one code block or callout share one copy */
	if (L->n_decos >= (size_t)n) {
		const struct deco *last = L->decos + L->n_decos - n;
		int same = 1;
		for (int i = 0; i < n && same; i++)
			same = same_deco(&last[i], &d[i]);
		if (same) {
			it->deco_first = L->n_decos - (size_t)n;
			return;
		}
	}
	L->decos = xgrow(L->decos, &L->cap_decos, L->n_decos + (size_t)n, sizeof *L->decos);
	memcpy(L->decos + L->n_decos, d, (size_t)n * sizeof *d);
	it->deco_first = L->n_decos;
	L->n_decos += (size_t)n;
}

void layout_begin_item(struct layout *L)
{
	/* ops made since the last item ended belong to no item (a tag
	 * opened between blocks): their memory is taken back */
	L->n_ops = L->item_ops_start;
	L->item_refs_start = L->n_refs;
	L->item_tag = L->tag_cur;
}

struct item *layout_end_item(struct layout *L, double height, double space_before)
{
	L->items = xgrow(L->items, &L->cap_items, L->n_items + 1, sizeof *L->items);
	struct item *it = &L->items[L->n_items++];
	memset(it, 0, sizeof *it);
	it->op_first = L->item_ops_start;
	it->op_count = L->n_ops - L->item_ops_start;
	it->height = height;
	it->space_before = space_before;
	it->lesson = -1;
	it->table_header = -1;
	it->tag = L->item_tag;
	it->ref_first = L->item_refs_start;
	it->n_refs = (uint32_t)(L->n_refs - L->item_refs_start);
	for (size_t k = L->item_refs_start; k < L->n_refs; k++)
		if (L->notes[L->refs[k]].ref_item < 0)
			L->notes[L->refs[k]].ref_item = (long)(L->n_items - 1);
	L->item_refs_start = L->n_refs;
	if (L->keep_lines > 0) {
		L->keep_lines--;
		if (L->keep_lines > 0)
			it->keep_next = 1;
	}
	L->item_ops_start = L->n_ops;
	/* the next item may start without layout_begin_item */
	L->item_tag = L->tag_cur;
	return it;
}

void layout_keep_next_items(struct layout *L, int n)
{
	L->keep_lines = n;
}

/* ------------------------------------------------------------------ */

int layout_note_new(struct layout *L)
{
	L->notes = xgrow(L->notes, &L->cap_notes, L->n_notes + 1, sizeof *L->notes);
	L->notes[L->n_notes] = (struct note){0, 0, -1, -1};
	return (int)L->n_notes++;
}

void layout_note_items(struct layout *L, int id, size_t first, size_t count)
{
	L->notes[id].first = first;
	L->notes[id].count = count;
	for (size_t k = first; k < first + count; k++)
		L->items[k].note = 1;
}

void layout_note_ref(struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_notes)
		return;
	L->refs = xgrow(L->refs, &L->cap_refs, L->n_refs + 1, sizeof *L->refs);
	L->refs[L->n_refs++] = id;
}

double layout_note_height(const struct layout *L, int id)
{
	const struct note *n = &L->notes[id];
	double h = 0;
	for (size_t k = n->first; k < n->first + n->count; k++)
		h += L->items[k].height + (k > n->first ? L->items[k].space_before : 0);
	return h;
}
