/* backend.h — the two back ends, behind one shape: write(book) → file.
 *
 * main.c picks back ends by output extension and hands each a temporary
 * path; it renames the file into place only when write returns 0, so a
 * failed build never leaves a half-written file. A back end never reads
 * the course folder: everything it needs is in the struct book. It may read
 * its own resources (fonts/, styles/) under opt->data_dir.
 *
 * The PDF and the EPUB may be written at the same time on two threads from
 * one book: a back end only reads the book, reports into the list it is
 * given, and keeps no state outside its own call. */
#ifndef OCTAVO_BACKEND_H
#define OCTAVO_BACKEND_H

#include <time.h>

#include "book/book.h"
#include "base/diag.h"

struct build_options {
	const char *data_dir;   /* folder holding fonts/ and styles/ */
	const char *style;      /* --style NAME or FILE; NULL = "default" */
	time_t source_date;     /* SOURCE_DATE_EPOCH, or -1 when unset */
	int quiet, verbose;
	int duplex;             /* --duplex: as the theme's `duplex: true` */
	int jobs;               /* -j: threads for the PDF's lesson layout; 0 one per core */
	int untagged;           /* --untagged: a PDF without structure (to time tagging) */
	/* pdf_write calls this (when set) once its set-up (fonts, images,
	 * patterns: two threads already) is done; main.c holds the EPUB
	 * back until then so that it runs beside the PDF's layout instead */
	void (*pdf_setup_done)(void *arg);
	void *pdf_setup_arg;
	/* the PDF's hyphenation patterns, read while the course loaded
	 * (pdf_prefetch_start), or NULL */
	struct pdf_prefetch *prefetch;
};

/* Start reading the hyphenation patterns of lang (NULL: English) on a
 * thread of their own, for a pdf_write to come; NULL when there are none
 * or no thread. pdf_prefetch_free waits for the thread and frees what
 * pdf_write did not take. */
struct pdf_prefetch *pdf_prefetch_start(const char *lang);
void pdf_prefetch_free(struct pdf_prefetch *pf);

/* Each returns 0 on success; on failure it has added at least one
 * diagnostic (DIAG_FATAL for I/O, DIAG_ERROR for bad input) and the file at
 * out_path may be partial (the caller removes it). */
int epub_write(const struct book *b, const struct build_options *opt,
	       const char *out_path, struct diags *d);
/* Load libzip now, ahead of epub_write, which otherwise loads it when it
 * zips (once a process; a failure is reported there). */
void epub_preload(void);
int pdf_write(const struct book *b, const struct build_options *opt,
	      const char *out_path, struct diags *d);

#endif
