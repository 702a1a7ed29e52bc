/* epub.c — PLACEHOLDER until the EPUB back end lands (issue 3). */
#include "backend.h"
int epub_write(const struct book *b, const struct build_options *opt, const char *out_path, struct diags *d)
{ (void)b; (void)opt; diag_add(d, DIAG_FATAL, out_path, 0, 0, "EPUB output is not implemented yet"); return -1; }
