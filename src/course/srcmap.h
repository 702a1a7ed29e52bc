/* srcmap.h — rewrite text while remembering where every output byte came
 * from.
 *
 * Liquid and kramdown attribute lists are applied to a lesson before
 * Markdown parsing, which moves text about. A diagnostic found later (a
 * broken link at line 12 column 30 of the rewritten text) must still name
 * the line and column of the file the author edits. A struct rewriter
 * copies or replaces spans of its input into an output buffer and records
 * one segment per replacement; srcmap_to_input() maps an output offset
 * back to an input offset. Replacements never add or remove newlines
 * (callers make sure of it), so line numbers stay the same either way. */
#ifndef OCTAVO_SRCMAP_H
#define OCTAVO_SRCMAP_H

#include <stddef.h>

#include "base/buf.h"

struct srcmap_seg {
	size_t out, out_len; /* replacement text in the output */
	size_t in, in_len;   /* the input text it replaced */
};

struct srcmap {
	struct srcmap_seg *v; /* in increasing output order */
	size_t n, cap;
};

struct rewriter {
	const char *in; /* the text being rewritten (not owned) */
	size_t in_len;
	size_t pos;     /* input consumed so far */
	struct buf out;
	struct srcmap map;
};

void rewriter_init(struct rewriter *rw, const char *in, size_t len);
/* Copy input up to offset `to` unchanged. */
void rewriter_copy(struct rewriter *rw, size_t to);
/* Replace input [pos, to) with `repl` (n bytes). */
void rewriter_replace(struct rewriter *rw, size_t to, const char *repl, size_t n);
/* Copy the rest of the input; hand the map over to *map (caller frees
 * with srcmap_free) and the text to *text (caller frees). */
void rewriter_finish(struct rewriter *rw, char **text, size_t *len, struct srcmap *map);

void srcmap_free(struct srcmap *m);
/* Offset in the input that produced output offset `out`. A position inside
 * a replacement maps into the replaced text, clamped to its end. */
size_t srcmap_to_input(const struct srcmap *m, size_t out);

/* Line starts of a text, for offset ↔ line:col (both 1-based; columns in
 * bytes, the way compilers and cmark count them). */
struct linemap {
	size_t *start; /* start[i] = offset of line i + 1 */
	size_t n;
};
void linemap_build(struct linemap *lm, const char *text, size_t len);
void linemap_free(struct linemap *lm);
void linemap_pos(const struct linemap *lm, size_t off, int *line, int *col);
/* Offset of line:col, clamped to the text. */
size_t linemap_offset(const struct linemap *lm, size_t len, int line, int col);

#endif
