/* cli.h — src/cli/: the octavo command, the top of the pipeline.
 *
 * main.c reads the command line, loads the course through book_load()
 * (src/book/book.h, implemented in src/course/), and hands the finished
 * book to the back ends picked by each output's extension (pdf_write and
 * epub_write, src/book/backend.h), on one or two threads; it owns output
 * safety: temporary names, renaming into place, cleaning up on signals,
 * and the exit status. toc.c prints `octavo toc`. This folder may use
 * every other folder's public header, and nothing includes it.
 *
 * toc_print — `octavo toc`: print the resolved reading order. */
#ifndef OCTAVO_CLI_H
#define OCTAVO_CLI_H

#include <stdio.h>

#include "book/book.h"

/* Plain: one indented line per section, lesson and heading. JSON: exactly
 * {"title","author","description","sections":[{"title","lessons":
 *  [{"title","file","headings":[{"level","title","id"}]}]}]} */
void toc_print(const struct book *b, int json, FILE *out);

#endif
