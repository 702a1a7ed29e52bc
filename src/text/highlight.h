/* highlight.h — syntax highlighting shared by the PDF and EPUB back ends.
 *
 * Splits source code into spans, each with a token class. The back ends
 * map classes to colours (PDF theme) or CSS classes (EPUB stylesheet). */
#ifndef OCTAVO_HIGHLIGHT_H
#define OCTAVO_HIGHLIGHT_H

#include <stddef.h>

enum hl_class {
	HL_PLAIN,
	HL_KEYWORD,
	HL_TYPE,
	HL_STRING,
	HL_NUMBER,
	HL_COMMENT,
	HL_FUNCTION,
	HL_MACRO,    /* Rust macros, C preprocessor */
	HL_ATTR,     /* attributes, decorators, HTML attributes, YAML/TOML/JSON keys */
	HL_OPERATOR,
	HL_PUNCT,
	HL_BUILTIN,  /* built-in functions and constants: print, None, true */
	HL_TAG,      /* HTML/XML tags */
	HL_VARIABLE, /* shell $VAR */
	HL_CLASS_COUNT
};

struct hl_span {
	size_t start; /* byte offset into the code */
	size_t len;   /* bytes */
	enum hl_class cls;
};

/* Highlight `code` (len bytes) as language `lang` (a fence info word such as
 * "rust", "py", "sh"; NULL or unknown gives one HL_PLAIN span). Spans cover
 * the code completely, in order, without overlap. *spans is malloc'd; the
 * caller frees it. Returns the number of spans. */
size_t highlight(const char *lang, const char *code, size_t len,
		 struct hl_span **spans);

/* Whether `lang` is a language the highlighter knows. */
int highlight_knows(const char *lang);

/* CSS class for a token class, "hl-kw" etc.; NULL for HL_PLAIN. */
const char *hl_css_class(enum hl_class cls);

#endif
