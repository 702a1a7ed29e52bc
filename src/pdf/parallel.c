/* parallel.c — the lessons laid out on several threads (-j). Every
 * lesson starts on a new page, so runs of consecutive lessons ("chunks")
 * can be laid out apart: each in a context of its own (a copy of the
 * book's struct pdf with its own layout store, paragraph, outline, index
 * marks and diagnostics) that only reads what the book shares (the
 * style, the fonts, already loaded, the patterns, the pictures, already
 * made, the cmark trees). The main thread lays out chunks too and, between
 * them, joins the ones done in lesson order (so joining overlaps the
 * others' layout, and a chunk's store is freed early): layout_append
 * moves each store into the book's, the outline and
 * index marks follow with their destinations renamed, the diagnostics
 * come out in order, and what depends on the lessons before (title
 * warnings, the last huge word, cut titles) is decided then, on the
 * book's context (pdf_defer). The PDF is the bytes -j 1 writes.
 *
 * One thing a chunk cannot know is checked when it is joined, and the
 * chunk is laid out again on the book's context, as -j 1 does, when it
 * differs: rarely, a footnote rule made while a heading kept items. (A
 * lesson starts from the column's width limit, whatever the lesson
 * before left, so a chunk needs nothing else from the lessons before it.)
 * A character that needs a system
 * font (fontconfig, which changes the shared fonts and whose order
 * decides font ids) stops the threads: the lessons before it are laid out
 * in a round of their own, that lesson on the main thread, and the rest
 * in a new round. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "pdf/pdf.h"
#include "pdf/print.h"

struct pdf_log {
	struct pdf_event *v;
	size_t n, cap;
};

struct chunk {
	size_t first, end;  /* lessons [first, end) */
	struct pdf W;       /* its context, once laid out */
	struct diags d;
	struct pdf_log log;
	int ok;             /* laid out to the end */
	int done;           /* its thread is through (under team.lock) */
	size_t need;        /* the lesson that needs a system font, or -1 */
};

struct team {
	struct pdf base;    /* the book's context as the round starts: the
			     * threads copy this, never P, which the main
			     * thread changes as it joins chunks */
	size_t from;        /* the first lesson of this round */
	struct chunk *c;
	size_t n;
	/* A lock, not atomics, orders the threads' hand-overs: helgrind
	 * (make tsan) understands locks only, and a lock a chunk or a lesson
	 * costs nothing beside laying them out. */
	pthread_mutex_t lock;
	size_t next;        /* next chunk to take */
	int stop;           /* a system font is needed: the round ends */
	size_t joined;      /* chunks joined to P so far (main thread only) */
};

/* The next chunk to lay out, or NULL. */
static struct chunk *take(struct team *t)
{
	pthread_mutex_lock(&t->lock);
	struct chunk *c = t->next < t->n ? &t->c[t->next++] : NULL;
	pthread_mutex_unlock(&t->lock);
	return c;
}

static void set_flag(struct team *t, int *flag)
{
	pthread_mutex_lock(&t->lock);
	*flag = 1;
	pthread_mutex_unlock(&t->lock);
}

static int get_flag(struct team *t, const int *flag)
{
	pthread_mutex_lock(&t->lock);
	int v = *flag;
	pthread_mutex_unlock(&t->lock);
	return v;
}

void pdf_defer(struct pdf *P, struct pdf_event e)
{
	struct pdf_log *g = P->log;
	e.n_diags = P->d->n;
	g->v = xgrow(g->v, &g->cap, g->n + 1, sizeof *g->v);
	g->v[g->n++] = e;
}

/* W: a context for laying out lessons apart from P. */
static void ctx_open(struct pdf *W, const struct pdf *P, struct diags *d, struct pdf_log *log)
{
	*W = *P;
	W->d = d;
	W->log = log;
	W->fs.frozen = 1;
	W->fs.sys_needed = 0;
	layout_init_part(&W->L, &P->L);
	W->L.m.ctx = W;
	para_init(&W->para);
	W->warned = NULL;
	W->n_warned = W->cap_warned = 0;
	W->twarned = NULL;
	W->n_twarned = W->cap_twarned = 0;
	W->fn_note = NULL;
	W->n_fn_note = W->cap_fn_note = 0;
	W->fn_defs = NULL;
	W->n_fn_defs = W->cap_fn_defs = 0;
	W->ol = NULL;
	W->n_ol = W->cap_ol = 0;
	W->print = NULL;
	W->part_bk = NULL;
	W->part_o = NULL;
	W->cut_lessons = W->cut_sections = NULL;
	W->cut_course = W->cut_author = NULL;
	memset(W->cut_at, 0, sizeof W->cut_at);
	W->ix_dest = P->ix_dest ? xcalloc(P->ix.n_occ + 1, sizeof *W->ix_dest) : NULL;
	W->title_at = NULL;
	W->quiet = 0;
	W->rule_kept = 0;
	W->dev_ready = W->layout_ready = 0;
}

static void ctx_close(struct pdf *W)
{
	layout_free(&W->L);
	pdf_walker_free(W);
	free(W->ix_dest);
}

static void run_chunk(struct team *t, struct chunk *c)
{
	ctx_open(&c->W, &t->base, &c->d, &c->log);
	/* its share of the book's Markdown, as if lessons were alike */
	const struct book *b = t->base.b;
	layout_reserve(&c->W.L, b->text_bytes / b->n_lessons * (c->end - c->first));
	for (size_t i = c->first; i < c->end; i++) {
		if (get_flag(t, &t->stop))
			return;
		pdf_layout_lesson(&c->W, i);
		if (c->W.fs.sys_needed) {
			c->need = i;
			set_flag(t, &t->stop);
			return;
		}
	}
	c->ok = 1;
}

static void *worker(void *arg)
{
	struct team *t = arg;
	for (struct chunk *c; (c = take(t));) {
		run_chunk(t, c);
		set_flag(t, &c->done);
	}
	return NULL;
}

/* The chunk's diagnostics and deferred warnings, in order, on P. */
static void replay(struct pdf *P, struct chunk *c)
{
	size_t next = 0;
	for (size_t e = 0; e <= c->log.n; e++) {
		size_t upto = e < c->log.n ? c->log.v[e].n_diags : c->d.n;
		for (; next < upto; next++) {
			const struct diag *g = &c->d.v[next];
			diag_add(P->d, g->sev, g->path, g->line, g->col, "%s", g->msg);
		}
		if (e == c->log.n)
			break;
		const struct pdf_event *v = &c->log.v[e];
		switch (v->kind) {
		case DEFER_TITLE_CHAR:
			P->title_at = v->at;
			pdf_warn_char(P, v->cp, NULL, 0);
			P->title_at = NULL;
			break;
		case DEFER_HUGE:
			pdf_huge_warn(P, v->path, v->line, v->col);
			break;
		case DEFER_SECTION:
			pdf_section_title(P, v->index);
			break;
		case DEFER_LESSON:
			pdf_lesson_title(P, v->index);
			break;
		case DEFER_COURSE:
			pdf_course_title(P);
			break;
		case DEFER_AUTHOR:
			pdf_author(P);
			break;
		case DEFER_NO_QR:
			pdf_no_qr_warn(P, v->path);
			break;
		}
	}
}

/* The state the chunk's last lesson leaves that the next lesson, or the
 * book's back matter, may read. */
static void take_state(struct pdf *P, struct pdf *W, size_t base_items)
{
	P->li = W->li;
	P->les = W->les;
	P->gap = W->gap;
	P->skip_h1 = W->skip_h1;
	P->seen_content = W->seen_content;
	P->lesson_first = base_items + W->lesson_first;
	P->para.max_width = W->para.max_width;
	P->para.hyphenate = W->para.hyphenate;
	P->warned = xgrow(P->warned, &P->cap_warned, W->n_warned + 1, sizeof *P->warned);
	if (W->n_warned)
		memcpy(P->warned, W->warned, W->n_warned * sizeof *P->warned);
	P->n_warned = W->n_warned;
}

/* Join chunk c's store, outline, index marks and diagnostics to P's. */
static void join(struct pdf *P, struct chunk *c)
{
	struct pdf *W = &c->W;
	replay(P, c);
	size_t base_items = P->L.n_items;
	int *dest = layout_append(&P->L, &W->L);
	for (size_t i = 0; i < W->n_ol; i++) {
		struct outline_entry e = W->ol[i];
		e.dest = e.dest >= 0 ? dest[e.dest] : e.dest;
		P->ol = xgrow(P->ol, &P->cap_ol, P->n_ol + 1, sizeof *P->ol);
		P->ol[P->n_ol++] = e;
	}
	W->n_ol = 0; /* the titles are P's now */
	for (size_t k = 0; W->ix_dest && k < P->ix.n_occ; k++)
		if (W->ix_dest[k])
			P->ix_dest[k] = dest[W->ix_dest[k] - 1] + 1;
	free(dest);
	take_state(P, W, base_items);
}

/* Whether chunk c, laid out from its guesses, is what one thread makes
 * after the chunks before it were joined to P. */
static int chunk_fits(const struct pdf *P, const struct chunk *c)
{
	return c->ok && !(c->W.rule_kept && P->L.note_rule >= 0);
}

/* Chunks of about equal lesson counts, 16 per thread: a thread that
 * drew short lessons takes another, and the stores laid out but not yet
 * joined stay small (4 per thread: 18 MB more at the peak for 1,000
 * lessons, 16: 12 MB, 32: 6 MB). Four lessons at least: each chunk
 * starts with a context of its own, its word memo empty. */
static struct chunk *plan(size_t from, size_t to, int jobs, size_t *n)
{
	size_t k = (size_t)jobs * 16, len = to - from;
	if (k > len / 4)
		k = len / 4 > 2 ? len / 4 : 2;
	if (k > len)
		k = len;
	struct chunk *c = xcalloc(k + 1, sizeof *c);
	for (size_t i = 0; i < k; i++) {
		c[i].first = from + len * i / k;
		c[i].end = from + len * (i + 1) / k;
		c[i].need = (size_t)-1;
		diag_init(&c[i].d);
	}
	*n = k;
	return c;
}

static void free_chunk(struct chunk *c)
{
	if (c->W.b)
		ctx_close(&c->W);
	diag_free(&c->d);
	free(c->log.v);
}

/* Join the chunks that are done, in order, while the threads still lay
 * out the others. Only a chunk that fits is joined now: one to lay out
 * again waits until the threads are through, since laying out on P may
 * ask fontconfig, which changes what they read. */
static void join_done(struct pdf *P, struct team *t)
{
	while (t->joined < t->n) {
		struct chunk *c = &t->c[t->joined];
		if (!get_flag(t, &c->done) || !chunk_fits(P, c))
			return;
		join(P, c);
		free_chunk(c);
		t->joined++;
	}
}

/* The threads and the main thread take chunks until none is left; the
 * main thread joins the ones done between its own. */
static void lay_out_chunks(struct pdf *P, struct team *t, int jobs)
{
	size_t n_th = (size_t)jobs - 1 < t->n ? (size_t)jobs - 1 : t->n;
	pthread_t *th = xcalloc(n_th + 1, sizeof *th);
	size_t started = 0;
	while (started < n_th && thread_start(&th[started], worker, t) == 0)
		started++;
	for (struct chunk *c; (c = take(t));) {
		run_chunk(t, c);
		set_flag(t, &c->done);
		join_done(P, t);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
}

static void lay_out_serially(struct pdf *P, size_t first, size_t end)
{
	for (size_t i = first; i < end; i++)
		pdf_layout_lesson(P, i);
}

/* Lessons [from, to) on several threads, joined to P in order (laid out
 * again on P where a chunk's guess was wrong). Returns the first lesson
 * not laid out: `to`, or the start of the first chunk that stopped for a
 * system font; *need then gets the first lesson found to need one. */
static size_t lay_out_round(struct pdf *P, size_t from, size_t to, int jobs, size_t *need)
{
	/* nothing the threads read may change as they read it */
	fontset_load_all(&P->fs);
	struct team *t = xcalloc(1, sizeof *t);
	t->base = *P;
	t->from = from;
	pthread_mutex_init(&t->lock, NULL);
	t->c = plan(from, to, jobs, &t->n);
	lay_out_chunks(P, t, jobs);
	for (; t->joined < t->n && t->c[t->joined].ok; t->joined++) {
		struct chunk *c = &t->c[t->joined];
		if (chunk_fits(P, c))
			join(P, c);
		else
			lay_out_serially(P, c->first, c->end);
		free_chunk(c);
	}
	size_t next = t->joined < t->n ? t->c[t->joined].first : to;
	for (size_t k = t->joined; k < t->n; k++) {
		if (t->c[k].need < *need)
			*need = t->c[k].need;
		free_chunk(&t->c[k]);
	}
	pthread_mutex_destroy(&t->lock);
	free(t->c);
	free(t);
	return next;
}

/* A book that needs system fonts in many places is laid out on one
 * thread after this many rounds. */
#define PDF_ROUNDS 8

/* Unless -j asks for threads, a book of less Markdown than this is laid
 * out on one thread: a thread's start, its cold memory and loading every
 * font of the theme cost more than they save. The 13-lesson Rust course
 * (40 KB, 35 pages) took 2 ms longer on two threads (its lessons 5.0 ->
 * 7.6 ms at best of 24 runs, even once chunks no longer laid out the
 * lesson before theirs again); 100 generated lessons (520 KB) 30 ms
 * shorter. */
#define PDF_PARALLEL_BYTES (128 * 1024)

void pdf_layout_lessons(struct pdf *P)
{
	size_t n = P->b->n_lessons, from = 0, upto = n;
	int jobs = jobs_or_cores(P->opt->jobs), rounds = 0;
	if (!P->opt->jobs && P->b->text_bytes < PDF_PARALLEL_BYTES)
		jobs = 1;
	/* A round ends at a lesson that needs a system font: fontconfig is
	 * asked on this thread alone, as -j 1 asks it, in lesson order, and
	 * then a new round starts from the book's fonts as they are now.
	 * upto: a lesson known to need one (n: none known). */
	while (from < n) {
		if (from == upto) {
			pdf_layout_lesson(P, from++);
			upto = n;
		} else if (jobs <= 1 || upto - from < 2 || rounds == PDF_ROUNDS) {
			lay_out_serially(P, from, rounds == PDF_ROUNDS ? n : upto);
			from = rounds == PDF_ROUNDS ? n : upto;
		} else {
			size_t need = n;
			rounds++;
			from = lay_out_round(P, from, upto, jobs, &need);
			if (from < upto)
				upto = need;
		}
	}
}
