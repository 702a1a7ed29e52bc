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

#endif
