/* para.h — private to src/typeset/: what setting a paragraph's lines
 * (lines.c) needs from building it (para.c). The rest of a paragraph's
 * interface is public, in layout.h. */
#ifndef OCTAVO_TYPESET_PARA_H
#define OCTAVO_TYPESET_PARA_H

#include "typeset/layout.h"

/* Close p for the line breaker: drop its trailing spaces and a forced
 * break at its very end (it would add an empty line), then end it with
 * infinite-stretch glue and a forced break, as linebreak() requires.
 * p keeps its items; only the tail changes. */
void para_finish(struct para *p);

/* Give p's whole words (struct para's n_whole) their hyphenation points:
 * p's items become those para_add would have made had it hyphenated
 * each word as it came. */
void para_expand(struct para *p, const struct layout *L);

#endif
