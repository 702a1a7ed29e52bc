/* toc.h — `octavo toc`: print the resolved reading order. */
#ifndef OCTAVO_TOC_H
#define OCTAVO_TOC_H

#include <stdio.h>

#include "book/book.h"

/* Plain: one indented line per section, lesson and heading. JSON: exactly
 * {"title","author","description","sections":[{"title","lessons":
 *  [{"title","file","headings":[{"level","title","id"}]}]}]} */
void toc_print(const struct book *b, int json, FILE *out);

#endif
