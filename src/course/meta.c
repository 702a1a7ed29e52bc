/* meta.c — what the book and each lesson are called and by whom: the
 * course folder's course.yml and _config.yml, read once, and the metadata
 * taken from them and from the lessons' front matter (title, author,
 * description, date, language, subjects). Where a title came from is kept
 * as a struct srcpos, so a back end can point at it. */
#include "course/course.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "course/frontmatter.h"
#include "course/loadlimits.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/slug.h"
#include "course/yamlx.h"

void srcpos_set(struct srcpos *p, const char *path, int line, int col)
{
	free(p->path);
	p->path = path ? xstrdup(path) : NULL;
	p->line = path ? line : 0;
	p->col = path ? col : 0;
}

int read_yaml_file(struct loader *L, const char *name, struct ydoc *doc,
			  char **path_out, struct diags *d)
{
	char *rel = NULL, *abs = NULL;
	enum path_status st = path_resolve(&L->root, "", name, PATH_STRICT, &rel, &abs);
	free(rel);
	if (st == PATH_MISSING)
		return 1;
	char *path = course_join_path(L->root.dir, name);
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

int load_course_yml(struct loader *L, struct nav *nv, struct diags *d)
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

/* Point *p at map m's value `key` in file `path`, when `have` (the value
 * was taken from there). */
static void at_value(struct srcpos *p, const char *have, const struct ynode *m, const char *key,
		     const char *path)
{
	const struct ynode *v = have ? ymap_get(m, key) : NULL;
	if (v)
		srcpos_set(p, path, v->line, v->col);
}

void fill_lesson(struct loader *L, struct lesson *l, struct cand *c, size_t section)
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
	at_value(&l->description_at, l->description, fm, "description", l->path);
	at_value(&l->author_at, l->author, fm, "author", l->path);
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

/* The book's title: the navigation's, a single lesson's, _config.yml's,
 * else the first lesson's; "Untitled course" when there is none. */
static void book_title(struct loader *L, const struct nav *nv)
{
	struct book *b = L->b;
	const char *t = nv && nv->title && *nv->title ? nv->title : NULL;
	if (t)
		srcpos_set(&b->title_at, nv->path, nv->title_line, nv->title_col);
	const struct srcpos *first_at = b->n_lessons ? &b->lessons[0].title_at : NULL;
	if (L->single && b->n_lessons) {
		t = b->lessons[0].title;
		srcpos_set(&b->title_at, first_at->path, first_at->line, first_at->col);
	}
	if (!t) {
		const struct ynode *st = ymap_get(L->site, "title");
		t = yscalar(st);
		if (t)
			srcpos_set(&b->title_at, L->config_yml_path, st->line, st->col);
	}
	if (!t && b->n_lessons) {
		t = b->lessons[0].title;
		srcpos_set(&b->title_at, first_at->path, first_at->line, first_at->col);
	}
	b->title = xstrdup(t ? t : "Untitled course");
}

/* Author, description and date: course.yml's, else _config.yml's, else
 * the lessons' (the first one's author, a single lesson's description,
 * the newest date). */
static void book_credits(struct loader *L)
{
	struct book *b = L->b;
	const struct ynode *c = L->course, *site = L->site;
	const struct srcpos *at = NULL;
	b->author = meta_dup(c, "author");
	at_value(&b->author_at, b->author, c, "author", L->course_yml_path);
	if (!b->author) {
		b->author = meta_dup(site, "author");
		at_value(&b->author_at, b->author, site, "author", L->config_yml_path);
	}
	if (!b->author && b->n_lessons && b->lessons[0].author) {
		b->author = xstrdup(b->lessons[0].author);
		at = &b->lessons[0].author_at;
		srcpos_set(&b->author_at, at->path, at->line, at->col);
	}
	b->description = meta_dup(c, "description");
	at_value(&b->description_at, b->description, c, "description", L->course_yml_path);
	if (!b->description) {
		b->description = meta_dup(site, "description");
		at_value(&b->description_at, b->description, site, "description",
			 L->config_yml_path);
	}
	if (L->single && !b->description && b->lessons[0].description) {
		b->description = xstrdup(b->lessons[0].description);
		at = &b->lessons[0].description_at;
		srcpos_set(&b->description_at, at->path, at->line, at->col);
	}
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
}

/* The language: --lang, else the first lesson's `lang`, else course.yml's,
 * else _config.yml's, else "en". */
static void book_language(struct loader *L)
{
	struct book *b = L->b;
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
		at = ymap_get(L->course, "lang");
		lang = yscalar(at);
		from = L->course_yml_path;
	}
	if (!lang) {
		at = ymap_get(L->site, "lang");
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
}

/* course.yml's `groups`, a list or one value, as the book's subjects. */
static void book_subjects(struct book *b, const struct ynode *c)
{
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
}

void set_book_meta(struct loader *L, const struct nav *nv)
{
	book_title(L, nv);
	book_credits(L);
	book_language(L);
	book_subjects(L->b, L->course);
	L->b->slug = slug_file(L->b->title);
}
