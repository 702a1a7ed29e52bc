/* order.c — step 2 of the load: the reading order. course.yml's
 * navigation wins; else the `navigation:` tree the lesson front matter
 * holds (the one most lessons share, when they disagree); else the
 * previous/next chain of chain.c, which falls back to file names. The
 * order is a list of candidate indexes, with the book's sections counted
 * alongside; lessons the order leaves out are warned about. */
#include "course/course.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "base/util.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/yamlx.h"

/* Read candidate i's navigation and file it with the lessons that hold
 * the same one. Runs on worker threads: the group table is locked, and
 * the tree kept for a group is always that of its lowest candidate index,
 * so the result does not depend on which thread came first. */
void register_nav(struct loader *L, size_t i, const struct ynode *navn)
{
	struct lesson_priv *lp = L->cand[i].lp;
	lp->nav_line = navn->line;
	lp->nav_col = navn->col;
	struct nav *nv = xcalloc(1, sizeof *nv);
	if (nav_from_front(nv, navn, L->cand[i].path, &lp->diags)) {
		nav_free(nv);
		free(nv);
		return;
	}
	char *key = nav_full_key(nv);
	intptr_t g;
	pthread_mutex_lock(&L->nav_lock);
	if (strmap_get(&L->group_by_key, key, strlen(key), &g)) {
		struct nav_group *gr = &L->groups[g];
		gr->count++;
		if (i < gr->rep) {
			struct nav *old = gr->nav;
			gr->nav = nv;
			gr->rep = i;
			nv = old;
		}
	} else {
		L->groups = xgrow(L->groups, &L->cap_groups, L->n_groups + 1, sizeof *L->groups);
		g = (intptr_t)L->n_groups++;
		struct nav_group *gr = &L->groups[g];
		gr->key = key;
		gr->skey = xstrdup(nv->key);
		gr->nav = nv;
		gr->rep = i;
		gr->count = 1;
		strmap_put(&L->group_by_key, key, strlen(key), g);
		key = NULL;
		nv = NULL;
	}
	lp->nav_group = (long)g;
	pthread_mutex_unlock(&L->nav_lock);
	free(key);
	if (nv) {
		nav_free(nv);
		free(nv);
	}
}

void order_add_section(struct book *b, const char *title, const char *path, int line, int col)
{
	size_t cap = b->n_sections;
	b->sections = xgrow(b->sections, &cap, b->n_sections + 1, sizeof *b->sections);
	struct section *s = &b->sections[b->n_sections++];
	s->title = xstrdup(title ? title : "");
	memset(&s->title_at, 0, sizeof s->title_at);
	if (title && *title && line > 0)
		srcpos_set(&s->title_at, path, line, col);
	s->first = b->n_lessons;
	s->count = 0;
}

void order_push(struct loader *L, struct order *o, size_t ci, const struct nav *nv,
		const struct nav_entry *e)
{
	o->cand = xgrow(o->cand, &o->cap, o->n + 1, sizeof *o->cand);
	o->cand[o->n++] = ci;
	L->cand[ci].in_book = 1;
	struct lesson_priv *lp = L->cand[ci].lp;
	if (e && e->name && !lp->nav_name) {
		lp->nav_name = xstrdup(e->name);
		srcpos_set(&lp->nav_name_at, nv->path, e->name_line, e->name_col);
	}
	L->b->sections[L->b->n_sections - 1].count++;
	L->b->n_lessons++; /* counted here; filled in later */
}

/* Look a navigation entry's file up among the candidates; a file in a
 * subfolder is added as a candidate and read now. */
static int cand_for_file(struct loader *L, const char *file, size_t *ci)
{
	intptr_t v;
	if (strmap_get(&L->cand_by_file, file, strlen(file), &v)) {
		*ci = (size_t)v;
		return 0;
	}
	if (!strchr(file, '/'))
		return -1;
	char *rel = NULL, *abs = NULL;
	enum path_status st = path_resolve(&L->root, "", file, PATH_STRICT, &rel, &abs);
	free(rel);
	free(abs);
	if (st != PATH_OK)
		return -1;
	*ci = add_cand(L, file, NULL);
	read_cand(L, *ci);
	return 0;
}

static void order_by_nav(struct loader *L, const struct nav *nv, struct order *o)
{
	const char *what = L->course ? "course.yml" : "the navigation";
	struct strmap seen = STRMAP_INIT;
	for (size_t i = 0; i < nv->n; i++) {
		order_add_section(L->b, nv->s[i].title, nv->path, nv->s[i].title_line,
				 nv->s[i].title_col);
		for (size_t k = 0; k < nv->s[i].n; k++) {
			const struct nav_entry *e = &nv->s[i].e[k];
			size_t ci;
			if (cand_for_file(L, e->file, &ci)) {
				if (!strcmp(e->link, e->file))
					diag_add(&L->order_d, DIAG_WARNING, nv->path, e->line, e->col,
						 "%s names %s, but there is no such lesson file; left out",
						 what, e->file);
				else
					diag_add(&L->order_d, DIAG_WARNING, nv->path, e->line, e->col,
						 "%s names %s, but there is no lesson file %s; left out",
						 what, e->link, e->file);
				continue;
			}
			if (strmap_get(&seen, e->file, strlen(e->file), NULL)) {
				/* a repeat is a cycle in the reading order */
				diag_add(&L->order_d, DIAG_ERROR, nv->path, e->line, e->col,
					 "%s is in the navigation twice; a lesson can have one place only",
					 e->file);
				L->order_failed = 1;
				continue;
			}
			strmap_put(&seen, e->file, strlen(e->file), 1);
			order_push(L, o, ci, nv, e);
		}
	}
	strmap_free(&seen);
	for (size_t i = 0; i < L->n_cand; i++) {
		if (L->cand[i].in_book)
			continue;
		const char *f = L->cand[i].file;
		if (!strcmp(f, "index.md") || !strcmp(f, "index.markdown"))
			diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, 0, 0,
				 "not in %s; left out (a course landing page?)", what);
		else
			diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, 0, 0,
				 "not in %s; left out", what);
	}
}

/* Which front-matter navigation to use: the one most lessons hold (ties:
 * the one met first in file order), or none when course.yml overrides.
 * Lessons that hold another one are warned about. Returns the group
 * index, or -1 when there is none. */
static long pick_majority(struct loader *L, size_t n_read, const struct nav *override)
{
	long best = -1;
	size_t voters = 0;
	for (size_t g = 0; g < L->n_groups; g++) {
		const struct nav_group *gr = &L->groups[g];
		voters += gr->count;
		if (best < 0 || gr->count > L->groups[best].count ||
		    (gr->count == L->groups[best].count && gr->rep < L->groups[best].rep))
			best = (long)g;
	}
	for (size_t i = 0; best >= 0 && i < n_read; i++) {
		const struct lesson_priv *lp = L->cand[i].lp;
		if (lp->nav_group < 0)
			continue;
		const struct nav_group *gr = &L->groups[lp->nav_group];
		if (override ? !strcmp(gr->skey, override->key) : lp->nav_group == best)
			continue;
		if (override)
			diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, lp->nav_line, lp->nav_col,
				 "this lesson's navigation differs from course.yml; course.yml wins");
		else
			diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, lp->nav_line, lp->nav_col,
				 "this lesson's navigation differs from the one %zu of %zu lessons share; theirs is used",
				 L->groups[best].count, voters);
	}
	return best;
}

/* A course of one lesson file: one section, titled by the navigation
 * section that lists the file, else by the lesson's title, else by its
 * file name. */
static void order_single(struct loader *L, struct order *o)
{
	struct cand *c = &L->cand[0];
	const char *sec = NULL;
	size_t si = 0;
	const struct nav *nv0 = c->lp->nav_group >= 0 ? L->groups[c->lp->nav_group].nav : NULL;
	for (size_t s = 0; nv0 && s < nv0->n && !sec; s++)
		for (size_t k = 0; k < nv0->s[s].n && !sec; k++)
			if (!strcmp(nv0->s[s].e[k].file, c->file)) {
				sec = nv0->s[s].title;
				si = s;
			}
	const struct ynode *tn = ymap_get(c->lp->fm.yaml.root, "title");
	const char *t = yscalar(tn);
	if (sec) /* at the section's name in the navigation */
		order_add_section(L->b, sec, nv0->path, nv0->s[si].title_line,
				  nv0->s[si].title_col);
	else if (!t)
		order_add_section(L->b, c->file, NULL, 0, 0);
	else
		order_add_section(L->b, t, c->path, tn->line, tn->col);
	order_push(L, o, 0, NULL, NULL);
}

int order_lessons(struct loader *L, const struct nav *course_nav, struct order *o,
		  const struct nav **used)
{
	size_t n_read = L->n_cand;
	int any_nav = L->n_groups > 0, rc = 0;
	*used = NULL;
	if (L->single) {
		order_single(L, o);
	} else if (course_nav) {
		if (any_nav)
			pick_majority(L, n_read, course_nav);
		order_by_nav(L, course_nav, o);
	} else if (any_nav) {
		long w = pick_majority(L, n_read, NULL);
		order_by_nav(L, L->groups[w].nav, o);
		*used = L->groups[w].nav;
	} else {
		rc = order_by_chain(L, o, L->site ? ymap_get(L->site, "title") : NULL);
	}
	return L->order_failed ? -1 : rc;
}
