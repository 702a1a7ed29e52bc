/* frontmatter.h — one lesson file's text: encoding checks, line-ending
 * normalisation, and the split into YAML front matter and Markdown body.
 *
 * Real lessons have a UTF-8 byte-order mark, CRLF line ends, trailing
 * spaces after `---`, blank lines inside the front matter and no final
 * newline; all of those load. A file that is not UTF-8 text (UTF-16, NUL
 * bytes, invalid UTF-8, i.e. most binary files) is refused with the
 * position of the first bad byte, before anything else looks at it. */
#ifndef OCTAVO_FRONTMATTER_H
#define OCTAVO_FRONTMATTER_H

#include <stddef.h>

#include "base/diag.h"
#include "course/yamlx.h"

/* Offset of the first byte that is not part of valid UTF-8 (overlongs,
 * surrogates and values above U+10FFFF count as invalid), or len. */
size_t utf8_invalid_at(const char *s, size_t len);

/* Check raw file bytes and normalise them in place: drop a UTF-8 BOM and
 * turn CRLF and lone CR into LF. Line and column numbers of everything
 * are unchanged by this. On bad input adds one DIAG_ERROR and returns -1. */
int text_normalise(const char *path, char *raw, size_t *len, struct diags *d);

struct frontmatter {
	struct ydoc yaml; /* yaml.root: a Y_MAP, or NULL when there is none */
	size_t body_off;  /* where the Markdown starts in the text */
	int body_line;    /* its line number (1-based) */
};

/* Split normalised text and parse the front matter. Returns 0, or -1 after
 * one DIAG_ERROR (never closed, malformed YAML, not a map, too large). */
int frontmatter_parse(const char *path, const char *text, size_t len,
		      struct frontmatter *fm, struct diags *d);
void frontmatter_free(struct frontmatter *fm);

#endif
