/* slug.h — GitHub-style heading ids and file-name-safe course names.
 *
 * Heading ids follow what GitHub (and the author's site) produce, so
 * links written as `#error-handling` keep working: lower-case, spaces
 * become `-`, punctuation and symbols are dropped, letters of any script
 * are kept. A struct slugset makes them unique within a lesson the way
 * GitHub does (`x`, `x-1`, `x-2`), in time linear in the number of
 * headings even when thousands share a title. */
#ifndef OCTAVO_SLUG_H
#define OCTAVO_SLUG_H

#include "base/strmap.h"

/* GitHub-style slug of heading text (malloc'd; may be ""). */
char *slug_heading(const char *text);
/* File-name-safe name: ASCII letters and digits, runs of anything else
 * become one `-` ("Introduction to Rust" → "introduction-to-rust");
 * "book" when nothing is left. malloc'd. */
char *slug_file(const char *text);

struct slugset {
	struct strmap used; /* id → 1 */
	struct strmap next; /* base → next suffix to try */
};
#define SLUGSET_INIT {STRMAP_INIT, STRMAP_INIT}
/* Unique id for `base` ("" becomes "section"); malloc'd. */
char *slugset_unique(struct slugset *s, const char *base);
/* 1 when `id` has been handed out. */
int slugset_has(const struct slugset *s, const char *id);
void slugset_free(struct slugset *s);

#endif
