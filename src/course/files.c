/* files.c — step 1 of the load: which files are lessons, and reading
 * each one. A course folder's *.md and *.markdown files (not _drafts,
 * not dotfiles) are the candidates, in natural file-name order; a single
 * lesson file is a course of one. Each candidate is read, checked as
 * UTF-8 text and split into front matter and Markdown body, on the pool's
 * threads, with its diagnostics kept in its own lesson_priv. */
#include "course/course.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/frontmatter.h"
#include "course/loadlimits.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

char *course_join_path(const char *dir, const char *file)
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

size_t add_cand(struct loader *L, const char *file, const char *path)
{
	L->cand = xgrow(L->cand, &L->cap_cand, L->n_cand + 1, sizeof *L->cand);
	struct cand *c = &L->cand[L->n_cand];
	memset(c, 0, sizeof *c);
	c->file = xstrdup(file);
	c->path = path ? xstrdup(path) : course_join_path(L->root.dir, file);
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

int open_course(struct loader *L, struct diags *d)
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

void read_cand(void *ctx, size_t i)
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
