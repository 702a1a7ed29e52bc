/* paginate.c — the vertical list cut into pages, footnotes placed at
 * their pages' feet, and destinations resolved to the places they landed.
 *
 * Page breaking is first fit with look-back: items fill a page until one
 * does not fit; the break then moves back over every item that must stay
 * with its successor (headings, first and last lines of paragraphs, short
 * code blocks, a table header), unless that would empty the page. A table
 * row that starts a page gets a copy of its table's header row above it.
 *
 * Footnotes: an item carries the notes its text refers to (draw_line
 * records them), and a note's own items stay out of the flow. A page that
 * takes an item reserves room at its foot for the item's notes not yet
 * placed, so the item fits only if it and its notes do; otherwise it goes
 * to the next page like any item that does not fit. When the page is done
 * its notes are placed bottom-up under a rule, as places of that page. The
 * client keeps notes no taller than half the text area (longer ones stay
 * in the flow), so a note always fits a fresh page; only an item whose
 * notes could not all fit under it even on an empty page (or one that
 * fills a page alone) leaves notes without room: it stays where it is, and
 * they go first on the next page (one holding only notes if a new lesson
 * starts there). */
#include <stdlib.h>
#include <string.h>

#include "typeset/layout.h"
#include "base/util.h"

static void add_place(struct layout *L, size_t item, double y)
{
	L->places = xgrow(L->places, &L->cap_places, L->n_places + 1, sizeof *L->places);
	L->places[L->n_places++] = (struct place){item, y};
	L->pages[L->n_pages - 1].count++;
}

static void open_page(struct layout *L, const struct item *first, int front)
{
	L->pages = xgrow(L->pages, &L->cap_pages, L->n_pages + 1, sizeof *L->pages);
	struct page *pg = &L->pages[L->n_pages++];
	pg->first = L->n_places;
	pg->count = 0;
	pg->lesson = first->lesson;
	pg->chapter = first->chapter;
	pg->front = front;
	pg->furniture = -1;
	pg->blank = 0;
	pg->dx = 0;
}

void layout_blank_page(struct layout *L, int front)
{
	struct item t;
	memset(&t, 0, sizeof t);
	t.lesson = -1;
	open_page(L, &t, front);
	L->pages[L->n_pages - 1].blank = 1;
}

/* Footnotes waiting for the foot of a page, in the order their references
 * were taken (document order). The first n_fit have room on the page being
 * filled; any after them go first on the next page: they come from an item
 * that was placed on an empty page with more notes than the page had room
 * for, and notes of later items queue behind them to keep their order. */
struct foot {
	int *id;
	size_t *by;        /* the item that took each */
	size_t n, cap, n_fit;
	double room;       /* pt the first n_fit take at the foot, rule included */
	double rule_h;
	double *h;         /* per note: height */
	char *taken;       /* per note: queued or placed already */
};

/* Room at the foot once note id joins the `have` notes taking `room`. */
static double foot_with(const struct layout *L, const struct foot *f, double room, size_t have,
			int id)
{
	return room + (have ? L->note_gap : f->rule_h) + f->h[id];
}

/* Reserve queued notes while they fit in `limit` pt; force: at least one
 * (a fresh page, so a queue always drains and a note, no taller than a
 * page, never overflows). */
static void foot_fit(const struct layout *L, struct foot *f, double limit, int force)
{
	while (f->n_fit < f->n) {
		double r = foot_with(L, f, f->room, f->n_fit, f->id[f->n_fit]);
		if (r > limit + 0.01 && !(force && f->n_fit == 0))
			break;
		f->room = r;
		f->n_fit++;
	}
}

/* Give back the notes taken by items from j on (the break moved back). */
static void foot_drop(const struct layout *L, struct foot *f, size_t j)
{
	while (f->n && f->by[f->n - 1] >= j)
		f->taken[f->id[--f->n]] = 0;
	if (f->n_fit > f->n)
		f->n_fit = f->n;
	f->room = 0;
	for (size_t k = 0; k < f->n_fit; k++)
		f->room = foot_with(L, f, f->room, k, f->id[k]);
}

/* Place the reserved notes on the last page, stacked up from the bottom of
 * the text area under the rule, top-down so they read in order. */
static void foot_place(struct layout *L, struct foot *f)
{
	if (!f->n_fit)
		return;
	double y = L->body_h - f->room;
	if (L->note_rule >= 0) {
		add_place(L, (size_t)L->note_rule, y);
		y += f->rule_h;
	}
	for (size_t k = 0; k < f->n_fit; k++) {
		const struct note *n = &L->notes[f->id[k]];
		if (k)
			y += L->note_gap;
		for (size_t q = n->first; q < n->first + n->count; q++) {
			if (q > n->first)
				y += L->items[q].space_before;
			add_place(L, q, y);
			y += L->items[q].height;
		}
	}
	memmove(f->id, f->id + f->n_fit, (f->n - f->n_fit) * sizeof *f->id);
	memmove(f->by, f->by + f->n_fit, (f->n - f->n_fit) * sizeof *f->by);
	f->n -= f->n_fit;
	f->n_fit = 0;
	f->room = 0;
}

/* A page holding only notes still queued, before a new lesson starts. */
static void notes_page(struct layout *L, struct foot *f, int front)
{
	struct item t;
	memset(&t, 0, sizeof t);
	t.lesson = L->n_pages ? L->pages[L->n_pages - 1].lesson : -1;
	open_page(L, &t, front);
	foot_fit(L, f, L->body_h, 1);
	foot_place(L, f);
}

/* Note id joins the queue, taken by item `by`. */
static void foot_queue(struct foot *f, int id, size_t by)
{
	f->id = xgrow(f->id, &f->cap, f->n + 1, sizeof *f->id);
	f->by = xrealloc(f->by, f->cap * sizeof *f->by);
	f->id[f->n] = id;
	f->by[f->n++] = by;
	f->taken[id] = 1;
}

/* Where the page breaker stands: the notes waiting, the page being
 * filled and the item at hand. */
struct pager {
	struct layout *L;
	struct foot f;
	int *fresh;           /* notes the item at hand would bring */
	size_t n_fresh, cap_fresh;
	int front;            /* pages are front matter */
	size_t i;             /* the item at hand */
	int open;             /* a page is being filled */
	double y;             /* pt used on it so far */
	size_t page_first;    /* first item (not header copy) on the page */
	size_t header_places; /* header copies at the top of this page */
	int carried;          /* the page opened with notes run on from the last */
	size_t page0;         /* the run's first page: recto items count from it */
};

static void pager_init(struct pager *P, struct layout *L, size_t first, int front)
{
	memset(P, 0, sizeof *P);
	P->L = L;
	P->f.rule_h = L->note_rule >= 0 ? L->items[L->note_rule].height : 0;
	P->f.taken = xcalloc(L->n_notes + 1, 1);
	P->f.h = xcalloc(L->n_notes + 1, sizeof *P->f.h);
	for (size_t k = 0; k < L->n_notes; k++)
		P->f.h[k] = layout_note_height(L, (int)k);
	P->front = front;
	P->i = first;
	P->page_first = first;
	P->page0 = L->n_pages;
}

static void pager_free(struct pager *P)
{
	free(P->fresh);
	free(P->f.id);
	free(P->f.by);
	free(P->f.h);
	free(P->f.taken);
}

/* The page item it goes on: the open one, unless it starts a lesson (the
 * page is then finished), else a new one headed by the notes run on. */
static struct page *page_for(struct pager *P, const struct item *it)
{
	struct layout *L = P->L;
	struct page *pg = P->open ? &L->pages[L->n_pages - 1] : NULL;
	if (P->open && it->new_page && pg->count > P->header_places) {
		foot_place(L, &P->f);
		P->open = 0;
	}
	if (P->open && it->new_page && it->recto && pg->count == 0 &&
	    (L->n_pages - 1 - P->page0) % 2) {
		pg->blank = 1;
		P->open = 0;
	}
	if (P->open)
		return pg;
	/* a lesson's notes stay in its pages */
	while (P->f.n && it->new_page)
		notes_page(L, &P->f, P->front);
	/* a duplex chapter opens on a right-hand page: its verso stays blank */
	if (it->new_page && it->recto && (L->n_pages - P->page0) % 2)
		layout_blank_page(L, P->front);
	open_page(L, it, P->front);
	P->open = 1;
	P->y = 0;
	P->page_first = P->i;
	P->header_places = 0;
	foot_fit(L, &P->f, L->body_h, 1);
	P->carried = P->f.n_fit > 0;
	return &L->pages[L->n_pages - 1];
}

/* The notes item it refers to that are not queued yet, each once. */
static void collect_fresh(struct pager *P, const struct item *it)
{
	struct layout *L = P->L;
	P->n_fresh = 0;
	for (size_t r = it->ref_first; r < it->ref_first + it->n_refs; r++) {
		int id = L->refs[r];
		if (!L->notes[id].count || P->f.taken[id])
			continue;
		size_t k = 0;
		while (k < P->n_fresh && P->fresh[k] != id)
			k++;
		if (k == P->n_fresh) {
			P->fresh = xgrow(P->fresh, &P->cap_fresh, P->n_fresh + 1,
					 sizeof *P->fresh);
			P->fresh[P->n_fresh++] = id;
		}
	}
}

/* Room the foot of the page takes if item it goes on it. */
static double foot_room(const struct pager *P, const struct item *it)
{
	const struct layout *L = P->L;
	const struct foot *f = &P->f;
	double room = f->room, alone = 0;
	if (f->n == f->n_fit)
		for (size_t k = 0; k < P->n_fresh; k++) {
			room = foot_with(L, f, room, f->n_fit + k, P->fresh[k]);
			alone = foot_with(L, f, alone, k, P->fresh[k]);
		}
	/* notes that would not fit under their item on any page: moving
	 * the item on gains nothing, so it stays and they run over */
	if (it->height + alone > L->body_h + 0.01)
		room = f->room;
	return room;
}

/* The item at hand does not fit: end the page, moving the break back
 * over the items that must stay with it. */
static void break_page(struct pager *P, struct page *pg)
{
	struct layout *L = P->L;
	size_t i = P->i, j = i;
	/* notes' items are not in the flow: look through them */
	while (j > P->page_first && (L->items[j - 1].keep_next || L->items[j - 1].note))
		j--;
	if (j > P->page_first) {
		while (pg->count > P->header_places && L->places[L->n_places - 1].item >= j) {
			L->n_places--;
			pg->count--;
		}
		foot_drop(L, &P->f, j);
		P->i = j;
	} else if (P->carried && i > P->page_first) {
		/* a kept group cut short by notes run on from the page
		 * before: leave that page to the notes rather than split the
		 * group (the next page, with none, takes it whole) */
		L->n_places -= pg->count;
		pg->count = 0;
		foot_drop(L, &P->f, P->page_first);
		P->i = P->page_first;
	}
	foot_place(L, &P->f);
	P->open = 0;
}

/* Put the item at hand on the page, gap below what is there, and queue
 * its notes. */
static void place_item(struct pager *P, struct page *pg, const struct item *it, double gap)
{
	struct layout *L = P->L;
	size_t i = P->i;
	if (pg->count == 0 && it->table_header >= 0 && (size_t)it->table_header < i) {
		struct item *h = &L->items[it->table_header];
		add_place(L, (size_t)it->table_header, 0);
		P->y = h->height;
		P->header_places = 1;
		gap = 0;
	}
	add_place(L, i, P->y + gap);
	P->y += gap + it->height;
	for (size_t k = 0; k < P->n_fresh; k++)
		foot_queue(&P->f, P->fresh[k], i);
	/* on an empty page the item went in whatever its notes: those
	 * without room wait for the next page */
	foot_fit(L, &P->f, L->body_h - P->y, 0);
	P->i++;
}

void layout_paginate(struct layout *L, size_t first, int front)
{
	struct pager P;
	pager_init(&P, L, first, front);
	while (P.i < L->n_items) {
		struct item *it = &L->items[P.i];
		if (it->note) {
			P.i++;
			continue;
		}
		struct page *pg = page_for(&P, it);
		int empty = pg->count == P.header_places && P.f.n_fit == 0;
		if (pg->count == 0 && it->discard_at_top && !it->new_page) {
			P.i++;
			continue;
		}
		double gap = pg->count == 0 ? 0 : it->space_before;
		collect_fresh(&P, it);
		double room = foot_room(&P, it);
		if (!empty && P.y + gap + it->height + room > L->body_h + 0.01)
			break_page(&P, pg);
		else
			place_item(&P, pg, it, gap);
	}
	if (P.open)
		foot_place(L, &P.f);
	while (P.f.n)
		notes_page(L, &P.f, front);
	/* only discarded items were left for the last page */
	if (P.open && L->n_pages && L->pages[L->n_pages - 1].count == 0)
		L->n_pages--;
	pager_free(&P);
}

void layout_resolve_dests(struct layout *L)
{
	/* every op of a big book, walked again at each of four calls, was 2 %
	 * of a 1,000-lesson build */
	size_t from = L->dests_done ? L->dests_done - 1 : 0;
	if (from > L->n_pages)
		from = L->n_pages;
	L->dests_done = L->n_pages;
	for (size_t pi = from; pi < L->n_pages; pi++) {
		const struct page *pg = &L->pages[pi];
		for (size_t k = pg->first; k < pg->first + pg->count; k++) {
			const struct item *it = &L->items[L->places[k].item];
			for (size_t o = it->op_first; o < it->op_first + it->op_count; o++) {
				const struct op *op = &L->ops[o];
				if (op->kind != OP_DEST)
					continue;
				struct dest *d = &L->dests[op->target];
				if (d->page >= 0)
					continue;
				d->page = (int)pi;
				d->y = L->body_y + L->places[k].y + op->y;
			}
		}
	}
}
