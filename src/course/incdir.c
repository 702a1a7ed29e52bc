/* incdir.c — which folder `{% include %}` reads from (see include.c).
 *
 * In order: `--includes DIR` (anywhere: the user named it); `includes:` in
 * course.yml, else in _config.yml (a folder inside the course folder, as
 * every other path in those files); else, when the course sits in a
 * Jekyll site, the site's `_includes`: the folder beside the first
 * `_config.yml` found walking up from the course folder to the file-system
 * root. The walk only looks for that file (nothing above the course is
 * read but the includes folder itself) and stops at the first one, with
 * or without an `_includes` beside it. The book records the answer and
 * how it was found, for `-v`. */
#include "course/course.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/util.h"

/* `dir` (as the user wrote it) `up` folders higher, written as the user
 * would: "site/learn/c" up 2 → "site", "c" up 2 → "..", "." up 1 → "..". */
static char *shown_up(const char *dir, int up)
{
	/* room for the path and "/.." per level */
	size_t cap = strlen(dir) + 3 * (size_t)up + 3;
	char *s = xmalloc(cap);
	strcpy(s, *dir ? dir : ".");
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	for (int k = 0; k < up; k++) {
		char *last = strrchr(s, '/');
		const char *comp = last ? last + 1 : s;
		if (!strcmp(s, "/"))
			break;
		if (!strcmp(comp, ".."))
			strcat(s, "/..");
		else if (!strcmp(s, "."))
			strcpy(s, "..");
		else if (last)
			last[last == s] = '\0';
		else
			strcpy(s, ".");
	}
	return s;
}

static void set_found(struct loader *L, const char *shown, const char *how)
{
	L->inc_shown = xstrdup(shown);
	L->b->includes = xstrdup(shown);
	L->b->includes_how = xstrdup(how);
}

/* `includes:` (node v of file `from`): a folder inside the course. */
static int includes_in_course(struct loader *L, const struct ynode *v,
                              const char *from, struct diags *d)
{
	const char *val = yscalar(v);
	if (!val || !*val) {
		diag_add(d, DIAG_ERROR, from, v->line, v->col,
		         "`includes` must name a folder in the course folder");
		return -1;
	}
	char *rel = val[0] == '/' ? NULL : path_normalise("", val);
	struct buf full = BUF_INIT;
	if (rel)
		buf_printf(&full, "%s/%s", L->root.real, rel);
	int ok = rel && !course_root_open(&L->inc, buf_cstr(&full));
	buf_free(&full);
	size_t n = strlen(L->root.real);
	if (ok && strcmp(L->root.real, "/") &&
	    (strncmp(L->inc.real, L->root.real, n) ||
	     (L->inc.real[n] && L->inc.real[n] != '/'))) {
		course_root_close(&L->inc);
		free(rel);
		rel = NULL;
	}
	if (!rel || !ok) {
		diag_add(d, DIAG_ERROR, from, v->line, v->col,
		         "includes folder '%s' %s", val,
		         rel ? "is not a folder in the course folder"
		             : "leaves the course folder");
		free(rel);
		return -1;
	}
	char *shown = course_join_path(L->root.dir, rel);
	struct buf how = BUF_INIT;
	buf_printf(&how, "named by `includes:` in %s", from);
	set_found(L, shown, buf_cstr(&how));
	buf_free(&how);
	free(shown);
	free(rel);
	return 0;
}

/* The Jekyll site's _includes, walking up from the course folder. */
static void walk_up(struct loader *L)
{
	char *cur = xstrdup(L->root.real);
	int up = 0, found = 0;
	for (;;) {
		struct buf cfg = BUF_INIT;
		buf_printf(&cfg, "%s/_config.yml", strcmp(cur, "/") ? cur : "");
		struct stat st;
		found = !stat(buf_cstr(&cfg), &st) && S_ISREG(st.st_mode);
		buf_free(&cfg);
		char *slash = strrchr(cur, '/');
		if (found || !slash || !strcmp(cur, "/"))
			break;
		slash[slash == cur] = '\0';
		up++;
	}
	char *site = shown_up(L->root.dir, up);
	char *shown = course_join_path(site, "_includes");
	struct buf dir = BUF_INIT, how = BUF_INIT;
	buf_printf(&dir, "%s/_includes", strcmp(cur, "/") ? cur : "");
	if (!found) {
		L->b->includes_how = xstrdup(
		    "no includes folder: no Jekyll _config.yml in or above "
		    "the course folder");
	} else if (course_root_open(&L->inc, buf_cstr(&dir))) {
		buf_printf(&how,
		           "no includes folder: the Jekyll site at %s has no "
		           "_includes",
		           site);
		L->b->includes_how = buf_detach(&how);
	} else {
		buf_printf(&how,
		           "found beside the Jekyll site's %s/_config.yml, "
		           "walking up from "
		           "the course folder",
		           site);
		set_found(L, shown, buf_cstr(&how));
	}
	buf_free(&dir);
	buf_free(&how);
	free(shown);
	free(site);
	free(cur);
}

int find_includes(struct loader *L, struct diags *d)
{
	const char *opt = L->opt->includes;
	if (opt) {
		struct stat st;
		const char *why = stat(opt, &st)         ? strerror(errno)
		                  : !S_ISDIR(st.st_mode) ? "not a folder"
		                                         : NULL;
		if (why || course_root_open(&L->inc, opt)) {
			diag_add(d, DIAG_FATAL, opt, 0, 0,
			         "cannot open the includes folder: %s",
			         why ? why : strerror(errno));
			return -1;
		}
		char *shown = xstrdup(opt);
		size_t n = strlen(shown);
		while (n > 1 && shown[n - 1] == '/')
			shown[--n] = '\0';
		set_found(L, shown, "named by --includes");
		free(shown);
		return 0;
	}
	const struct ynode *v = ymap_get(L->course, "includes");
	const char *from = L->course_yml_path;
	if (!v) {
		v = ymap_get(L->site, "includes");
		from = L->config_yml_path;
	}
	if (v)
		return includes_in_course(L, v, from, d);
	walk_up(L);
	return 0;
}
