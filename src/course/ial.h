/* ial.h — kramdown inline attribute lists ({:.class}, {:class="a b"},
 * {: .note}, {:#id}) in lessons.
 *
 * Two steps around Markdown parsing. ial_strip() runs on the source: a
 * span IAL (right after an image, link or emphasis) is replaced by a
 * private marker character that cmark keeps as text; a block IAL (a line of
 * its own after or before a paragraph, heading, table, list or block
 * quote) is removed, leaving its line empty so the block ends there as it
 * does in kramdown. kramdown's header ids (`## Title {#id}`) are taken
 * off the heading line the same way. IALs inside code spans, fenced code
 * and indented code are left alone. Indented code is hard to tell from a
 * list item's or a paragraph's continuation by looking at one line, so
 * where a line could be either, the source is parsed by the caller's
 * Markdown parser to find the indented code blocks; lessons with no such
 * line pay nothing for it.
 * ial_attach() runs on the parsed tree: it takes the markers out of the
 * text and gives each IAL's classes (and id) to the element it belongs
 * to, through a callback, so no IAL syntax is left in the book. */
#ifndef OCTAVO_IAL_H
#define OCTAVO_IAL_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "base/diag.h"
#include "course/srcmap.h"

enum ial_kind {
	IAL_SPAN,   /* right after an inline element */
	IAL_AFTER,  /* own line, after the block it belongs to */
	IAL_BEFORE, /* own line, before the block it belongs to */
	IAL_LINE    /* kramdown header id: "## Title {#id}" */
};

struct ial {
	enum ial_kind kind;
	char *classes; /* space separated, or NULL */
	char *id;      /* from #id, or NULL */
	char *raw;     /* span IAL: its text as written, to put back where a
			  marker lands in code, HTML or a URL */
	int line;      /* line in the stripped text (same as in its input) */
	int quotes;    /* block IAL: how many `>` precede it on its line */
};

struct ial_list {
	struct ial *v;
	size_t n, cap;
};

void ial_list_free(struct ial_list *l);

/* Parse the inside of one IAL ("{:.a.b #x class=\"c d\"}" without the
 * braces and colon) into classes and id (malloc'd or NULL). */
void ial_parse(const char *s, size_t n, char **classes, char **id);

/* Parses Markdown as the caller will parse ial_strip's output (same
 * options and extensions, source positions on); the caller frees the tree. */
typedef cmark_node *(*ial_parse_fn)(const char *text, size_t len);

/* Source step; see above. `parse` finds indented code (NULL: no line is
 * taken as indented code). Never fails (past LIMIT_IALS the rest are just
 * removed, with one warning). */
void ial_strip(const char *in, size_t len, const char *path, ial_parse_fn parse, char **out,
	       size_t *out_len, struct srcmap *map, struct ial_list *ials,
	       struct diags *d);

/* Tree step. `give` is called for each IAL that found its element. */
typedef void (*ial_give_fn)(void *ctx, cmark_node *node, const struct ial *ial);
void ial_attach(cmark_node *doc, const struct ial_list *ials, ial_give_fn give,
		void *ctx);

#endif
