/* fuzz_load.c — libFuzzer target for the loader: front matter, course.yml,
 * Liquid, IAL and Markdown, then every question a back end asks of the
 * book model (classes, ids, links, assets, node text) and `octavo toc`.
 * See fuzz_course.h for how one input becomes a course folder. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "book/book.h"
#include "base/diag.h"
#include "cli/cli.h"

#include "fuzz_course.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/* Ask the book about every node, the way the back ends do. */
static void walk_lesson(const struct book *b, const struct lesson *l)
{
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *cls = book_node_classes(n);
		if (cls)
			book_node_has_class(n, "cover");
		book_node_id(n);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_LINK: {
			size_t li = 0;
			const char *id = NULL;
			if (book_node_link(b, n, &li, &id) == LINK_INTERNAL &&
			    li >= b->n_lessons)
				abort(); /* the contract: an index into lessons */
			break;
		}
		case CMARK_NODE_IMAGE: {
			int a = book_node_asset(b, n);
			if (a >= (int)b->n_assets)
				abort();
			break;
		}
		case CMARK_NODE_HEADING:
		case CMARK_NODE_PARAGRAPH:
			free(book_node_text(n));
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < l->n_headings; i++)
		if (!l->headings[i].id || !l->headings[i].title)
			abort();
	lesson_meta(l, "title");
	lesson_meta(l, "cover");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write_course(data, size);
	struct load_options opt = {.course = fuzz_dir, .jobs = 1};
	struct diags d = DIAGS_INIT;
	struct book *b = book_load(&opt, &d);
	if (b) {
		for (size_t i = 0; i < b->n_lessons; i++)
			walk_lesson(b, &b->lessons[i]);
		toc_print(b, 0, devnull);
		toc_print(b, 1, devnull);
		book_free(b);
	}
	diag_free(&d);
	return 0;
}
