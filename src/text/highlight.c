/* highlight.c — a small table-driven lexer that splits code into classed
 * spans for the PDF and EPUB back ends (see highlight.h).
 *
 * It is not a parser: each language is a row of flags and word lists read
 * by one of three scanners (C-like code, markup, YAML). The aim is the
 * colouring a reader expects — comments, strings, numbers, keywords, types,
 * macros, attributes, function names — on any input, including broken
 * code: unterminated strings and comments run to the end, every byte lands
 * in exactly one span, and no scanner ever looks back, so the work is
 * linear in the input. Span boundaries only fall before ASCII bytes or at
 * the ends of runs of non-ASCII bytes, so valid UTF-8 is never split.
 *
 * This file is the entry point: it finds the language (highlight_lang.c)
 * and runs its scanner (highlight_code.c, highlight_markup.c or
 * highlight_yaml.c), all sharing highlight_scan.h. */
#include "text/highlight.h"

#include <stdlib.h>

#include "text/highlight_scan.h"

size_t highlight(const char *lang, const char *code, size_t len,
		 struct hl_span **spans)
{
	struct hl_out o = {NULL, 0, 0, 0};
	const struct lang *l = hl_find_lang(lang);
	if (code && l) {
		switch (l->scan) {
		case SCAN_CODE: hl_scan_code(l, code, len, &o); break;
		case SCAN_MARKUP: hl_scan_markup(code, len, &o); break;
		case SCAN_YAML: hl_scan_yaml(l, code, len, &o); break;
		}
	}
	emit(&o, len, len, HL_PLAIN); /* the plain tail, if any */
	if (o.n == 0) {
		/* empty code: one empty plain span keeps callers simple */
		o.v = xmalloc(sizeof *o.v);
		o.v[0].start = 0;
		o.v[0].len = len;
		o.v[0].cls = HL_PLAIN;
		o.n = 1;
	}
	*spans = o.v;
	return o.n;
}

int highlight_knows(const char *lang)
{
	return hl_find_lang(lang) != NULL;
}

const char *hl_css_class(enum hl_class cls)
{
	static const char *const names[HL_CLASS_COUNT] = {
		[HL_PLAIN] = NULL,          [HL_KEYWORD] = "hl-kw",
		[HL_TYPE] = "hl-ty",        [HL_STRING] = "hl-str",
		[HL_NUMBER] = "hl-num",     [HL_COMMENT] = "hl-com",
		[HL_FUNCTION] = "hl-fn",    [HL_MACRO] = "hl-mac",
		[HL_ATTR] = "hl-attr",      [HL_OPERATOR] = "hl-op",
		[HL_PUNCT] = "hl-pun",      [HL_BUILTIN] = "hl-bi",
		[HL_TAG] = "hl-tag",        [HL_VARIABLE] = "hl-var",
	};
	if ((int)cls < 0 || cls >= HL_CLASS_COUNT)
		return NULL;
	return names[cls];
}
