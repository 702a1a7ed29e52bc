/* terms.h — the book's index terms, read from what lesson authors already
 * write: Jekyll courses have no index markup, so the terms are the h2 and
 * h3 headings, strong emphasis in the text (`**ownership**`) and inline
 * code whose text also appears as code in some heading. Both back ends
 * build the same list from the same book (each its own copy: they may run
 * on two threads), so the PDF's index and the EPUB's agree.
 *
 * Terms are merged case-insensitively (accents on Latin letters folded as
 * well), sorted by that folded key, and keep the spelling of their first
 * occurrence. Junk is left out: terms over 60 bytes or under 2, terms
 * with no letter (numbers, punctuation), callout labels ("Note:"), bold
 * text that stresses rather than names (over four words, or a small word
 * such as "not" alone) and headings every few lessons repeat ("Summary":
 * a heading in three or more lessons that is never emphasised in the
 * text). */
#ifndef OCTAVO_BOOK_TERMS_H
#define OCTAVO_BOOK_TERMS_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "book/book.h"

struct term_occ {
	size_t lesson;
	cmark_node *node; /* the heading, strong or code node */
	long heading;     /* lessons[lesson].headings index of the nearest
	                   * heading at or before node, -1 none */
};

struct term {
	char *text;          /* as first written */
	char *key;           /* folded: lower case, accents dropped */
	char group[8];       /* its letter group: "A".."Z", "Symbols", or the
	                      * first character of a term in another script */
	size_t first, count; /* its occurrences: occ[first .. first+count),
	                      * in reading order */
};

struct terms {
	struct term *v; /* sorted */
	size_t n;
	struct term_occ *occ;
	size_t n_occ;
	struct term_node *by_node; /* occurrences by node address, for lookup */
};

/* Collect the terms of book b into *t (which the caller frees with
 * terms_free; an empty list when the book has none). */
void terms_build(const struct book *b, struct terms *t);
void terms_free(struct terms *t);
/* The occurrence (index into t->occ) at node n, or -1 when n is none. */
long terms_find(const struct terms *t, const cmark_node *n);

#endif
