/* highlight.c — PLACEHOLDER: everything is plain until the highlighter lands. */
#include <stdlib.h>
#include "highlight.h"
#include "util.h"
size_t highlight(const char *lang, const char *code, size_t len, struct hl_span **spans)
{ (void)lang; (void)code; *spans = xmalloc(sizeof **spans); (*spans)[0].start = 0; (*spans)[0].len = len; (*spans)[0].cls = HL_PLAIN; return 1; }
int highlight_knows(const char *lang) { (void)lang; return 0; }
const char *hl_css_class(enum hl_class cls) { (void)cls; return NULL; }
