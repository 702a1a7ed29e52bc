/* diag.h — the one diagnostics module.
 *
 * Every problem octavo finds is collected here as
 *     path:line:col: warning|error: message
 * the way compilers print them, so editors and CI annotate the right line.
 * Nobody else formats a diagnostic. Lists are plain values: a worker thread
 * fills its own list and the caller appends it in reading order, so output
 * never depends on thread timing.
 *
 * Severity decides the exit status (see diag_exit_status):
 *   DIAG_WARNING  the input is usable; exit 0 (1 under --strict)
 *   DIAG_ERROR    the input is broken; exit 1
 *   DIAG_FATAL    usage or I/O error (cannot read/write a file); exit 2 */
#ifndef OCTAVO_DIAG_H
#define OCTAVO_DIAG_H

#include <stddef.h>

enum diag_sev { DIAG_WARNING, DIAG_ERROR, DIAG_FATAL };

struct diag {
	enum diag_sev sev;
	char *path; /* as the user would type it; may be NULL ("octavo") */
	int line;   /* 1-based; 0 = no position */
	int col;    /* 1-based; 0 = no column */
	char *msg;
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t warnings, errors, fatals;
};

#define DIAGS_INIT {NULL, 0, 0, 0, 0, 0}

void diag_init(struct diags *d);
void diag_free(struct diags *d);
void diag_add(struct diags *d, enum diag_sev sev, const char *path, int line,
	      int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Move every entry of src to the end of dst; src is left empty. */
void diag_append(struct diags *dst, struct diags *src);
/* Print every entry to stderr in the order added. */
void diag_print(const struct diags *d);
/* Print entries from index `from` on; returns d->n (for incremental use). */
size_t diag_print_from(const struct diags *d, size_t from);
/* 0, 1 or 2 as documented above. */
int diag_exit_status(const struct diags *d, int strict);

#endif
