/* fuzz_pipeline.c — libFuzzer target for the whole pipeline: one lesson
 * (plus optional course.yml, second lesson and image, see fuzz_course.h)
 * → book_load → pdf_write and epub_write into a scratch folder. Finds what
 * only the back ends trip over: odd trees, huge or empty text runs, broken
 * images that passed the loader. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "book/backend.h"
#include "book/book.h"
#include "base/diag.h"

#include "fuzz_course.h"

static char data_dir[FUZZ_PATH_MAX]; /* fonts/ and styles/ */
static char out_pdf[FUZZ_PATH_MAX], out_epub[FUZZ_PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	/* tests/fuzz/run.sh runs from the source tree, which holds fonts/. */
	const char *env = getenv("OCTAVO_DATA_DIR");
	if (!realpath(env && *env ? env : ".", data_dir))
		abort();
	fuzz_path(out_pdf, fuzz_scratch, "out.pdf");
	fuzz_path(out_epub, fuzz_scratch, "out.epub");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write_course(data, size);
	struct load_options lo = {.course = fuzz_dir, .jobs = 1};
	struct build_options bo = {.data_dir = data_dir, .source_date = 0, .quiet = 1};
	struct diags d = DIAGS_INIT;
	struct book *b = book_load(&lo, &d);
	if (b) {
		pdf_write(b, &bo, out_pdf, &d);
		epub_write(b, &bo, out_epub, &d);
		book_free(b);
	}
	diag_free(&d);
	return 0;
}
