/* device_pages.c — every page of the book, drawn on -j threads.
 *
 * Page content streams are independent of each other, so each page is
 * drawn (device_draw.c) and deflated on whichever thread is free, into
 * buffers of its own. libharu is not thread-safe and numbers its objects
 * in the order they are made, so only the calling thread touches it:
 * it takes the pages back in drawing order, replays each one's events
 * (fonts made on first use, resource names, link annotations, the
 * marked-content record for the structure tree) and puts its deflated
 * content into the page. The file is therefore the same at any -j, and
 * the same as when the pages were drawn one after the other.
 *
 * The same threads make the fonts' subsets: a font's objects are made
 * when a page handed back first uses it, and its subset (which only
 * needs the characters the whole book shows, known before any page is
 * drawn) then goes before any page still to draw, the longest jobs
 * first. A thread per font instead cost a thread's start for each of a
 * small book's eight fonts and ran them beside the pages on every core.
 *
 * Threads run at most DRAW_WINDOW pages ahead of the page being handed
 * back, so finished pages do not pile up in memory. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/zflate.h"
#include "pdf/device_impl.h"
#include "pdf/pdffont.h"

#define DRAW_WINDOW 64

/* A page drawn, waiting to be handed back. */
struct slot {
	struct page_draw pd;
	struct buf z; /* pd.raw deflated */
	int z_ok;     /* else pd.raw is kept and goes in plain */
	int ready;
	int by;       /* the thread that drew it: 0 the calling one, else a worker's number */
};

struct scan;

struct drawing {
	struct draw_ctx c;
	const size_t *order;
	size_t n;
	/* first the scan for the characters shown (scan_pages): runs taken
	 * in turn, the count done, and whether the calling thread has put
	 * their results together (the pages are drawn only then) */
	struct scan *sc;
	size_t scan_next, scan_done;
	int scanned;
	struct slot *s; /* by drawing order */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;     /* the next page to draw */
	size_t returned; /* pages [0, returned) are in libharu */
	int workers;     /* numbers given to the workers so far */
	/* fonts whose subset is to make, in the order they were made */
	struct pdffont *fonts[FONTSET_MAX];
	int n_fonts, next_font;
	unsigned char queued[FONTSET_MAX];
};

/* A thread's buffers for drawing and deflating a page, used again for
 * every page it draws. A page's buffers used to start small and double
 * as it was drawn, each page afresh: some ten reallocs a page, each of
 * them copying. And a buffer's first few bytes came from the thread's
 * malloc cache, which can hold memory of another thread's arena (cached
 * when this thread freed it); every realloc then grew it in that arena,
 * and the page's buffers stayed there, page after page, waiting for the
 * thread that owns the arena: in one 2,000-lesson build in eight the
 * drawing thread and the calling one made 7,000 futex calls instead of
 * 300. Now a page keeps only copies of its final size. */
struct scratch {
	struct page_draw pd;
	struct buf z;
	int by; /* the thread: 0 the calling one, else a worker's number */
};

static void scratch_free(struct scratch *w)
{
	buf_free(&w->pd.raw);
	free(w->pd.ev);
	buf_free(&w->z);
}

/* n bytes at p in a buffer of their own, exactly as large. */
static void copy_exact(struct buf *b, const char *p, size_t n)
{
	b->ptr = xmalloc(n + 1);
	memcpy(b->ptr, p, n);
	b->ptr[n] = '\0';
	b->len = n;
	b->cap = n + 1;
}

static void draw_one(struct drawing *D, size_t i, struct scratch *w)
{
	struct slot *s = &D->s[i];
	struct page_draw *pd = &w->pd;
	buf_clear(&pd->raw);
	pd->n_ev = 0;
	pd->error = 0;
	draw_page(&D->c, D->order[i], i, pd);
	buf_clear(&w->z);
	s->z_ok = zflate(pd->raw.ptr ? pd->raw.ptr : "", pd->raw.len, &w->z) == 0;
	if (s->z_ok)
		copy_exact(&s->z, w->z.ptr, w->z.len);
	else
		copy_exact(&s->pd.raw, pd->raw.ptr ? pd->raw.ptr : "", pd->raw.len);
	s->pd.error = pd->error;
	s->pd.n_ev = s->pd.cap_ev = pd->n_ev;
	if (pd->n_ev) {
		s->pd.ev = xmalloc(pd->n_ev * sizeof *pd->ev);
		memcpy(s->pd.ev, pd->ev, pd->n_ev * sizeof *pd->ev);
	}
}

/* Under D->mu: the next job, if one may be run now: a font's subset, or
 * else the next page. *font is the font, or NULL for page *i. */
static int take(struct drawing *D, size_t *i, struct pdffont **font)
{
	*font = NULL;
	if (D->next_font < D->n_fonts) {
		*font = D->fonts[D->next_font++];
		return 1;
	}
	if (D->next >= D->n || D->next >= D->returned + DRAW_WINDOW)
		return 0;
	*i = D->next++;
	return 1;
}

/* Run the job take() gave on the thread whose buffers are w, with D->mu
 * held on entry and on return. */
static void run_job(struct drawing *D, size_t i, struct pdffont *font, struct scratch *w)
{
	pthread_mutex_unlock(&D->mu);
	if (font)
		pdffont_make(font);
	else
		draw_one(D, i, w);
	pthread_mutex_lock(&D->mu);
	if (!font) {
		D->s[i].ready = 1;
		D->s[i].by = w->by;
	}
}

/* Under D->mu: worker `by` frees the events of the pages it drew that
 * have been handed back since *from. Each thread frees what it drew, in
 * its own malloc arena: the calling thread, freeing them as it handed
 * the pages back, waited for the worker's arena while the worker drew.
 * With this and the threads' own page buffers (struct scratch), 2,000
 * lessons make about 300 futex calls in all, where they made 1,000 to
 * 1,500. */
static void free_spent(struct drawing *D, int by, size_t *from)
{
	for (; *from < D->returned; (*from)++) {
		struct slot *s = &D->s[*from];
		if (s->by == by) {
			free(s->pd.ev);
			s->pd.ev = NULL;
		}
	}
}

static void scan_runs(struct drawing *D);

/* A thread's jobs until every page is drawn: its share of the scan, and
 * then, once the calling thread has put the scan together, pages and
 * fonts; a font made after that is left to the calling thread
 * (pdffont_finish). */
static void *worker(void *arg)
{
	struct drawing *D = arg;
	size_t spent = 0;
	struct scratch w;
	memset(&w, 0, sizeof w);
	pthread_mutex_lock(&D->mu);
	w.by = ++D->workers;
	scan_runs(D);
	while (!D->scanned)
		pthread_cond_wait(&D->cv, &D->mu);
	while (D->next < D->n || D->next_font < D->n_fonts) {
		size_t i = 0;
		struct pdffont *font;
		free_spent(D, w.by, &spent);
		if (!take(D, &i, &font)) {
			pthread_cond_wait(&D->cv, &D->mu);
			continue;
		}
		run_job(D, i, font, &w);
		pthread_cond_broadcast(&D->cv);
	}
	pthread_mutex_unlock(&D->mu);
	scratch_free(&w);
	return NULL;
}

/* Under D->mu: the fonts page hand-backs made since the last call, for
 * the threads to make. */
static void queue_fonts(struct device *dv, struct drawing *D)
{
	for (int id = 0; id < FONTSET_MAX; id++)
		if (dv->font_objs[id] && !D->queued[id]) {
			D->queued[id] = 1;
			D->fonts[D->n_fonts++] = dv->font_objs[id];
		}
}

/* The name libharu gave a resource should be the one the page was drawn
 * with; if it is not, the file would be wrong: fail it instead. */
static void check_name(struct device *dv, const char *got, char kind, int number)
{
	char want[24];
	want[0] = kind;
	*fmt_uint(want + 1, (unsigned)number) = '\0';
	if ((!got || strcmp(got, want)) && !dv->error)
		dv->error = HPDF_INVALID_OBJECT;
}

/* A link annotation over the op's area, to a destination or a URI. */
static void make_link(struct device *dv, const struct layout *L, HPDF_Page pg,
		      const struct draw_ev *ev, size_t page, size_t key)
{
	const struct op *o = ev->p;
	double H = L->page_h, ox = ev->ox, oy = ev->oy;
	if (o->target < 0 || (size_t)o->target >= L->n_links)
		return;
	const struct link *lk = &L->links[o->target];
	if (dv->n_links >= DEVICE_MAX_LINKS) {
		if (dv->links_cut_lesson == -2)
			dv->links_cut_lesson = ev->lesson;
		return;
	}
	dv->n_links++;
	HPDF_Rect r = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
		       (HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y))};
	HPDF_Annotation a = NULL;
	if (lk->dest >= 0) {
		HPDF_Destination d = device_dest(dv, L, lk->dest);
		if (d)
			a = device_link_annot(dv, pg, r, d, NULL);
	} else if (lk->uri && strlen(lk->uri) <= DEVICE_MAX_URI) {
		a = device_link_annot(dv, pg, r, NULL, lk->uri);
	}
	if (a) {
		if (dv->tagged) {
			struct marker m;
			memset(&m, 0, sizeof m);
			m.force = ev->a;
			m.cur = ev->b;
			m.cur_artifact = ev->c;
			m.page = (int)page;
			m.key = key;
			mark_annot(dv, &m, L, a, o->target);
		}
	}
}

/* Hand page i back to libharu: its events, then its content. */
static void hand_back(struct device *dv, const struct layout *L, struct drawing *D, size_t i)
{
	struct slot *s = &D->s[i];
	size_t page = D->order[i];
	HPDF_Page pg = dv->pages[page];
	for (size_t k = 0; k < s->pd.n_ev; k++) {
		const struct draw_ev *ev = &s->pd.ev[k];
		switch (ev->kind) {
		case EV_FONT_MAKE:
			device_font(dv, ev->a);
			break;
		case EV_FONT_NAME: {
			HPDF_Font f = device_font(dv, ev->a);
			if (f)
				check_name(dv, HPDF_Page_GetLocalFontName(pg, f), 'F', ev->b);
			break;
		}
		case EV_XOBJECT:
			check_name(dv, HPDF_Page_GetXObjectName(pg, dv->images[ev->a]), 'X', ev->b);
			break;
		case EV_MARK:
			dv->marks = xgrow(dv->marks, &dv->cap_marks, dv->n_marks + 1, sizeof *dv->marks);
			dv->marks[dv->n_marks++] = (struct mark){ev->a, ev->b, (int)page, i, NULL};
			break;
		case EV_LINK_TEXT:
			mark_link_text(dv, ev->a, ev->p, ev->n);
			break;
		case EV_LINK:
			make_link(dv, L, pg, ev, page, i);
			break;
		}
	}
	if (s->pd.error && !dv->error)
		dv->error = s->pd.error;
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	if (!dv->error && a && a->contents) {
		if (s->z_ok) {
			device_store_deflated(a->contents, &s->z);
			a->stream = a->contents->stream; /* the page's own pointer to it */
		} else /* libharu deflates it at save, as its own */
			HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)s->pd.raw.ptr,
					  (HPDF_UINT)s->pd.raw.len);
	}
	/* what the page did not take: its deflated bytes after an error,
	 * its plain ones (copied into libharu) when deflating failed */
	buf_free(&s->z);
	buf_free(&s->pd.raw);
	if (s->by == 0) { /* drawn here; a worker frees its own (free_spent) */
		free(s->pd.ev);
		s->pd.ev = NULL;
	}
}

/* Remember which code points of font id text s shows, in bits (one
 * bit per code point below top). */
static void mark_shown(unsigned char *bits, uint32_t top, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		if (cp < top && cp != 0xFFFF) /* U+FFFF is no character; the cmap's end marker */
			bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		i += len;
	}
}

/* to[0..n) |= from[0..n), eight bytes at a time: the byte loop, which
 * the compiler could not widen (to might overlap from, as far as it
 * knew), was 2.3M instructions on the thread every stage waits for, for
 * a small book's fonts. */
static void or_bits(unsigned char *restrict to, const unsigned char *restrict from, size_t n)
{
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint64_t a, b;
		memcpy(&a, to + k, 8);
		memcpy(&b, from + k, 8);
		a |= b;
		memcpy(to + k, &a, 8);
	}
	for (; k < n; k++)
		to[k] |= from[k];
}

/* Pages are scanned for the characters they show in this many runs, on
 * the drawing's threads, each into bitmaps of its own. */
#define SCAN_RUNS 8

struct scan {
	const struct device *dv;
	const struct layout *L;
	const size_t *order;
	size_t n;
	unsigned char *bits[SCAN_RUNS][FONTSET_MAX];
};

static void scan_run(void *ctx, size_t r)
{
	struct scan *sc = ctx;
	const struct layout *L = sc->L;
	const struct fontset *fs = sc->dv->fs;
	for (size_t i = sc->n * r / SCAN_RUNS; i < sc->n * (r + 1) / SCAN_RUNS; i++) {
		const struct page *page = &L->pages[sc->order[i]];
		for (size_t k = page->first; k <= page->first + page->count; k++) {
			long item = k < page->first + page->count ? (long)L->places[k].item : page->furniture;
			if (item < 0)
				continue;
			const struct item *it = &L->items[item];
			for (size_t j = it->op_first; j < it->op_first + it->op_count; j++) {
				const struct op *o = &L->ops[j];
				if (o->kind != OP_TEXT || !o->len || o->font < 0 || o->font >= fs->n)
					continue;
				uint32_t top = fs->f[o->font].n_cp; /* beyond the BMP for a system font */
				unsigned char **bits = &sc->bits[r][o->font];
				if (!*bits)
					*bits = xcalloc(top / 8, 1);
				mark_shown(*bits, top, layout_op_text(L, o), o->len);
			}
		}
	}
}

/* Under D->mu: scan runs until none is left to take. */
static void scan_runs(struct drawing *D)
{
	while (D->scan_next < SCAN_RUNS) {
		size_t r = D->scan_next++;
		pthread_mutex_unlock(&D->mu);
		scan_run(D->sc, r);
		pthread_mutex_lock(&D->mu);
		if (++D->scan_done == SCAN_RUNS)
			pthread_cond_broadcast(&D->cv);
	}
}

/* Every character each font will show, before any font object is made
 * (each font embeds exactly the glyphs it draws), found by the drawing's
 * threads (scan_runs) before they draw: a big book's text, walked a
 * character at a time, was 16 ms of the calling thread. Then, tagged,
 * which places show an item that stood on an earlier page already. */
static unsigned char *scan_pages(struct device *dv, struct drawing *D)
{
	const struct layout *L = D->c.L;
	const size_t *order = D->order;
	size_t n = D->n;
	struct scan *sc = D->sc;
	pthread_mutex_lock(&D->mu);
	scan_runs(D);
	while (D->scan_done < SCAN_RUNS)
		pthread_cond_wait(&D->cv, &D->mu);
	pthread_mutex_unlock(&D->mu);
	for (int id = 0; id < dv->fs->n; id++) {
		size_t bytes = dv->fs->f[id].n_cp / 8;
		for (size_t r = 0; r < SCAN_RUNS; r++) {
			unsigned char *b = sc->bits[r][id];
			if (!b)
				continue;
			if (!dv->shown[id]) {
				dv->shown[id] = b;
				continue;
			}
			or_bits(dv->shown[id], b, bytes);
			free(b);
		}
	}
	dv->shown_ready = 1;
	if (!dv->tagged)
		return NULL;
	unsigned char *again = xcalloc(L->n_places ? L->n_places : 1, 1);
	unsigned char *seen = xcalloc(L->n_items ? L->n_items : 1, 1);
	for (size_t i = 0; i < n; i++) {
		const struct page *page = &L->pages[order[i]];
		for (size_t k = page->first; k < page->first + page->count; k++) {
			size_t item = L->places[k].item;
			again[k] = seen[item];
			seen[item] = 1;
		}
	}
	free(seen);
	return again;
}

void device_draw(struct device *dv, const struct layout *L, const size_t *order, size_t n)
{
	struct drawing D;
	memset(&D, 0, sizeof D);
	D.c.dv = dv;
	D.c.L = L;
	D.order = order;
	D.n = n;
	D.s = xcalloc(n ? n : 1, sizeof *D.s);
	struct scan *sc = D.sc = xcalloc(1, sizeof *sc);
	sc->dv = dv;
	sc->L = L;
	sc->order = order;
	sc->n = n;
	pthread_mutex_init(&D.mu, NULL);
	pthread_cond_init(&D.cv, NULL);
	/* the threads start first and scan while this thread makes the
	 * pages in libharu, which only it may touch: one start of a thread
	 * for both stages, where the scan had a pool of its own */
	int jobs = dv->jobs > 0 ? dv->jobs : 1;
	pthread_t *t = xcalloc((size_t)jobs, sizeof *t);
	int started = 0;
	for (int k = 1; k < jobs && (size_t)k < n; k++)
		if (thread_start(&t[started], worker, &D) == 0)
			started++;
	dv->pages = xcalloc(L->n_pages ? L->n_pages : 1, sizeof *dv->pages);
	dv->dests = xcalloc(L->n_dests ? L->n_dests : 1, sizeof *dv->dests);
	dv->n_pages = L->n_pages;
	for (size_t i = 0; i < n; i++) {
		HPDF_Page pg = HPDF_AddPage(dv->pdf);
		HPDF_Page_SetWidth(pg, (HPDF_REAL)L->page_w);
		HPDF_Page_SetHeight(pg, (HPDF_REAL)L->page_h);
		if (dv->tagged) /* links are visited in the structure's order */
			HPDF_Dict_AddName(pg, "Tabs", "S");
		dv->pages[order[i]] = pg;
	}
	D.c.again = scan_pages(dv, &D);
	uint16_t *codes[FONTSET_MAX] = {0};
	for (int id = 0; id < dv->fs->n; id++)
		D.c.codes[id] = codes[id] = pdffont_glyph_codes(&dv->fs->f[id], dv->shown[id]);
	pthread_mutex_lock(&D.mu);
	D.scanned = 1;
	pthread_cond_broadcast(&D.cv);
	pthread_mutex_unlock(&D.mu);
	/* this thread hands the pages back in order, and draws while the
	 * next one is not ready */
	struct scratch mine;
	memset(&mine, 0, sizeof mine);
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&D.mu);
		while (!D.s[i].ready) {
			size_t k = 0;
			struct pdffont *font;
			if (take(&D, &k, &font))
				run_job(&D, k, font, &mine);
			else
				pthread_cond_wait(&D.cv, &D.mu);
		}
		pthread_mutex_unlock(&D.mu);
		hand_back(dv, L, &D, i);
		pthread_mutex_lock(&D.mu);
		D.returned = i + 1;
		queue_fonts(dv, &D);
		pthread_cond_broadcast(&D.cv);
		pthread_mutex_unlock(&D.mu);
	}
	scratch_free(&mine);
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
	pthread_mutex_destroy(&D.mu);
	pthread_cond_destroy(&D.cv);
	for (size_t i = 0; i < n; i++) /* what the workers left when they ended */
		free(D.s[i].pd.ev);
	free(D.s);
	free(D.sc);
	free((void *)D.c.again);
	for (int id = 0; id < FONTSET_MAX; id++)
		free(codes[id]);
}
