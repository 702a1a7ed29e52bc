/* pdf.c — PLACEHOLDER until the PDF back end lands (issue 4). */
#include "backend.h"
int pdf_write(const struct book *b, const struct build_options *opt, const char *out_path, struct diags *d)
{ (void)b; (void)opt; diag_add(d, DIAG_FATAL, out_path, 0, 0, "PDF output is not implemented yet"); return -1; }
