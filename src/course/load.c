/* load.c — book_load(): a course folder (or one lesson file) in, a
 * struct book out: load → validate → order → parse → resolve.
 *
 * 1. Read every lesson candidate (the *.md files of the folder) and its
 *    front matter — in parallel, each lesson with its own diagnostics.
 * 2. Decide the reading order: course.yml, else the `navigation` tree in
 *    the front matter (the majority's, when lessons disagree), else the
 *    previous/next chain, else natural file-name order.
 * 3. For each lesson in the book, in parallel: Liquid, IAL markers,
 *    cmark-gfm, depth limit, IAL classes, heading ids.
 * 4. Serially: the link map and the assets (images, covers), which need
 *    every lesson's headings and a shared asset table.
 * Diagnostics are appended in a fixed order afterwards (course, then each
 * lesson in reading order), so the output is the same for any -j. */
#include "book/book.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "base/buf.h"
#include "course/frontmatter.h"
#include "course/ial.h"
#include "image/image.h"
#include "course/loadlimits.h"
#include "course/liquid.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/slug.h"
#include "course/srcmap.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/yamlx.h"

/* ---- per-node data, hung on cmark nodes through user_data ------------ */

struct node_info {
	struct node_info *next; /* every info of a lesson, for freeing */
	char *classes;          /* IAL classes, space separated */
	char *ial_id;           /* IAL #id (headings use it as their id) */
	const char *id;         /* heading id (owned by struct heading, or
				   by own_id for a heading not in the list) */
	char *own_id;
	int has_link;
	enum link_kind link;
	size_t link_lesson;
	const char *link_id;    /* owned by the target lesson's heading */
	int asset;              /* index into book->assets, or -1 */
};

/* What the loader keeps about a lesson beyond struct lesson. */
struct lesson_priv {
	char *text;             /* normalised file text; once the front matter
				   is read, only the body (from fm.body_off) */
	size_t len;
	struct linemap lines;   /* of text */
	struct frontmatter fm;
	int fm_ok;              /* text and front matter read without error */
	struct srcmap liquid_map, ial_map;
	struct linemap body_lines; /* of the text given to cmark */
	size_t body_len;
	struct node_info *infos;
	struct strmap ids;      /* heading id → index into headings */
	struct diags diags;     /* this lesson's diagnostics */
	char *nav_name;         /* its title in the navigation, if any */
	struct srcpos nav_name_at;
	long nav_group;         /* index into loader.groups, or -1 */
	int nav_line, nav_col;  /* where its `navigation:` is */
};

static struct node_info *info_of(struct lesson_priv *lp, cmark_node *n)
{
	struct node_info *in = cmark_node_get_user_data(n);
	if (in)
		return in;
	in = xcalloc(1, sizeof *in);
	in->asset = -1;
	in->next = lp->infos;
	lp->infos = in;
	cmark_node_set_user_data(n, in);
	return in;
}

/* ---- candidates: files that may be lessons --------------------------- */

struct cand {
	char *file;   /* course-relative */
	char *path;   /* for diagnostics */
	char *abs;    /* real path (inside the course) */
	struct lesson_priv *lp;
	int in_book;
};

struct loader {
	const struct load_options *opt;
	struct course_root root;
	int single;             /* COURSE named one file */
	struct diags course_d;  /* course-level diagnostics */
	struct diags order_d;   /* ordering diagnostics */
	struct cand *cand;
	size_t n_cand, cap_cand;
	struct strmap cand_by_file; /* file → index */
	struct ydoc course_yml, config_yml;
	char *course_yml_path;
	char *config_yml_path;
	const struct ynode *course; /* the course.yml map */
	const struct ynode *site;   /* the _config.yml map */
	struct book *b;
	struct strmap lesson_by_key; /* "dir/slug" → lesson index */
	struct strmap asset_by_key;
	char **asset_why;       /* per asset: its problem, or NULL */
	size_t *asset_owner;    /* per asset: last file warned about it */
	size_t cap_why;
	int order_failed;       /* an ordering error was reported */
	/* front-matter navigations, one per distinct tree: 1,000 lessons
	 * that each carry the same 1,000-entry tree keep it once */
	pthread_mutex_t nav_lock;
	struct nav_group *groups;
	size_t n_groups, cap_groups;
	struct strmap group_by_key;
};

struct nav_group {
	char *key;       /* everything in the tree, for grouping */
	char *skey;      /* sections and files only, to compare with course.yml */
	struct nav *nav; /* the tree of the first lesson (file order) holding it */
	size_t rep;      /* that lesson's candidate index */
	size_t count;    /* lessons holding it */
};

static char *join_path(const char *dir, const char *file)
{
	struct buf b = BUF_INIT;
	if (dir && *dir && strcmp(dir, ".")) {
		buf_puts(&b, dir);
		if (dir[strlen(dir) - 1] != '/')
			buf_putc(&b, '/');
	}
	buf_puts(&b, file);
	return buf_detach(&b);
}

static size_t add_cand(struct loader *L, const char *file, const char *path)
{
	L->cand = xgrow(L->cand, &L->cap_cand, L->n_cand + 1, sizeof *L->cand);
	struct cand *c = &L->cand[L->n_cand];
	memset(c, 0, sizeof *c);
	c->file = xstrdup(file);
	c->path = path ? xstrdup(path) : join_path(L->root.dir, file);
	c->lp = xcalloc(1, sizeof *c->lp);
	c->lp->nav_group = -1;
	strmap_put(&L->cand_by_file, file, strlen(file), (intptr_t)L->n_cand);
	return L->n_cand++;
}

/* Natural order: digit runs compare as numbers, so 2_x < 10_x. */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *sa = a, *sb = b;
			while (*sa == '0')
				sa++;
			while (*sb == '0')
				sb++;
			const char *ea = sa, *eb = sb;
			while (isdigit((unsigned char)*ea))
				ea++;
			while (isdigit((unsigned char)*eb))
				eb++;
			if (ea - sa != eb - sb)
				return (ea - sa) < (eb - sb) ? -1 : 1;
			int c = strncmp(sa, sb, (size_t)(ea - sa));
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int cmp_names(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int c = natural_cmp(a, b);
	return c ? c : strcmp(a, b);
}

static int is_lesson_name(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.' || name[0] == '_')
		return 0;
	return (n > 3 && !strcmp(name + n - 3, ".md")) ||
	       (n > 9 && !strcmp(name + n - 9, ".markdown"));
}

/* List the folder's lesson files in natural order. */
static int list_folder(struct loader *L, struct diags *d)
{
	DIR *dir = opendir(L->root.real);
	if (!dir) {
		diag_add(d, DIAG_FATAL, L->root.dir, 0, 0, "cannot read the course folder: %s",
			 strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dir)) != NULL) {
		if (!is_lesson_name(e->d_name) || e->d_type == DT_DIR)
			continue; /* a folder named x.md is not a lesson */
		if (n == LIMIT_LESSONS) {
			diag_add(d, DIAG_ERROR, L->root.dir, 0, 0,
				 "more than %d lesson files in the folder", LIMIT_LESSONS);
			rc = -1;
			break;
		}
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			add_cand(L, names[i], NULL);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- thread pool ------------------------------------------------------ */

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	size_t next; /* taken with an atomic add */
};

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
		if (i >= p->n)
			break;
		p->fn(p->ctx, i);
	}
	return NULL;
}

/* Run fn(ctx, 0..n-1) on `jobs` threads (0 = online CPUs). Each call must
 * touch only its own item; results therefore never depend on timing. */
static void run_parallel(int jobs, size_t n, void (*fn)(void *, size_t), void *ctx)
{
	if (jobs <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = c > 0 ? (int)(c > 64 ? 64 : c) : 1;
	}
	if ((size_t)jobs > n)
		jobs = (int)n;
	struct pool p = {fn, ctx, n, 0};
	if (jobs <= 1) {
		pool_worker(&p);
		return;
	}
	pthread_t *t = xcalloc((size_t)jobs, sizeof *t);
	int started = 0;
	for (int i = 0; i < jobs - 1; i++) {
		if (pthread_create(&t[i], NULL, pool_worker, &p))
			break;
		started++;
	}
	pool_worker(&p); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}

static void register_nav(struct loader *L, size_t i, const struct ynode *navn);

/* ---- phase 1: read a candidate and its front matter ------------------ */

static void read_cand(void *ctx, size_t i)
{
	struct loader *L = ctx;
	struct cand *c = &L->cand[i];
	struct lesson_priv *lp = c->lp;
	char *rel = NULL, *abs = NULL;
	enum path_status st = path_resolve(&L->root, "", c->file, PATH_STRICT, &rel, &abs);
	free(rel);
	if (st != PATH_OK) {
		diag_add(&lp->diags, DIAG_ERROR, c->path, 0, 0, "lesson file %s",
			 path_status_text(st));
		return;
	}
	c->abs = abs;
	int r = path_read(abs, LIMIT_LESSON_BYTES, &lp->text, &lp->len);
	if (r == -2) {
		diag_add(&lp->diags, DIAG_ERROR, c->path, 0, 0,
			 "lesson is larger than the %u MiB limit",
			 LIMIT_LESSON_BYTES / (1024 * 1024));
		return;
	}
	if (r) {
		diag_add(&lp->diags, DIAG_FATAL, c->path, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	if (text_normalise(c->path, lp->text, &lp->len, &lp->diags))
		return;
	linemap_build(&lp->lines, lp->text, lp->len);
	if (frontmatter_parse(c->path, lp->text, lp->len, &lp->fm, &lp->diags))
		return;
	/* keys octavo reads must hold text: a list or map there is a mistake
	 * the author should hear about, not silently lose */
	static const char *const text_keys[] = {"title", "description", "author", "date",
						"cover", "lang", "previous", "next"};
	int bad = 0;
	for (size_t k = 0; k < ARRAY_LEN(text_keys); k++) {
		const struct ynode *v = ymap_get(lp->fm.yaml.root, text_keys[k]);
		if (v && v->type != Y_SCALAR) {
			yshape_error(&lp->diags, c->path, v, text_keys[k], "text");
			bad = 1;
		}
	}
	lp->fm_ok = !bad;
	/* keep only the Markdown body: front matter can be most of a file */
	size_t blen = lp->len - lp->fm.body_off;
	memmove(lp->text, lp->text + lp->fm.body_off, blen);
	lp->text[blen] = '\0';
	lp->text = xrealloc(lp->text, blen + 1);
	lp->len = blen;
	const struct ynode *navn = ymap_get(lp->fm.yaml.root, "navigation");
	if (navn && lp->fm_ok) {
		register_nav(L, i, navn);
		/* the tree now lives in the nav group; drop it from the YAML
		 * so memory does not grow with lessons × navigation size */
		struct ydoc small;
		ydoc_copy_without(&lp->fm.yaml, "navigation", &small);
		ydoc_free(&lp->fm.yaml);
		lp->fm.yaml = small;
	}
}

/* Read candidate i's navigation and file it with the lessons that hold
 * the same one. Runs on worker threads: the group table is locked, and
 * the tree kept for a group is always that of its lowest candidate index,
 * so the result does not depend on which thread came first. */
static void register_nav(struct loader *L, size_t i, const struct ynode *navn)
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

/* ---- course.yml and _config.yml ---------------------------------------- */

static int read_yaml_file(struct loader *L, const char *name, struct ydoc *doc,
			  char **path_out, struct diags *d)
{
	char *rel = NULL, *abs = NULL;
	enum path_status st = path_resolve(&L->root, "", name, PATH_STRICT, &rel, &abs);
	free(rel);
	if (st == PATH_MISSING)
		return 1;
	char *path = join_path(L->root.dir, name);
	*path_out = path;
	if (st != PATH_OK) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "%s", path_status_text(st));
		return -1;
	}
	char *text;
	size_t len;
	int r = path_read(abs, LIMIT_CONFIG_BYTES, &text, &len);
	free(abs);
	if (r) {
		if (r == -2)
			diag_add(d, DIAG_ERROR, path, 0, 0, "larger than %u bytes", LIMIT_CONFIG_BYTES);
		else
			diag_add(d, DIAG_FATAL, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	r = text_normalise(path, text, &len, d);
	if (!r)
		r = ydoc_load(text, len, 0, path, doc, d);
	free(text);
	return r ? -1 : 0;
}

static int load_course_yml(struct loader *L, struct nav *nv, struct diags *d)
{
	int r = read_yaml_file(L, "course.yml", &L->course_yml, &L->course_yml_path, d);
	if (r)
		return r; /* 1: none; -1: broken */
	const char *path = L->course_yml_path;
	const struct ynode *root = L->course_yml.root;
	if (root && root->type == Y_SEQ && root->n > 0)
		root = root->kid[0];
	if (!root || root->type != Y_MAP)
		return yshape_error(d, path, root, "course.yml",
				   "a list holding one map (`- name: …`)");
	L->course = root;
	return nav_from_course(nv, root, path, d);
}

/* ---- ordering ------------------------------------------------------------ */

/* Point *p at path:line:col (path copied; NULL for a made-up title). */
static void srcpos_set(struct srcpos *p, const char *path, int line, int col)
{
	free(p->path);
	p->path = path ? xstrdup(path) : NULL;
	p->line = path ? line : 0;
	p->col = path ? col : 0;
}

static void book_add_section(struct book *b, const char *title, const char *path, int line,
			     int col)
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

/* order[] collects candidate indexes; sections are recorded alongside. */
struct order {
	size_t *cand;
	size_t n, cap;
};

static void order_push(struct loader *L, struct order *o, size_t ci, const struct nav *nv,
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
		book_add_section(L->b, nv->s[i].title, nv->path, nv->s[i].title_line,
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

/* previous/next: "NN_x.html" → candidate index, or -1. */
static long chain_target(struct loader *L, const struct ynode *v)
{
	const char *s = yscalar(v);
	if (!s)
		return -1;
	char *file = nav_link_to_file(s, 1);
	if (!file)
		return -1;
	intptr_t ci;
	int ok = strmap_get(&L->cand_by_file, file, strlen(file), &ci);
	free(file);
	return ok ? (long)ci : -1;
}

/* No navigation tree: follow previous/next, else file names. */
static int order_by_chain(struct loader *L, struct order *o, const struct ynode *title)
{
	size_t n = L->n_cand, m = n ? n : 1;
	long *succ = xmalloc(m * sizeof *succ);
	size_t *indeg = xcalloc(m, sizeof *indeg);
	size_t *seen = xcalloc(m, sizeof *seen); /* chain number + 1 */
	const struct ynode **succ_at = xcalloc(m, sizeof *succ_at);
	int any = 0, rc = 0;
	for (size_t i = 0; i < n; i++)
		succ[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		const struct ynode *nx = ymap_get(fm, "next"), *pv = ymap_get(fm, "previous");
		long t = chain_target(L, nx), p = chain_target(L, pv);
		if (nx || pv)
			any = 1;
		if ((size_t)t == i || (size_t)p == i) {
			const struct ynode *at = (size_t)t == i ? nx : pv;
			diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at->line, at->col,
				 "`%s` names this lesson itself: a cycle in the reading order",
				 (size_t)t == i ? "next" : "previous");
			rc = -1;
			continue;
		}
		if (t >= 0) {
			succ[i] = t;
			succ_at[i] = nx;
		}
		for (int k = 0; k < 2; k++) {
			const struct ynode *v = k ? pv : nx;
			if (yscalar(v) && (k ? p : t) < 0)
				diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, v->line, v->col,
					 "`%s` names %s, but there is no such lesson; ignored",
					 k ? "previous" : "next", yscalar(v));
		}
	}
	/* `previous` fills in where the lesson before says no `next` */
	for (size_t i = 0; i < n; i++) {
		long p = chain_target(L, ymap_get(L->cand[i].lp->fm.yaml.root, "previous"));
		if (p >= 0 && (size_t)p != i && succ[p] < 0)
			succ[p] = (long)i;
	}
	for (size_t i = 0; i < n; i++)
		if (succ[i] >= 0)
			indeg[succ[i]]++;
	book_add_section(L->b, yscalar(title) ? yscalar(title) : "", L->config_yml_path,
			 title ? title->line : 0, title ? title->col : 0);
	if (!any || rc) {
		for (size_t i = 0; !rc && i < n; i++)
			order_push(L, o, i, NULL, NULL);
		goto out;
	}
	/* every chain from its head, heads in file order */
	size_t chains = 0, second = 0;
	for (size_t h = 0; h < n; h++) {
		if (indeg[h])
			continue;
		if (++chains == 2)
			second = h;
		long i = (long)h;
		for (;;) {
			seen[i] = chains;
			order_push(L, o, (size_t)i, NULL, NULL);
			long nx = succ[i];
			if (nx < 0)
				break;
			if (seen[nx] == chains) {
				const struct ynode *at = succ_at[i];
				diag_add(&L->order_d, DIAG_ERROR, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "previous/next links go round in a cycle: %s leads back to %s",
					 L->cand[i].file, L->cand[nx].file);
				rc = -1;
				break;
			}
			if (seen[nx]) {
				const struct ynode *at = succ_at[i];
				diag_add(&L->order_d, DIAG_WARNING, L->cand[i].path, at ? at->line : 0,
					 at ? at->col : 0,
					 "%s already has its place in the reading order; this `next` is ignored",
					 L->cand[nx].file);
				break;
			}
			i = nx;
		}
	}
	/* what no head reaches is a closed loop */
	for (size_t i = 0; i < n; i++) {
		if (seen[i])
			continue;
		struct buf b = BUF_INIT;
		long j = (long)i, last = (long)i;
		do {
			seen[j] = (size_t)-1;
			buf_printf(&b, "%s → ", L->cand[j].file);
			last = j;
			j = succ[j];
		} while (j >= 0 && !seen[j]);
		buf_puts(&b, j >= 0 ? L->cand[j].file : "?");
		const struct ynode *at = succ_at[last];
		diag_add(&L->order_d, DIAG_ERROR, L->cand[last].path, at ? at->line : 0,
			 at ? at->col : 0, "previous/next links go round in a cycle: %s",
			 buf_cstr(&b));
		buf_free(&b);
		rc = -1;
	}
	/* A course where most lessons have no previous/next simply uses file
	 * names; only a mostly linked course has a gap worth pointing at, and
	 * the author fixes it where the second chain starts. */
	size_t linked = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *fm = L->cand[i].lp->fm.yaml.root;
		if (ymap_get(fm, "next") || ymap_get(fm, "previous"))
			linked++;
	}
	if (chains > 1 && 2 * linked >= n) {
		const struct ynode *fm = L->cand[second].lp->fm.yaml.root;
		const struct ynode *at = ymap_get(fm, "previous");
		if (!at)
			at = ymap_get(fm, "next");
		diag_add(&L->order_d, DIAG_WARNING, L->cand[second].path, at ? at->line : 0,
			 at ? at->col : 0,
			 "previous/next links form %zu separate chains and the second starts at this "
			 "lesson, which no lesson links to; they are joined in file-name order",
			 chains);
	}
out:
	free(succ);
	free(indeg);
	free(seen);
	free(succ_at);
	return rc;
}

/* ---- phase 3 helpers: positions ------------------------------------------ */

/* Position in the lesson file of line:col in the text given to cmark. */
static void body_pos(const struct lesson_priv *lp, int line, int col, int *fl, int *fc)
{
	if (line <= 0) {
		*fl = lp->fm.body_line;
		*fc = 0;
		return;
	}
	size_t o = linemap_offset(&lp->body_lines, lp->body_len, line, col > 0 ? col : 1);
	o = srcmap_to_input(&lp->ial_map, o);
	o = srcmap_to_input(&lp->liquid_map, o);
	linemap_pos(&lp->lines, lp->fm.body_off + o, fl, fc);
	if (col <= 0)
		*fc = 0;
}

static void node_diag(struct lesson *l, cmark_node *n, enum diag_sev sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A diagnostic at node n, placed at its line and column in the file. */
static void node_diag(struct lesson *l, cmark_node *n, enum diag_sev sev, const char *fmt, ...)
{
	struct lesson_priv *lp = l->front;
	int line, col;
	body_pos(lp, cmark_node_get_start_line(n), cmark_node_get_start_column(n), &line, &col);
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diag_add(&lp->diags, sev, l->path, line, col, "%s", buf_cstr(&m));
	buf_free(&m);
}

/* ---- phase 2: parse a lesson ------------------------------------------- */

static pthread_mutex_t inline_lock = PTHREAD_MUTEX_INITIALIZER;

static cmark_node *markdown_parse(const char *text, size_t len)
{
	static const char *const ext[] = {"table", "strikethrough", "autolink", "tasklist"};
	cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES |
					   CMARK_OPT_UNSAFE);
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(ext[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, text, len);
	/* cmark-gfm's inline parser keeps a process-wide table of special
	 * characters that every parse sets at its start and clears at its end
	 * (blocks.c, cmark_manage_extensions_special_characters). Two inline
	 * passes at once would clear each other's table and lose
	 * strikethrough and autolinks at random, so this one step runs under a
	 * lock; reading, Liquid, IAL and block parsing stay parallel. */
	pthread_mutex_lock(&inline_lock);
	cmark_node *doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&inline_lock);
	cmark_parser_free(p);
	return doc;
}

/* Nodes cmark_iter enters but never exits (iterator.c, S_is_leaf). */
static int is_iter_leaf(cmark_node_type t)
{
	return t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_TEXT ||
	       t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
	       t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE;
}

static int is_container_block(cmark_node_type t)
{
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST;
}

/* Back ends recurse over the tree, so depth is bounded here. */
static int check_depth(struct lesson *l)
{
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	int depth = 0, bdepth = 0, rc = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
			if (is_container_block(t))
				bdepth--;
			continue;
		}
		if (is_iter_leaf(t))
			continue; /* a leaf: the iterator gives no EXIT for it */
		depth++;
		if (is_container_block(t))
			bdepth++;
		if (bdepth > LIMIT_BLOCK_DEPTH || depth > LIMIT_NODE_DEPTH) {
			if (bdepth > LIMIT_BLOCK_DEPTH)
				node_diag(l, n, DIAG_ERROR,
					  "block quotes and lists are nested more than %d levels deep",
					  LIMIT_BLOCK_DEPTH);
			else
				node_diag(l, n, DIAG_ERROR, "elements are nested more than %d levels deep",
					  LIMIT_NODE_DEPTH);
			rc = -1;
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

static void give_ial(void *ctx, cmark_node *node, const struct ial *ial)
{
	struct lesson_priv *lp = ctx;
	struct node_info *in = info_of(lp, node);
	if (ial->classes) {
		if (in->classes) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s %s", in->classes, ial->classes);
			free(in->classes);
			in->classes = buf_detach(&b);
		} else {
			in->classes = xstrdup(ial->classes);
		}
	}
	if (ial->id) {
		free(in->ial_id);
		in->ial_id = xstrdup(ial->id);
	}
}

/* Inside a block quote? Such a heading titles a callout ("> ## Note"):
 * it gets an id, so links to it work, but it is not part of the lesson's
 * outline (PDF bookmarks, EPUB navigation, toc). */
static int in_block_quote(cmark_node *n)
{
	for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
		if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
			return 1;
	return 0;
}

static int collect_headings(struct lesson *l)
{
	struct lesson_priv *lp = l->front;
	struct slugset ss = SLUGSET_INIT;
	size_t cap = 0, seen = 0;
	int rc = 0;
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		if (seen++ == LIMIT_HEADINGS) {
			node_diag(l, n, DIAG_ERROR, "more than %d headings in one lesson", LIMIT_HEADINGS);
			rc = -1;
			break;
		}
		struct node_info *in = info_of(lp, n);
		char *title = book_node_text(n);
		char *base = in->ial_id ? xstrdup(in->ial_id) : slug_heading(title);
		char *id = slugset_unique(&ss, base);
		free(base);
		in->id = id;
		strmap_put(&lp->ids, id, strlen(id), (intptr_t)id);
		if (in_block_quote(n)) {
			in->own_id = id;
			free(title);
			continue;
		}
		l->headings = xgrow(l->headings, &cap, l->n_headings + 1, sizeof *l->headings);
		struct heading *h = &l->headings[l->n_headings++];
		h->level = cmark_node_get_heading_level(n);
		h->title = title;
		h->node = n;
		h->id = id;
	}
	cmark_iter_free(it);
	slugset_free(&ss);
	return rc;
}

/* cmark-gfm's string getters (literal, url, title, fence info, on_enter,
 * on_exit) copy a node's text into a malloc'd C string the first time
 * they are asked and store it in the node (cmark_chunk_to_cstr). The two
 * back ends walk the same trees at the same time, so that first call must
 * not happen there: ask every getter of every node once, here, on the
 * lesson's own loader thread. From then on the getters only read, and the
 * book is read-only for the back ends as book.h promises. */
static void settle_strings(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		/* each returns NULL, touching nothing, for other node types */
		cmark_node_get_literal(n);
		cmark_node_get_url(n);
		cmark_node_get_title(n);
		cmark_node_get_fence_info(n);
		cmark_node_get_on_enter(n);
		cmark_node_get_on_exit(n);
	}
	cmark_iter_free(it);
}

static void parse_lesson(void *ctx, size_t i)
{
	struct loader *L = ctx;
	struct lesson *l = &L->b->lessons[i];
	struct lesson_priv *lp = l->front;
	if (!lp->fm_ok) {
		/* unreadable: already reported; keep a title for the toc */
		if (!l->title)
			l->title = xstrdup(l->slug);
		return;
	}
	const char *body = lp->text; /* the body only, see read_cand */
	size_t blen = lp->len;

	struct liquid_ctx lc = {lp->fm.yaml.root, L->site, l->path, &lp->lines, lp->fm.body_off};
	char *t1, *t2;
	size_t n1, n2;
	liquid_apply(body, blen, &lc, &t1, &n1, &lp->liquid_map, &lp->diags);
	struct ial_list ials = {NULL, 0, 0};
	ial_strip(t1, n1, l->path, markdown_parse, &t2, &n2, &lp->ial_map, &ials, &lp->diags);
	free(t1);
	linemap_build(&lp->body_lines, t2, n2);
	lp->body_len = n2;
	l->doc = markdown_parse(t2, n2);
	free(t2);
	/* positions need only the line maps from here on */
	free(lp->text);
	lp->text = NULL;
	if (check_depth(l) == 0) {
		ial_attach(l->doc, &ials, give_ial, lp);
		collect_headings(l);
	}
	ial_list_free(&ials);
	settle_strings(l->doc);
	if (!l->title) {
		for (size_t k = 0; k < l->n_headings; k++)
			if (l->headings[k].level == 1) {
				l->title = xstrdup(l->headings[k].title);
				/* at its text, past the "# " */
				cmark_node *h = l->headings[k].node;
				cmark_node *t = cmark_node_first_child(h);
				int line, col;
				lesson_node_pos(l, t ? t : h, &line, &col);
				srcpos_set(&l->title_at, l->path, line, col);
				break;
			}
	}
	if (!l->title && lp->nav_name) {
		l->title = xstrdup(lp->nav_name);
		srcpos_set(&l->title_at, lp->nav_name_at.path, lp->nav_name_at.line,
			   lp->nav_name_at.col);
	}
	if (!l->title)
		l->title = xstrdup(l->slug);
}

/* ---- phase 3: links and assets ------------------------------------------- */

/* Scheme of a URL, lower-cased, ignoring the tabs, newlines and spaces
 * browsers ignore ("java\tscript:"); "" when it has none. */
static void url_scheme(const char *url, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = url; *p && n + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ')
			continue;
		if (c == ':') {
			out[n] = '\0';
			return;
		}
		if (!(isalnum(c) || c == '+' || c == '-' || c == '.'))
			break;
		out[n++] = (char)tolower(c);
	}
	out[0] = '\0';
}

static char *percent_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			int c = (int)strtol(hex, NULL, 16);
			if (c) {
				buf_putc(&b, c);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

static const char *lesson_dir(const struct lesson *l, char **owned)
{
	const char *slash = strrchr(l->file, '/');
	*owned = slash ? xstrndup(l->file, (size_t)(slash - l->file)) : NULL;
	return *owned ? *owned : "";
}

/* Key of a lesson in lesson_by_key: course-relative path, no extension. */
static char *lesson_key(const char *file)
{
	const char *dot = strrchr(file, '.');
	const char *slash = strrchr(file, '/');
	if (dot && (!slash || dot > slash))
		return xstrndup(file, (size_t)(dot - file));
	return xstrdup(file);
}

/* The lesson a link path names ("x.html", "x.md", "x", "x/"), taken
 * relative to course folder `dir`: 1 and *v its index, else 0. */
static int lesson_at(struct loader *L, const char *dir, const char *path, intptr_t *v)
{
	char *rel = path_normalise(dir, path);
	if (!rel)
		return 0;
	size_t rl = strlen(rel);
	if (rl && rel[rl - 1] == '/')
		rel[rl - 1] = '\0';
	const char *dot = strrchr(rel, '.');
	const char *slash = strrchr(rel, '/');
	int lessonish = !dot || (slash && dot < slash) || !strcmp(dot, ".html") ||
			!strcmp(dot, ".htm") || !strcmp(dot, ".md") || !strcmp(dot, ".markdown");
	int found = 0;
	if (lessonish) {
		char *key = lesson_key(rel);
		found = strmap_get(&L->lesson_by_key, key, strlen(key), v);
		free(key);
	}
	free(rel);
	return found;
}

static void resolve_link(struct loader *L, size_t li, cmark_node *n)
{
	struct lesson *l = &L->b->lessons[li];
	struct lesson_priv *lp = l->front;
	struct node_info *in = info_of(lp, n);
	const char *url = cmark_node_get_url(n);
	char scheme[16];
	in->has_link = 1;
	in->link = LINK_BROKEN;
	if (!url)
		url = "";
	url_scheme(url, scheme, sizeof scheme);
	if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") ||
	    !strcmp(scheme, "data") || !strcmp(scheme, "file")) {
		in->link = LINK_UNSAFE;
		node_diag(l, n, DIAG_WARNING, "%s: link is never written into the book", scheme);
		return;
	}
	if (*scheme || !strncmp(url, "//", 2)) {
		in->link = LINK_EXTERNAL;
		return;
	}
	if (!*url) {
		node_diag(l, n, DIAG_WARNING, "link has no target");
		return;
	}
	size_t plen = strcspn(url, "?#");
	const char *hash = strchr(url, '#');
	char *frag = hash ? percent_decode(hash + 1, strlen(hash + 1)) : NULL;
	size_t target = li;
	if (plen > 0) {
		char *raw = percent_decode(url, plen);
		char *dirown;
		const char *dir = lesson_dir(l, &dirown);
		intptr_t v = -1;
		int found;
		if (raw[0] == '/') {
			const char *rest = raw + 1;
			if (!strncmp(raw, "/learn/", 7) && strchr(raw + 7, '/'))
				rest = strchr(raw + 7, '/') + 1;
			found = lesson_at(L, "", rest, &v);
		} else {
			/* beside the lesson, else from the course root (a
			 * lesson in a subfolder linking as the site does) */
			found = lesson_at(L, dir, raw, &v) || (*dir && lesson_at(L, "", raw, &v));
		}
		free(dirown);
		if (!found) {
			node_diag(l, n, DIAG_WARNING, "link to '%s' does not lead to a lesson of this book",
				  raw);
			free(raw);
			free(frag);
			return;
		}
		free(raw);
		target = (size_t)v;
	}
	in->link = LINK_INTERNAL;
	in->link_lesson = target;
	in->link_id = NULL;
	if (frag && *frag) {
		const struct lesson *tl = &L->b->lessons[target];
		const struct lesson_priv *tp = tl->front;
		intptr_t h;
		if (strmap_get(&tp->ids, frag, strlen(frag), &h)) {
			in->link_id = (const char *)h;
		} else {
			node_diag(l, n, DIAG_WARNING, "link to '#%s': %s has no heading with that id",
				  frag, tl->file);
			if (plen == 0)
				in->link = LINK_BROKEN;
		}
	}
	free(frag);
}

/* Find or add the asset for `ref` written in course folder `base`.
 * Returns its index. *why is the problem with it (owned by the loader),
 * or NULL when it is fine — but only the first time a given file (the
 * lesson `owner`, or SIZE_MAX for course.yml) refers to it, so a missing
 * cover that the body shows again through {{page.cover}} is reported
 * once per file. */
static int asset_for(struct loader *L, const char *base, const char *ref, size_t owner,
		     const char **why)
{
	struct book *b = L->b;
	char scheme[16];
	*why = NULL;
	url_scheme(ref, scheme, sizeof scheme);
	char *rel = NULL, *abs = NULL;
	enum asset_status status;
	enum path_status ps = PATH_MISSING;
	char *key;
	if (!strcmp(scheme, "http") || !strcmp(scheme, "https") || !strncmp(ref, "//", 2)) {
		status = ASSET_REMOTE;
		key = xstrdup(ref);
	} else if (*scheme) {
		status = ASSET_UNSUPPORTED;
		key = xstrdup(ref);
	} else if (!*ref) {
		status = ASSET_MISSING;
		key = xstrdup("");
	} else {
		ps = path_resolve(&L->root, base, ref, PATH_SITE, &rel, &abs);
		status = ps == PATH_OK ? ASSET_OK
			 : ps == PATH_OUTSIDE ? ASSET_OUTSIDE
					      : ASSET_MISSING;
		key = xstrdup(rel ? rel : ref);
	}
	intptr_t v;
	if (strmap_get(&L->asset_by_key, key, strlen(key), &v)) {
		free(key);
		free(rel);
		free(abs);
		if (L->asset_owner[v] != owner) {
			L->asset_owner[v] = owner;
			*why = L->asset_why[v];
		}
		return (int)v;
	}
	size_t cap = b->n_assets;
	b->assets = xgrow(b->assets, &cap, b->n_assets + 1, sizeof *b->assets);
	struct asset *a = &b->assets[b->n_assets];
	memset(a, 0, sizeof *a);
	a->src = xstrdup(rel ? rel : ref);
	a->status = status;
	struct buf msg = BUF_INIT;
	if (status == ASSET_OK) {
		char *data;
		size_t len;
		int r = path_read(abs, LIMIT_ASSET_BYTES, &data, &len);
		if (r) {
			a->status = ASSET_CORRUPT;
			buf_printf(&msg, "image %s %s", a->src,
				   r == -2 ? "is larger than the 64 MiB limit" : "cannot be read");
		} else {
			int w, h;
			const char *mt = image_sniff((unsigned char *)data, len, a->src, &w, &h);
			if (!mt && image_named_like(a->src)) {
				a->status = ASSET_CORRUPT;
				buf_printf(&msg, "image %s is not a readable image file", a->src);
			} else if (!mt) {
				a->status = ASSET_UNSUPPORTED;
				buf_printf(&msg, "image %s is not PNG, JPEG, GIF or SVG; shown as its alt text",
					   a->src);
			} else if (strcmp(mt, "image/svg+xml") &&
				   (w <= 0 || h <= 0 ||
				    (unsigned long long)w * (unsigned long long)h > LIMIT_IMAGE_PIXELS)) {
				a->status = ASSET_CORRUPT;
				if (w <= 0 || h <= 0)
					buf_printf(&msg, "image %s has no readable size", a->src);
				else
					buf_printf(&msg, "image %s claims %d×%d pixels, more than the 50-megapixel limit",
						   a->src, w, h);
			} else {
				a->media_type = mt;
				a->width_px = w;
				a->height_px = h;
				a->data = (unsigned char *)data;
				a->len = len;
				data = NULL;
			}
			free(data);
		}
	} else if (status == ASSET_MISSING) {
		if (!*ref)
			buf_printf(&msg, "image has an empty source");
		else if (ps == PATH_LOOP)
			buf_printf(&msg, "image %s is a symlink loop", ref);
		else
			buf_printf(&msg, "image %s %s", ref, path_status_text(ps));
	} else if (status == ASSET_OUTSIDE) {
		buf_printf(&msg, "image %s leaves the course folder; not read", ref);
	} else if (status == ASSET_UNSUPPORTED) {
		buf_printf(&msg, "image %s:… is not a file; shown as its alt text", scheme);
	} else if (status == ASSET_REMOTE) {
		/* the book is built offline and reproducibly, so a remote image
		 * is never downloaded; say so rather than lose it quietly */
		buf_printf(&msg, "image %s is not fetched (octavo never downloads); shown as its alt text",
			   ref);
	}
	size_t wcap = L->cap_why;
	L->asset_why = xgrow(L->asset_why, &wcap, b->n_assets + 1, sizeof *L->asset_why);
	L->asset_owner = xgrow(L->asset_owner, &L->cap_why, b->n_assets + 1,
			       sizeof *L->asset_owner);
	L->asset_why[b->n_assets] = msg.len ? buf_detach(&msg) : NULL;
	L->asset_owner[b->n_assets] = owner;
	*why = L->asset_why[b->n_assets];
	buf_free(&msg);
	strmap_put(&L->asset_by_key, key, strlen(key), (intptr_t)b->n_assets);
	free(key);
	free(rel);
	free(abs);
	return (int)b->n_assets++;
}

static void resolve_image(struct loader *L, size_t li, cmark_node *n)
{
	struct lesson *l = &L->b->lessons[li];
	struct lesson_priv *lp = l->front;
	char *dirown;
	const char *why;
	const char *url = cmark_node_get_url(n);
	int a = asset_for(L, lesson_dir(l, &dirown), url ? url : "", li, &why);
	free(dirown);
	info_of(lp, n)->asset = a;
	if (why)
		node_diag(l, n, DIAG_WARNING, "%s", why);
}

static void resolve_lesson(struct loader *L, size_t li)
{
	struct lesson *l = &L->b->lessons[li];
	if (!l->doc)
		return;
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LINK)
			resolve_link(L, li, n);
		else if (t == CMARK_NODE_IMAGE)
			resolve_image(L, li, n);
	}
	cmark_iter_free(it);
}

/* A `cover:` value → asset, warning at the value in the YAML. */
static int cover_asset(struct loader *L, const char *base, const struct ynode *v,
		       size_t owner, const char *path, struct diags *d)
{
	const char *ref = yscalar(v);
	if (!ref)
		return -1;
	const char *why;
	int a = asset_for(L, base, ref, owner, &why);
	if (why)
		diag_add(d, DIAG_WARNING, path, v->line, v->col, "cover %s", why);
	return a;
}

/* ---- metadata ---------------------------------------------------------------- */

static char *date_of(const struct ynode *v)
{
	const char *s = yscalar(v);
	if (!s || strlen(s) < 10)
		return NULL;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return NULL;
		} else if (!isdigit((unsigned char)s[i])) {
			return NULL;
		}
	}
	return xstrndup(s, 10);
}

/* A text value with surrounding white space (the newline a `|` block
 * scalar ends with) taken off; NULL when absent or empty. */
static char *meta_dup(const struct ynode *map, const char *key)
{
	const char *s = yscalar(ymap_get(map, key));
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

static void fill_lesson(struct loader *L, struct lesson *l, struct cand *c, size_t section)
{
	memset(l, 0, sizeof *l);
	l->file = xstrdup(c->file);
	l->path = xstrdup(c->path);
	const char *base = strrchr(c->file, '/');
	base = base ? base + 1 : c->file;
	l->slug = lesson_key(base);
	l->front = c->lp;
	c->lp = NULL;
	struct lesson_priv *lp = l->front;
	const struct ynode *fm = lp->fm.yaml.root;
	l->title = meta_dup(fm, "title");
	if (l->title)
		srcpos_set(&l->title_at, l->path, ymap_get(fm, "title")->line,
			   ymap_get(fm, "title")->col);
	l->description = meta_dup(fm, "description");
	l->author = meta_dup(fm, "author");
	l->date = date_of(ymap_get(fm, "date"));
	l->cover = -1;
	l->section = section;
	l->body_line = lp->fm.body_line;
	(void)L;
}

/* Whether `s` is a well-formed BCP 47 tag as the EPUB needs it: hyphenated
 * subtags of letters and digits, the first 2-8 letters, the others 1-8
 * ("en_US" passes; the EPUB writes it as en-US). */
static int lang_ok(const char *s)
{
	size_t n = strlen(s), sub = 0, nsub = 0;
	if (n < 2 || n >= 36)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i == n || s[i] == '_' ? '-' : s[i];
		if (c == '-') {
			if (sub < (nsub ? 1u : 2u) || sub > 8)
				return 0;
			sub = 0;
			nsub++;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (nsub && c >= '0' && c <= '9')) {
			sub++;
		} else {
			return 0;
		}
	}
	return 1;
}

static void set_book_meta(struct loader *L, const struct nav *nv)
{
	struct book *b = L->b;
	const struct ynode *c = L->course, *site = L->site;
	const char *t = nv && nv->title && *nv->title ? nv->title : NULL;
	if (t)
		srcpos_set(&b->title_at, nv->path, nv->title_line, nv->title_col);
	const struct srcpos *first_at = b->n_lessons ? &b->lessons[0].title_at : NULL;
	if (L->single && b->n_lessons) {
		t = b->lessons[0].title;
		srcpos_set(&b->title_at, first_at->path, first_at->line, first_at->col);
	}
	if (!t) {
		const struct ynode *st = ymap_get(site, "title");
		t = yscalar(st);
		if (t)
			srcpos_set(&b->title_at, L->config_yml_path, st->line, st->col);
	}
	if (!t && b->n_lessons) {
		t = b->lessons[0].title;
		srcpos_set(&b->title_at, first_at->path, first_at->line, first_at->col);
	}
	b->title = xstrdup(t ? t : "Untitled course");
	b->author = meta_dup(c, "author");
	if (!b->author)
		b->author = meta_dup(site, "author");
	if (!b->author && b->n_lessons && b->lessons[0].author)
		b->author = xstrdup(b->lessons[0].author);
	b->description = meta_dup(c, "description");
	if (!b->description)
		b->description = meta_dup(site, "description");
	if (L->single && !b->description && b->lessons[0].description)
		b->description = xstrdup(b->lessons[0].description);
	b->date = date_of(ymap_get(c, "date_published"));
	if (!b->date)
		b->date = date_of(ymap_get(c, "date_created"));
	if (!b->date) {
		const char *newest = NULL;
		for (size_t i = 0; i < b->n_lessons; i++)
			if (b->lessons[i].date && (!newest || strcmp(b->lessons[i].date, newest) > 0))
				newest = b->lessons[i].date;
		b->date = newest ? xstrdup(newest) : NULL;
	}
	/* remember where the tag came from, so a bad one is reported at its
	 * `lang:` value by `check` too, not only when the EPUB is written */
	const char *lang = L->opt->lang, *from = NULL;
	const struct ynode *at = NULL;
	struct diags *dd = &L->course_d;
	for (size_t i = 0; !lang && i < b->n_lessons; i++) {
		struct lesson_priv *lp = b->lessons[i].front;
		at = ymap_get(lp->fm.yaml.root, "lang");
		lang = yscalar(at);
		if (lang) {
			from = b->lessons[i].path;
			dd = &lp->diags;
		}
	}
	if (!lang) {
		at = ymap_get(c, "lang");
		lang = yscalar(at);
		from = L->course_yml_path;
	}
	if (!lang) {
		at = ymap_get(site, "lang");
		lang = yscalar(at);
		from = "_config.yml";
	}
	if (lang && *lang && !lang_ok(lang))
		diag_add(dd, DIAG_WARNING, L->opt->lang ? NULL : from, L->opt->lang ? 0 : at->line,
			 L->opt->lang ? 0 : at->col,
			 "language '%s' is not a BCP 47 tag such as en or pt-BR; the EPUB says en", lang);
	/* The book model holds a well-formed tag, so no back end re-checks it:
	 * "en_US" becomes "en-US", a bad tag (warned above) becomes "en". */
	if (lang && *lang && lang_ok(lang)) {
		b->language = xstrdup(lang);
		for (char *p = b->language; *p; p++)
			if (*p == '_')
				*p = '-';
	} else {
		b->language = xstrdup("en");
	}
	const struct ynode *groups = ymap_get(c, "groups");
	if (groups && groups->type == Y_SEQ) {
		b->subjects = xcalloc(groups->n ? groups->n : 1, sizeof *b->subjects);
		for (size_t i = 0; i < groups->n; i++)
			if (yscalar(groups->kid[i]))
				b->subjects[b->n_subjects++] = xstrdup(yscalar(groups->kid[i]));
	} else if (groups && yscalar(groups)) {
		b->subjects = xcalloc(1, sizeof *b->subjects);
		b->subjects[b->n_subjects++] = xstrdup(yscalar(groups));
	}
	b->slug = slug_file(b->title);
}

static void set_covers(struct loader *L)
{
	struct book *b = L->b;
	b->cover = -1;
	if (L->course && ymap_get(L->course, "cover"))
		b->cover = cover_asset(L, "", ymap_get(L->course, "cover"), SIZE_MAX,
				       L->course_yml_path, &L->course_d);
	else if (L->site && ymap_get(L->site, "cover"))
		b->cover = cover_asset(L, "", ymap_get(L->site, "cover"), SIZE_MAX,
				       "_config.yml", &L->course_d);
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct lesson *l = &b->lessons[i];
		struct lesson_priv *lp = l->front;
		const struct ynode *v = ymap_get(lp->fm.yaml.root, "cover");
		if (!v)
			continue;
		char *dirown;
		l->cover = cover_asset(L, lesson_dir(l, &dirown), v, i, l->path, &lp->diags);
		free(dirown);
	}
	if (b->cover < 0 && b->n_lessons)
		b->cover = b->lessons[0].cover;
}

/* ---- the whole load ----------------------------------------------------------- */

static void lesson_priv_free(struct lesson_priv *lp)
{
	if (!lp)
		return;
	free(lp->text);
	linemap_free(&lp->lines);
	frontmatter_free(&lp->fm);
	srcmap_free(&lp->liquid_map);
	srcmap_free(&lp->ial_map);
	linemap_free(&lp->body_lines);
	for (struct node_info *in = lp->infos, *nx; in; in = nx) {
		nx = in->next;
		free(in->classes);
		free(in->ial_id);
		free(in->own_id);
		free(in);
	}
	strmap_free(&lp->ids);
	diag_free(&lp->diags);
	free(lp->nav_name);
	free(lp->nav_name_at.path);
	free(lp);
}

static int open_course(struct loader *L, struct diags *d)
{
	const char *course = L->opt->course ? L->opt->course : "lessons";
	struct stat st;
	if (stat(course, &st)) {
		diag_add(d, DIAG_FATAL, course, 0, 0, "cannot open the course: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (course_root_open(&L->root, course)) {
			diag_add(d, DIAG_FATAL, course, 0, 0, "cannot open the course folder: %s",
				 strerror(errno));
			return -1;
		}
		return list_folder(L, d);
	}
	/* one lesson file: its folder is the course root */
	L->single = 1;
	const char *slash = strrchr(course, '/');
	char *dir = slash ? xstrndup(course, (size_t)(slash - course) + (slash == course)) : xstrdup(".");
	int r = course_root_open(&L->root, dir);
	free(dir);
	if (r) {
		diag_add(d, DIAG_FATAL, course, 0, 0, "cannot open the lesson's folder: %s",
			 strerror(errno));
		return -1;
	}
	const char *file = slash ? slash + 1 : course;
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, DIAG_FATAL, course, 0, 0, "not a file or a folder");
		return -1;
	}
	add_cand(L, file, course);
	return 0;
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
}

static void read_parallel(void *ctx, size_t i)
{
	read_cand(ctx, i);
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
	struct nav course_nav, *used_nav = NULL;
	int have_course_nav = 0, ok = 1;
	memset(&course_nav, 0, sizeof course_nav);
	struct order o = {NULL, 0, 0};
	size_t n_read = 0;

	/* once, before any thread: registration is not thread-safe */
	cmark_gfm_core_extensions_ensure_registered();

	if (open_course(&L, &L.course_d)) {
		ok = 0;
		goto done;
	}
	b->root = xstrdup(L.root.dir);
	if (!L.single) {
		int r = load_course_yml(&L, &course_nav, &L.course_d);
		if (r < 0) {
			ok = 0;
			goto done;
		}
		have_course_nav = r == 0;
	}
	{
		int r = read_yaml_file(&L, "_config.yml", &L.config_yml, &L.config_yml_path,
				       &L.course_d);
		if (r == 0 && L.config_yml.root && L.config_yml.root->type == Y_MAP)
			L.site = L.config_yml.root;
	}
	if (L.n_cand == 0 && !have_course_nav) {
		diag_add(&L.course_d, DIAG_ERROR, L.root.dir, 0, 0,
			 "no lessons: the folder holds no .md files");
		ok = 0;
		goto done;
	}

	/* 1. read every candidate */
	run_parallel(opt->jobs, L.n_cand, read_parallel, &L);

	/* 2. order */
	n_read = L.n_cand;
	int any_nav = L.n_groups > 0;
	if (L.single) {
		struct cand *c = &L.cand[0];
		const char *sec = NULL;
		const struct nav *nv0 = c->lp->nav_group >= 0 ? L.groups[c->lp->nav_group].nav : NULL;
		for (size_t s = 0; nv0 && s < nv0->n && !sec; s++)
			for (size_t k = 0; k < nv0->s[s].n; k++)
				if (!strcmp(nv0->s[s].e[k].file, c->file))
					sec = nv0->s[s].title;
		const struct ynode *tn = ymap_get(c->lp->fm.yaml.root, "title");
		const char *t = yscalar(tn);
		if (sec || !t)
			book_add_section(b, sec ? sec : c->file, NULL, 0, 0);
		else
			book_add_section(b, t, c->path, tn->line, tn->col);
		order_push(&L, &o, 0, NULL, NULL);
	} else if (have_course_nav) {
		if (any_nav)
			pick_majority(&L, n_read, &course_nav);
		order_by_nav(&L, &course_nav, &o);
	} else if (any_nav) {
		long w = pick_majority(&L, n_read, NULL);
		order_by_nav(&L, L.groups[w].nav, &o);
		used_nav = L.groups[w].nav;
	} else {
		if (order_by_chain(&L, &o, L.site ? ymap_get(L.site, "title") : NULL))
			ok = 0;
	}
	if (L.order_failed)
		ok = 0;

	/* fill lessons in reading order */
	b->lessons = xcalloc(o.n ? o.n : 1, sizeof *b->lessons);
	{
		size_t si = 0, left = b->n_sections ? b->sections[0].count : 0;
		for (size_t k = 0; k < o.n; k++) {
			while (left == 0 && si + 1 < b->n_sections)
				left = b->sections[++si].count;
			fill_lesson(&L, &b->lessons[k], &L.cand[o.cand[k]], si);
			left--;
		}
		b->n_lessons = o.n;
		/* sections' first index: counted in order_push */
		size_t first = 0;
		for (size_t s = 0; s < b->n_sections; s++) {
			b->sections[s].first = first;
			first += b->sections[s].count;
		}
	}
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson *l = &b->lessons[k];
		char *key = lesson_key(l->file);
		strmap_put(&L.lesson_by_key, key, strlen(key), (intptr_t)k);
		free(key);
	}

	/* a lesson that could not be read stops here, but every lesson is
	 * still checked so that all problems are reported in one run */
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson_priv *lp = b->lessons[k].front;
		if (!lp->fm_ok)
			ok = 0;
	}
	/* 3. parse, in parallel — every lesson that could be read, even
	 * when another could not, so one run reports every problem */
	run_parallel(opt->jobs, b->n_lessons, parse_lesson, &L);
	/* 4. covers (so a missing cover is reported at its front matter
	 * line), then links and images */
	set_covers(&L);
	for (size_t k = 0; k < b->n_lessons; k++)
		resolve_lesson(&L, k);
	set_book_meta(&L, have_course_nav ? &course_nav : used_nav);
	/* a book without a navigation tree has one section: name it */
	if (b->n_sections == 1 && !*b->sections[0].title) {
		free(b->sections[0].title);
		b->sections[0].title = xstrdup(b->title);
		srcpos_set(&b->sections[0].title_at, b->title_at.path, b->title_at.line,
			   b->title_at.col);
	}

done:
	/* diagnostics in a fixed order: course, unread files, order, lessons */
	diag_append(d, &L.course_d);
	for (size_t i = 0; i < L.n_cand; i++)
		if (L.cand[i].lp && !L.cand[i].in_book)
			diag_free(&L.cand[i].lp->diags); /* left out: not this book's problem */
	diag_append(d, &L.order_d);
	for (size_t k = 0; k < b->n_lessons; k++) {
		struct lesson_priv *lp = b->lessons[k].front;
		diag_append(d, &lp->diags);
	}
	nav_free(&course_nav);
	free(o.cand);
	loader_free(&L);
	if (!ok || d->errors || d->fatals || (opt->strict && d->warnings)) {
		book_free(b);
		return NULL;
	}
	return b;
}

void book_free(struct book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct lesson *l = &b->lessons[i];
		free(l->file);
		free(l->path);
		free(l->slug);
		free(l->title);
		free(l->title_at.path);
		free(l->description);
		free(l->author);
		free(l->date);
		if (l->doc)
			cmark_node_free(l->doc);
		for (size_t k = 0; k < l->n_headings; k++) {
			free(l->headings[k].title);
			free(l->headings[k].id);
		}
		free(l->headings);
		lesson_priv_free(l->front);
	}
	free(b->lessons);
	for (size_t i = 0; i < b->n_sections; i++) {
		free(b->sections[i].title);
		free(b->sections[i].title_at.path);
	}
	free(b->sections);
	for (size_t i = 0; i < b->n_assets; i++) {
		free(b->assets[i].src);
		free(b->assets[i].data);
	}
	free(b->assets);
	for (size_t i = 0; i < b->n_subjects; i++)
		free(b->subjects[i]);
	free(b->subjects);
	free(b->root);
	free(b->title);
	free(b->title_at.path);
	free(b->author);
	free(b->description);
	free(b->date);
	free(b->language);
	free(b->slug);
	free(b);
}

/* ---- questions about lessons and nodes ------------------------------------- */

const char *lesson_meta(const struct lesson *l, const char *key)
{
	const struct lesson_priv *lp = l ? l->front : NULL;
	return lp ? yscalar(ymap_get(lp->fm.yaml.root, key)) : NULL;
}

void lesson_node_pos(const struct lesson *l, cmark_node *node, int *line, int *col)
{
	const struct lesson_priv *lp = l ? l->front : NULL;
	*line = *col = 0;
	if (!lp || !node)
		return;
	body_pos(lp, cmark_node_get_start_line(node), cmark_node_get_start_column(node), line, col);
}

const char *book_node_classes(cmark_node *node)
{
	const struct node_info *in = node ? cmark_node_get_user_data(node) : NULL;
	return in ? in->classes : NULL;
}

int book_node_has_class(cmark_node *node, const char *cls)
{
	const char *c = book_node_classes(node);
	size_t n = strlen(cls);
	while (c && *c) {
		size_t k = strcspn(c, " ");
		if (k == n && !strncmp(c, cls, n))
			return 1;
		c += k;
		while (*c == ' ')
			c++;
	}
	return 0;
}

const char *book_node_id(cmark_node *node)
{
	const struct node_info *in = node ? cmark_node_get_user_data(node) : NULL;
	return in ? in->id : NULL;
}

enum link_kind book_node_link(const struct book *b, cmark_node *link, size_t *lesson,
			      const char **id)
{
	(void)b;
	const struct node_info *in = link ? cmark_node_get_user_data(link) : NULL;
	if (lesson)
		*lesson = 0;
	if (id)
		*id = NULL;
	if (!in || !in->has_link)
		return LINK_BROKEN;
	if (in->link == LINK_INTERNAL) {
		if (lesson)
			*lesson = in->link_lesson;
		if (id)
			*id = in->link_id;
	}
	return in->link;
}

int book_node_asset(const struct book *b, cmark_node *image)
{
	(void)b;
	const struct node_info *in = image ? cmark_node_get_user_data(image) : NULL;
	return in ? in->asset : -1;
}

int book_asset_pos(const struct book *b, int a, const char **path, int *line, int *col)
{
	*path = NULL;
	*line = *col = 0;
	for (size_t i = 0; b && a >= 0 && i < b->n_lessons; i++) {
		const struct lesson *l = &b->lessons[i];
		if (!l->doc)
			continue;
		cmark_iter *it = cmark_iter_new(l->doc);
		cmark_event_type ev;
		cmark_node *hit = NULL;
		while (!hit && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE &&
			    book_node_asset(b, n) == a)
				hit = n;
		}
		cmark_iter_free(it);
		if (hit) {
			*path = l->path;
			lesson_node_pos(l, hit, line, col);
			return 0;
		}
	}
	return -1;
}

time_t book_time(const struct book *b, time_t source_date)
{
	if (source_date >= 0)
		return source_date;
	int y, m, d;
	if (!b->date || sscanf(b->date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return (time_t)-1;
	/* days since 1970-01-01 by the civil-calendar formula rather than
	 * timegm(): glibc's timegm keeps a static offset it writes on every
	 * call, and both back ends ask for this date at the same time. */
	long yy = m <= 2 ? y - 1 : y;
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (time_t)(era * 146097 + doe - 719468) * 86400;
}

char *book_node_text(cmark_node *node)
{
	struct buf out = BUF_INIT;
	if (!node)
		return buf_detach(&out);
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(&out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return buf_detach(&out);
}
