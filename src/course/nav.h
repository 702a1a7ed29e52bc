/* nav.h — navigation trees: the reading order a course declares, read
 * from course.yml or from the `navigation:` list in lesson front matter.
 *
 * Both forms become one struct nav (sections of entries, each entry a
 * course-relative lesson file and where it was written), so ordering,
 * comparing navigations between lessons and reporting missing lessons do
 * not care which form the course uses. Shape errors (a string where a map
 * belongs, a `..` entry) are reported with the position of the YAML node
 * and every one is reported before a reader gives up. */
#ifndef OCTAVO_NAV_H
#define OCTAVO_NAV_H

#include <stddef.h>

#include "base/diag.h"
#include "course/yamlx.h"

struct nav_entry {
	char *file;      /* course-relative lesson file */
	char *name;      /* title given in the navigation, or NULL */
	char *link;      /* as written: "01_intro.html" */
	int line, col;   /* where the entry is written */
	int name_line, name_col; /* where `name` is written */
};

struct nav_section {
	char *title;
	int title_line, title_col; /* where the title is written; 0 if none */
	struct nav_entry *e;
	size_t n, cap;
};

struct nav {
	char *title;          /* course title, or NULL */
	int title_line, title_col;
	struct nav_section *s;
	size_t n, cap;
	char *key;            /* sections and files, for comparing navigations */
	const char *path;     /* file the navigation was read from */
	int line, col;
};

void nav_free(struct nav *nv);
struct nav_section *nav_add_section(struct nav *nv, const char *title);

/* Front matter `navigation:` (a list holding `- name: TITLE` and
 * `- content: [sections]`) → *nv. 0, or -1 after diagnostics. */
int nav_from_front(struct nav *nv, const struct ynode *navn, const char *path,
		   struct diags *d);
int nav_from_course(struct nav *nv, const struct ynode *root, const char *path,
		    struct diags *d);

/* "01_intro.html", "01_intro.md", "01_intro", and with `site` also
 * "/learn/x/01_intro.html" → "01_intro.md" (malloc'd); NULL when the link
 * leaves the course folder. */
char *nav_link_to_file(const char *link, int site);

/* Everything a navigation says (titles, files, links, names), so that
 * equal keys mean equal trees; malloc'd. nv->key holds the shorter key of
 * sections and files only. */
char *nav_full_key(const struct nav *nv);

/* "WHAT must be EXPECTED, not <what n is>" at n; returns -1. */
int yshape_error(struct diags *d, const char *path, const struct ynode *n,
		 const char *what, const char *expected);

#endif
