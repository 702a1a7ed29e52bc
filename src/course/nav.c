/* nav.c — read navigation trees from course.yml and front matter (see
 * nav.h). */
#include "course/nav.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "course/path.h"
#include "base/strmap.h"
#include "base/util.h"

void nav_free(struct nav *nv)
{
	for (size_t i = 0; i < nv->n; i++) {
		for (size_t k = 0; k < nv->s[i].n; k++) {
			free(nv->s[i].e[k].file);
			free(nv->s[i].e[k].name);
			free(nv->s[i].e[k].link);
		}
		free(nv->s[i].e);
		free(nv->s[i].title);
	}
	free(nv->s);
	free(nv->title);
	free(nv->key);
	memset(nv, 0, sizeof *nv);
}

struct nav_section *nav_add_section(struct nav *nv, const char *title)
{
	nv->s = xgrow(nv->s, &nv->cap, nv->n + 1, sizeof *nv->s);
	struct nav_section *s = &nv->s[nv->n++];
	memset(s, 0, sizeof *s);
	s->title = xstrdup(title ? title : "");
	return s;
}

/* A shape error in YAML: what was expected, what was found, where. */
int yshape_error(struct diags *d, const char *path, const struct ynode *n,
		       const char *what, const char *expected)
{
	diag_add(d, DIAG_ERROR, path, n ? n->line : 0, n ? n->col : 0,
		 "%s must be %s, not %s", what, expected, ytype_name(n));
	return -1;
}

/* "01_intro.html", "01_intro.md", "01_intro", "/learn/x/01_intro.html"
 * → "01_intro.md". NULL when it leaves the course folder. */
char *nav_link_to_file(const char *link, int site)
{
	size_t n = strcspn(link, "?#");
	char *s = xstrndup(link, n);
	char *rel;
	if (s[0] == '/') {
		if (!site) {
			free(s);
			return NULL;
		}
		const char *base = strrchr(s, '/') + 1;
		rel = path_normalise("", base);
	} else {
		rel = path_normalise("", s);
	}
	free(s);
	if (!rel)
		return NULL;
	size_t len = strlen(rel);
	if (len > 5 && !strcmp(rel + len - 5, ".html")) {
		rel[len - 5] = '\0';
	} else if ((len > 3 && !strcmp(rel + len - 3, ".md")) ||
		   (len > 9 && !strcmp(rel + len - 9, ".markdown"))) {
		return rel;
	}
	struct buf b = BUF_INIT;
	buf_puts(&b, rel);
	buf_puts(&b, ".md");
	free(rel);
	return buf_detach(&b);
}

/* Entries that leave the folder are errors, but reading goes on so that
 * every bad entry is reported in one run; *bad counts them. */
static void nav_add_entry(struct nav_section *s, const struct ynode *item, const char *link,
			  const struct ynode *name_at, int site, const char *path, struct diags *d,
			  int *bad)
{
	char *file = nav_link_to_file(link, site);
	if (!file) {
		diag_add(d, DIAG_ERROR, path, item->line, item->col,
			 "navigation entry '%s' leaves the course folder", link);
		(*bad)++;
		return;
	}
	s->e = xgrow(s->e, &s->cap, s->n + 1, sizeof *s->e);
	struct nav_entry *e = &s->e[s->n++];
	e->file = file;
	const char *name = yscalar(name_at);
	e->name = name ? xstrdup(name) : NULL;
	e->name_line = name ? name_at->line : 0;
	e->name_col = name ? name_at->col : 0;
	e->link = xstrdup(link);
	e->line = item->line;
	e->col = item->col;
}

static void nav_make_key(struct nav *nv)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < nv->n; i++) {
		buf_putc(&b, 0x1d);
		buf_puts(&b, nv->s[i].title);
		for (size_t k = 0; k < nv->s[i].n; k++) {
			buf_putc(&b, 0x1e);
			buf_puts(&b, nv->s[i].e[k].file);
		}
	}
	nv->key = buf_detach(&b);
}

/* `content:` of one section: a list of file names (course.yml) or of
 * {name, link} maps (front matter). */
static int nav_read_entries(struct nav_section *s, const struct ynode *content, int site,
			    const char *path, struct diags *d)
{
	if (!content)
		return 0;
	if (content->type != Y_SEQ)
		return yshape_error(d, path, content, "a section's `content`", "a list of lessons");
	int bad = 0;
	for (size_t k = 0; k < content->n; k++) {
		const struct ynode *it = content->kid[k];
		const struct ynode *at = it;
		const char *link = NULL;
		const struct ynode *name = NULL;
		if (it->type == Y_SCALAR) {
			link = yscalar(it);
		} else if (it->type == Y_MAP) {
			at = ymap_get(it, "link");
			if (!at)
				at = ymap_get(it, "file");
			link = yscalar(at);
			if (!at)
				at = it;
			name = ymap_get(it, "name");
			if (!link) {
				const struct ynode *l = ymap_get(it, "link");
				return yshape_error(d, path, l ? l : it, "a navigation entry's `link`",
						   "a file name such as 01_intro.html");
			}
		} else {
			return yshape_error(d, path, it, "a navigation entry",
					   "a file name or a `name:`/`link:` pair");
		}
		if (!link)
			continue;
		nav_add_entry(s, at, link, name, site, path, d, &bad);
	}
	return bad ? -1 : 0;
}

/* One section item: {section: NAME, content: [...]} (front matter) or
 * {section: {name: NAME, content: [...]}} (course.yml). */
static int nav_read_section(struct nav *nv, const struct ynode *item, int site,
			    const char *path, struct diags *d)
{
	if (item->type != Y_MAP)
		return yshape_error(d, path, item, "a navigation section",
				   "a map with `section:` and `content:`");
	const struct ynode *sec = ymap_get(item, "section");
	const struct ynode *content = ymap_get(item, "content");
	const char *title = NULL;
	const struct ynode *title_at = NULL;
	if (sec && sec->type == Y_MAP) {
		const struct ynode *nm = ymap_get(sec, "name");
		if (nm && nm->type != Y_SCALAR)
			return yshape_error(d, path, nm, "a section's `name`", "text");
		title = yscalar(nm);
		title_at = nm;
		if (!content)
			content = ymap_get(sec, "content");
	} else if (sec && sec->type == Y_SCALAR && site) {
		title = yscalar(sec);
		title_at = sec;
	} else if (sec) {
		return yshape_error(d, path, sec, "`section`",
				   site ? "a name or a map" : "a map with `name:` and `content:`");
	} else if (!content) {
		return yshape_error(d, path, item, "a navigation section",
				   "a map with `section:` and `content:`");
	}
	struct nav_section *s = nav_add_section(nv, title);
	if (title) {
		s->title_line = title_at->line;
		s->title_col = title_at->col;
	}
	return nav_read_entries(s, content, site, path, d);
}

/* 1 when this very node (an alias shares it) was met before in the list:
 * it is read, and reported, once only. */
static int seen_node(struct strmap *seen, const struct ynode *n)
{
	if (strmap_get(seen, (const char *)&n, sizeof n, NULL))
		return 1;
	strmap_put(seen, (const char *)&n, sizeof n, 1);
	return 0;
}

static int nav_read_sections(struct nav *nv, const struct ynode *content, int site,
			     const char *path, struct diags *d)
{
	if (content->type != Y_SEQ)
		return yshape_error(d, path, content, "`content`", "a list of sections");
	int rc = 0;
	struct strmap seen = STRMAP_INIT;
	for (size_t i = 0; i < content->n; i++)
		if (!seen_node(&seen, content->kid[i]) &&
		    nav_read_section(nv, content->kid[i], site, path, d))
			rc = -1; /* go on: report every bad section at once */
	strmap_free(&seen);
	return rc;
}

/* An empty navigation read from `path`, written at node `at`. */
static void nav_start(struct nav *nv, const char *path, const struct ynode *at)
{
	memset(nv, 0, sizeof *nv);
	nv->path = path;
	nv->line = at->line;
	nv->col = at->col;
}

/* Front matter `navigation:` — a list holding `- name: TITLE` and
 * `- content: [sections]`. */
int nav_from_front(struct nav *nv, const struct ynode *navn, const char *path,
			  struct diags *d)
{
	nav_start(nv, path, navn);
	if (navn->type != Y_SEQ)
		return yshape_error(d, path, navn, "`navigation`",
				   "a list holding `- name:` and `- content:`");
	for (size_t i = 0; i < navn->n; i++) {
		const struct ynode *it = navn->kid[i];
		if (it->type != Y_MAP)
			return yshape_error(d, path, it, "a `navigation` item",
					   "a map (`- name: …` or `- content: …`)");
		const struct ynode *nm = ymap_get(it, "name");
		const char *name = yscalar(nm);
		if (name && !nv->title) {
			nv->title = xstrdup(name);
			nv->title_line = nm->line;
			nv->title_col = nm->col;
		}
		const struct ynode *content = ymap_get(it, "content");
		if (content && nav_read_sections(nv, content, 1, path, d))
			return -1;
	}
	nav_make_key(nv);
	return 0;
}

/* Everything a navigation says, so that equal keys mean equal trees. */
char *nav_full_key(const struct nav *nv)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, nv->title ? nv->title : "");
	for (size_t i = 0; i < nv->n; i++) {
		buf_putc(&b, 0x1d);
		buf_puts(&b, nv->s[i].title);
		for (size_t k = 0; k < nv->s[i].n; k++) {
			const struct nav_entry *e = &nv->s[i].e[k];
			buf_putc(&b, 0x1e);
			buf_puts(&b, e->file);
			buf_putc(&b, 0x1f);
			buf_puts(&b, e->link);
			buf_putc(&b, 0x1f);
			buf_puts(&b, e->name ? e->name : "\x01");
		}
	}
	return buf_detach(&b);
}


/* course.yml's map → its navigation: `name` and `content:` a list of
 * `- section: {name, content: [files]}` (a bare file name is a lesson
 * outside any section). Every bad entry is reported before returning -1. */
int nav_from_course(struct nav *nv, const struct ynode *root, const char *path,
		    struct diags *d)
{
	nav_start(nv, path, root);
	const struct ynode *nm = ymap_get(root, "name");
	const char *name = yscalar(nm);
	if (!name) {
		nm = ymap_get(root, "title");
		name = yscalar(nm);
	}
	nv->title = name ? xstrdup(name) : NULL;
	nv->title_line = name ? nm->line : 0;
	nv->title_col = name ? nm->col : 0;
	const struct ynode *content = ymap_get(root, "content");
	if (!content)
		return yshape_error(d, path, root, "course.yml", "a map with a `content:` list");
	/* course.yml entries are file names: no site-absolute paths */
	if (content->type != Y_SEQ)
		return yshape_error(d, path, content, "`content`", "a list of sections");
	int rc = 0;
	struct strmap seen = STRMAP_INIT;
	for (size_t i = 0; i < content->n; i++) {
		const struct ynode *it = content->kid[i];
		if (seen_node(&seen, it))
			continue;
		if (it->type == Y_SCALAR) {
			/* a lesson outside any section */
			if (nv->n == 0)
				nav_add_section(nv, "");
			int bad = 0;
			if (yscalar(it))
				nav_add_entry(&nv->s[nv->n - 1], it, yscalar(it), NULL, 0, path, d, &bad);
			if (bad)
				rc = -1;
			continue;
		}
		if (nav_read_section(nv, it, 0, path, d))
			rc = -1;
	}
	strmap_free(&seen);
	nav_make_key(nv);
	return rc;
}
