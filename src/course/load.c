/* load.c — book_load(): a course folder (or one lesson file) in, a
 * struct book out: load → validate → order → parse → resolve. This file
 * keeps the order of the steps; each step has its own file.
 *
 * 1. Read every lesson candidate (the *.md files of the folder) and its
 *    front matter — in parallel, each lesson with its own diagnostics
 *    (files.c, on pool.c's threads).
 * 2. Decide the reading order: course.yml, else the `navigation` tree in
 *    the front matter (the majority's, when lessons disagree), else the
 *    previous/next chain, else natural file-name order (order.c,
 *    chain.c).
 * 3. For each lesson in the book, in parallel: Liquid, IAL markers,
 *    cmark-gfm, depth limit, IAL classes, heading ids (parse.c).
 * 4. Serially: the link map and the assets (images, covers), which need
 *    every lesson's headings and a shared asset table (links.c,
 *    assets.c); then the book's metadata (meta.c).
 * Diagnostics are appended in a fixed order afterwards (course, then each
 * lesson in reading order), so the output is the same for any -j. */
#include "course/course.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "base/strmap.h"
#include "base/util.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/yamlx.h"

/* Open the course and read course.yml and _config.yml. 0, or -1 when the
 * load cannot go on; *have_nav: course.yml gave the navigation. */
static int open_course_files(struct loader *L, struct nav *course_nav, int *have_nav)
{
	*have_nav = 0;
	if (open_course(L, &L->course_d))
		return -1;
	L->b->root = xstrdup(L->root.dir);
	if (!L->single) {
		int r = load_course_yml(L, course_nav, &L->course_d);
		if (r < 0)
			return -1;
		*have_nav = r == 0;
	}
	int r = read_yaml_file(L, "_config.yml", &L->config_yml, &L->config_yml_path, &L->course_d);
	if (r == 0 && L->config_yml.root && L->config_yml.root->type == Y_MAP)
		L->site = L->config_yml.root;
	if (find_includes(L, &L->course_d))
		return -1;
	if (L->n_cand == 0 && !*have_nav) {
		diag_add(&L->course_d, DIAG_ERROR, L->root.dir, 0, 0,
			 "no lessons: the folder holds no .md files");
		return -1;
	}
	return 0;
}

/* The book's lessons in reading order, each in its section, and the key
 * a link finds each by. */
static void fill_lessons(struct loader *L, const struct order *o)
{
	struct book *b = L->b;
	b->lessons = xcalloc(o->n ? o->n : 1, sizeof *b->lessons);
	size_t si = 0, left = b->n_sections ? b->sections[0].count : 0;
	for (size_t k = 0; k < o->n; k++) {
		while (left == 0 && si + 1 < b->n_sections)
			left = b->sections[++si].count;
		fill_lesson(L, &b->lessons[k], &L->cand[o->cand[k]], si);
		left--;
	}
	b->n_lessons = o->n;
	/* sections' first index: counted in order_push */
	size_t first = 0;
	for (size_t s = 0; s < b->n_sections; s++) {
		b->sections[s].first = first;
		first += b->sections[s].count;
	}
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson *l = &b->lessons[k];
		char *key = lesson_key(l->file);
		strmap_put(&L->lesson_by_key, key, strlen(key), (intptr_t)k);
		free(key);
	}
}

/* A book without a navigation tree has one section: name it. */
static void name_lone_section(struct book *b)
{
	if (b->n_sections == 1 && !*b->sections[0].title) {
		free(b->sections[0].title);
		b->sections[0].title = xstrdup(b->title);
		srcpos_set(&b->sections[0].title_at, b->title_at.path, b->title_at.line,
			   b->title_at.col);
	}
}

/* Steps 1 to 4 (see the top of this file) into L->b. 1 when the book can
 * be built, 0 when not; every problem found is in L's diagnostics. */
static int load_steps(struct loader *L, struct nav *course_nav, struct order *o)
{
	struct book *b = L->b;
	int have_nav, ok;
	const struct nav *used_nav;
	if (open_course_files(L, course_nav, &have_nav))
		return 0;

	/* 1. read every candidate */
	run_parallel(L->opt->jobs, L->n_cand, read_cand, L);

	/* 2. order */
	ok = order_lessons(L, have_nav ? course_nav : NULL, o, &used_nav) == 0;
	fill_lessons(L, o);

	/* a lesson that could not be read stops here, but every lesson is
	 * still checked so that all problems are reported in one run */
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson_priv *lp = b->lessons[k].front;
		if (!lp->fm_ok)
			ok = 0;
	}
	/* 3. parse, in parallel — every lesson that could be read, even
	 * when another could not, so one run reports every problem */
	parse_init();
	run_parallel(L->opt->jobs, b->n_lessons, parse_lesson, L);
	/* Positions need only the line maps from here on. A lesson's text
	 * is freed here, by this thread alone, and not by the thread that
	 * parsed it: that was as often as not another than the one that
	 * read it, and freeing into another thread's malloc arena waits
	 * for that arena, which cmark's allocations keep busy. */
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson_priv *lp = b->lessons[k].front;
		free(lp->text);
		lp->text = NULL;
		b->text_bytes += lp->body_len;
	}
	/* 4. covers (so a missing cover is reported at its front matter
	 * line), then links and images */
	set_covers(L);
	for (size_t k = 0; k < b->n_lessons; k++)
		resolve_lesson(L, k);
	set_book_meta(L, have_nav ? course_nav : used_nav);
	name_lone_section(b);
	return ok;
}

/* Diagnostics in a fixed order: course, unread files, order, lessons. */
static void append_diags(struct loader *L, struct diags *d)
{
	diag_append(d, &L->course_d);
	for (size_t i = 0; i < L->n_cand; i++)
		if (L->cand[i].lp && !L->cand[i].in_book)
			diag_free(&L->cand[i].lp->diags); /* left out: not this book's problem */
	diag_append(d, &L->order_d);
	for (size_t k = 0; k < L->b->n_lessons; k++) {
		struct lesson_priv *lp = L->b->lessons[k].front;
		diag_append(d, &lp->diags);
	}
}

static void loader_free(struct loader *L)
{
	for (size_t i = 0; i < L->n_cand; i++) {
		free(L->cand[i].file);
		free(L->cand[i].path);
		free(L->cand[i].abs);
		lesson_priv_free(L->cand[i].lp);
	}
	free(L->cand);
	for (size_t g = 0; g < L->n_groups; g++) {
		free(L->groups[g].key);
		free(L->groups[g].skey);
		nav_free(L->groups[g].nav);
		free(L->groups[g].nav);
	}
	free(L->groups);
	strmap_free(&L->group_by_key);
	pthread_mutex_destroy(&L->nav_lock);
	strmap_free(&L->cand_by_file);
	strmap_free(&L->lesson_by_key);
	strmap_free(&L->asset_by_key);
	strmap_free(&L->asset_by_ref);
	for (size_t i = 0; L->asset_why && i < L->b->n_assets; i++)
		free(L->asset_why[i]);
	free(L->asset_why);
	free(L->asset_owner);
	ydoc_free(&L->course_yml);
	ydoc_free(&L->config_yml);
	free(L->course_yml_path);
	free(L->config_yml_path);
	diag_free(&L->course_d);
	diag_free(&L->order_d);
	course_root_close(&L->root);
	course_root_close(&L->inc);
	free(L->inc_shown);
}

struct book *book_load(const struct load_options *opt, struct diags *d)
{
	struct loader L;
	memset(&L, 0, sizeof L);
	L.opt = opt;
	pthread_mutex_init(&L.nav_lock, NULL);
	struct book *b = xcalloc(1, sizeof *b);
	L.b = b;
	b->cover = -1;
	struct nav course_nav;
	memset(&course_nav, 0, sizeof course_nav);
	struct order o = {NULL, 0, 0};

	/* once, before any thread: registration is not thread-safe */
	cmark_gfm_core_extensions_ensure_registered();

	int ok = load_steps(&L, &course_nav, &o);
	append_diags(&L, d);
	nav_free(&course_nav);
	free(o.cand);
	loader_free(&L);
	if (!ok || d->errors || d->fatals || (opt->strict && d->warnings)) {
		book_free(b);
		return NULL;
	}
	return b;
}
