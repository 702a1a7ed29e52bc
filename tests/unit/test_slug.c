/* test_slug.c — GitHub-style heading ids and file-name slugs. */
#include <stdlib.h>

#include "course/slug.h"
#include "unit.h"

static void slug_is(const char *name, const char *text, const char *want)
{
	char *s = slug_heading(text);
	CHECK_STR(name, s, want);
	free(s);
}

int main(void)
{
	slug_is("slug lower-cases and dashes spaces", "Error Handling in Rust", "error-handling-in-rust");
	slug_is("slug drops punctuation", "Rust vs. Python: Understanding the Differences",
		"rust-vs-python-understanding-the-differences");
	slug_is("slug keeps - and _", "snake_case and kebab-case", "snake_case-and-kebab-case");
	slug_is("slug drops curly quotes", "Why \xe2\x80\x9c" "Bowline\xe2\x80\x9d?", "why-bowline");
	slug_is("slug keeps letters of any script", "Caf\xc3\xa9 \xd0\x9c\xd0\xb8\xd1\x80", "caf\xc3\xa9-\xd0\x9c\xd0\xb8\xd1\x80");
	slug_is("slug lower-cases Latin-1 capitals", "\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9");
	slug_is("slug drops emoji", "Fast \xf0\x9f\x9a\x80 code", "fast--code");
	slug_is("slug keeps each space", "a  b", "a--b");

	struct slugset ss = SLUGSET_INIT;
	char *a = slugset_unique(&ss, "intro"), *b = slugset_unique(&ss, "intro");
	char *c = slugset_unique(&ss, "intro-1"), *d = slugset_unique(&ss, "intro");
	char *e = slugset_unique(&ss, "");
	CHECK_STR("unique: first as is", a, "intro");
	CHECK_STR("unique: second gets -1", b, "intro-1");
	CHECK_STR("unique: a literal intro-1 is moved on", c, "intro-1-1");
	CHECK_STR("unique: third skips taken ids", d, "intro-2");
	CHECK_STR("unique: empty becomes section", e, "section");
	free(a), free(b), free(c), free(d), free(e);
	/* thousands of identical headings: linear, all distinct */
	int distinct = 1;
	char *last = NULL;
	for (int i = 0; i < 5000; i++) {
		char *s = slugset_unique(&ss, "same");
		if (i == 4999)
			distinct = !slugset_has(&ss, "same-5000") && slugset_has(&ss, "same-4999");
		free(last);
		last = s;
	}
	CHECK_STR("unique: 5000th identical heading", last, "same-4999");
	CHECK("unique: nothing skipped or repeated", distinct);
	free(last);
	slugset_free(&ss);

	char *f = slug_file("Introduction to Rust!"), *g = slug_file("???");
	CHECK_STR("file slug", f, "introduction-to-rust");
	CHECK_STR("file slug of nothing", g, "book");
	free(f), free(g);
	return unit_done();
}
