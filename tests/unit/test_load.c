/* test_load.c — front matter quirks, ordering, the link map, assets and
 * metadata, through book_load() on small courses written to a temporary
 * folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "book/book.h"
#include "course/frontmatter.h"
#include "unit.h"

static char top[64];

static void put(const char *rel, const void *data, size_t n)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", top, rel);
	/* mkdir -p of the folders on the way */
	for (char *q = p + strlen(top) + 1; (q = strchr(q, '/')) != NULL; q++) {
		*q = '\0';
		mkdir(p, 0755);
		*q = '/';
	}
	FILE *f = fopen(p, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

static void puts_file(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

/* front matter of `text`: the title, or "(error)" / "(none)" */
static const char *fm_title(const char *text, int *body_line, size_t *nerr)
{
	static char out[128];
	char *t = strdup(text);
	size_t len = strlen(t);
	struct diags d = DIAGS_INIT;
	struct frontmatter fm;
	snprintf(out, sizeof out, "(error)");
	if (text_normalise("t.md", t, &len, &d) == 0 && frontmatter_parse("t.md", t, len, &fm, &d) == 0) {
		const char *v = yscalar(ymap_get(fm.yaml.root, "title"));
		snprintf(out, sizeof out, "%s", v ? v : "(none)");
		if (body_line)
			*body_line = fm.body_line;
		frontmatter_free(&fm);
	}
	if (nerr)
		*nerr = d.errors;
	diag_free(&d);
	free(t);
	return out;
}

static struct book *load(const char *course, struct diags *d)
{
	struct load_options o = {course, NULL, 0, 2, NULL};
	return book_load(&o, d);
}

static int has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++) {
		char line[1024];
		snprintf(line, sizeof line, "%s:%d:%d: %s", d->v[i].path ? d->v[i].path : "", d->v[i].line,
			 d->v[i].col, d->v[i].msg);
		if (strstr(line, needle))
			return 1;
	}
	return 0;
}

static cmark_node *find(cmark_node *doc, cmark_node_type t, int nth)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *hit = NULL;
	while (!hit && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == t && nth-- == 0)
			hit = n;
	}
	cmark_iter_free(it);
	return hit;
}

static void test_front_matter(void)
{
	int line = 0;
	size_t e;
	CHECK_STR("fm plain", fm_title("---\ntitle: A\n---\nbody\n", &line, NULL), "A");
	CHECK("fm body line", line == 4);
	CHECK_STR("fm trailing spaces after ---", fm_title("---   \ntitle: B\n--- \t\nx", NULL, NULL), "B");
	CHECK_STR("fm blank lines inside", fm_title("---\n\ntitle: C\n\nlayout: x\n---\n", NULL, NULL), "C");
	CHECK_STR("fm no final newline", fm_title("---\ntitle: D\n---", NULL, NULL), "D");
	CHECK_STR("fm BOM and CRLF", fm_title("\xEF\xBB\xBF---\r\ntitle: E\r\n---\r\n", &line, NULL), "E");
	CHECK("fm CRLF body line", line == 4);
	CHECK_STR("fm duplicate key: the last wins", fm_title("---\ntitle: A\ntitle: B\n---\n", NULL, NULL), "B");
	CHECK_STR("fm quoted", fm_title("---\ntitle: 'F: quoted'\n---\n", NULL, NULL), "F: quoted");
	CHECK_STR("fm folded", fm_title("---\ntitle: >-\n  G one\n  two\n---\n", NULL, NULL), "G one two");
	CHECK_STR("fm date stays text", fm_title("---\ntitle: 2024-03-09\n---\n", NULL, NULL), "2024-03-09");
	CHECK_STR("fm none", fm_title("# Just markdown\n", &line, NULL), "(none)");
	CHECK("fm none: body from line 1", line == 1);
	CHECK_STR("fm empty", fm_title("---\n---\nx\n", NULL, NULL), "(none)");
	CHECK_STR("fm a horizontal rule is not front matter", fm_title("----\ntitle: x\n", NULL, NULL), "(none)");
	CHECK_STR("fm unclosed", fm_title("---\ntitle: H\n", NULL, &e), "(error)");
	CHECK("fm unclosed is one error", e == 1);
	CHECK_STR("fm list", fm_title("---\n- a\n---\n", NULL, &e), "(error)");
	CHECK_STR("fm invalid UTF-8", fm_title("---\ntitle: \xC3\x28\n---\n", NULL, &e), "(error)");
	CHECK_STR("fm overlong UTF-8", fm_title("\xC0\xAF", NULL, &e), "(error)");
	CHECK("utf8 surrogate refused", utf8_invalid_at("\xED\xA0\x80", 3) == 0);
	CHECK("utf8 4-byte accepted", utf8_invalid_at("\xF0\x9F\x98\x80", 4) == 4);

	/* aliases are shared, never copied: a billion-laughs document stays
	 * as small as its text */
	struct buf_like {
		char s[4096];
	} bomb;
	size_t n = (size_t)snprintf(bomb.s, sizeof bomb.s, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (char c = 'b'; c <= 'j'; c++)
		n += (size_t)snprintf(bomb.s + n, sizeof bomb.s - n, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
				      c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	struct ydoc doc;
	struct diags d = DIAGS_INIT;
	CHECK("alias bomb parses", ydoc_load(bomb.s, n, 0, "t.yml", &doc, &d) == 0);
	CHECK("alias bomb stays small", doc.n_all < 200);
	ydoc_free(&doc);
	CHECK("alias to an unfinished anchor refused", ydoc_load("a: &a [*a]\n", 11, 0, "t.yml", &doc, &d) == -1);
	/* a big map is looked up through its index: same answers */
	char big[2048];
	size_t bl = (size_t)snprintf(big, sizeof big, "title: first\n");
	for (int k = 0; k < 40; k++)
		bl += (size_t)snprintf(big + bl, sizeof big - bl, "key%d: v%d\n", k, k);
	bl += (size_t)snprintf(big + bl, sizeof big - bl, "title: second\n");
	CHECK("big map parses", ydoc_load(big, bl, 0, "t.yml", &doc, &d) == 0);
	CHECK_STR("big map: last of duplicate keys", yscalar(ymap_get(doc.root, "title")), "second");
	CHECK_STR("big map: any key", yscalar(ymap_get(doc.root, "key39")), "v39");
	CHECK("big map: missing key", ymap_get(doc.root, "key40") == NULL);
	ydoc_free(&doc);
	diag_free(&d);
}

static const unsigned char png_2x3[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
					'I', 'H', 'D', 'R', 0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0};
static const unsigned char png_huge[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
					 'I', 'H', 'D', 'R', 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0};
static const unsigned char jpeg_5x4[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 'J', 'F', 0xFF, 0xC0, 0, 11,
					 8, 0, 4, 0, 5, 3, 1, 0x22, 0, 0xFF, 0xD9};
static const unsigned char gif_7x1[] = {'G', 'I', 'F', '8', '9', 'a', 7, 0, 1, 0, 0, 0, 0};
static const unsigned char webp[] = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P'};

static void test_course(void)
{
	put("c/assets/a.png", png_2x3, sizeof png_2x3);
	put("c/assets/huge.png", png_huge, sizeof png_huge);
	put("c/assets/b.jpg", jpeg_5x4, sizeof jpeg_5x4);
	put("c/assets/c.gif", gif_7x1, sizeof gif_7x1);
	put("c/assets/d.webp", webp, sizeof webp);
	puts_file("secret.png", "outside");
	puts_file("c/02_second.md",
		  "---\ntitle: Second\ndate: 2024-05-06 10:00:00 +0000\ncover: /learn/x/assets/a.png\nlang: cy\n---\n\n"
		  "![c]({{ page.cover }}){:class=\"cover\"}\n\n"
		  "## Setup\n\n## Setup\n\n"
		  "[next](10_tenth.html#deep-dive) [same](#setup-1) [md](10_tenth.md) [bare](./10_tenth)\n"
		  "[ext](https://example.org) [js](javascript:alert(1)) [lost](99_gone.html) [frag](#nope)\n"
		  "![j](assets/b.jpg) ![g](assets/c.gif) ![w](assets/d.webp) ![h](assets/huge.png)\n"
		  "![o](../secret.png) ![m](assets/none.png) ![a2](assets/a.png)\n"
		  "{{ page.title }} then [late](#nowhere)\n");
	puts_file("c/10_tenth.md", "---\ntitle: Tenth\ndate: 2023-01-01\n---\n\n## Deep Dive\n\n{% if x %}\n\n"
				  "> ## Note\n>\n> A callout; [back](#note).\n");
	puts_file("c/1_first.md", "# First From Heading\n");

	char course[128];
	snprintf(course, sizeof course, "%s/c", top);
	struct diags d = DIAGS_INIT;
	struct book *b = load(course, &d);
	CHECK("course loads", b != NULL);
	if (getenv("TEST_LOAD_DEBUG"))
		diag_print(&d);
	if (!b) {
		diag_print(&d);
		diag_free(&d);
		return;
	}
	CHECK("natural file order", b->n_lessons == 3 && !strcmp(b->lessons[0].file, "1_first.md") &&
					    !strcmp(b->lessons[1].file, "02_second.md") &&
					    !strcmp(b->lessons[2].file, "10_tenth.md"));
	CHECK_STR("title from the first h1", b->lessons[0].title, "First From Heading");
	CHECK_STR("book date: newest lesson date", b->date, "2024-05-06");
	CHECK_STR("language from front matter", b->language, "cy");
	CHECK_STR("book title falls back to the first lesson", b->title, "First From Heading");
	CHECK_STR("slug", b->slug, "first-from-heading");

	struct lesson *l = &b->lessons[1];
	CHECK("headings made unique", l->n_headings == 2 && !strcmp(l->headings[1].id, "setup-1"));
	CHECK_STR("lesson_meta", lesson_meta(l, "title"), "Second");
	cmark_node *img = find(l->doc, CMARK_NODE_IMAGE, 0);
	CHECK("cover image class", book_node_has_class(img, "cover") && !book_node_has_class(img, "cov"));
	int a = book_node_asset(b, img);
	CHECK("cover and {{page.cover}} are one asset", a >= 0 && a == l->cover);
	if (a >= 0) {
		const struct asset *as = &b->assets[a];
		CHECK("png read", as->status == ASSET_OK && as->width_px == 2 && as->height_px == 3 &&
					  !strcmp(as->media_type, "image/png") && as->len == sizeof png_2x3);
		CHECK_STR("asset src is course-relative", as->src, "assets/a.png");
	}
	struct {
		int nth;
		enum asset_status st;
		int w;
	} imgs[] = {{1, ASSET_OK, 5}, {2, ASSET_OK, 7}, {3, ASSET_UNSUPPORTED, 0}, {4, ASSET_CORRUPT, 0},
		    {5, ASSET_OUTSIDE, 0}, {6, ASSET_MISSING, 0}};
	for (size_t i = 0; i < sizeof imgs / sizeof imgs[0]; i++) {
		int k = book_node_asset(b, find(l->doc, CMARK_NODE_IMAGE, imgs[i].nth));
		char name[64];
		snprintf(name, sizeof name, "image %d status", imgs[i].nth);
		CHECK(name, k >= 0 && b->assets[k].status == imgs[i].st && b->assets[k].width_px == imgs[i].w &&
				    (imgs[i].st == ASSET_OK) == (b->assets[k].data != NULL));
	}
	CHECK("same image twice: one asset",
	      book_node_asset(b, find(l->doc, CMARK_NODE_IMAGE, 7)) == a);
	CHECK("outside file never read", has_diag(&d, "../secret.png leaves the course folder"));
	CHECK("huge image refused", has_diag(&d, "100000×100000"));

	size_t target;
	const char *id;
	struct {
		int nth;
		enum link_kind k;
		size_t lesson;
		const char *id;
	} links[] = {{0, LINK_INTERNAL, 2, "deep-dive"}, {1, LINK_INTERNAL, 1, "setup-1"},
		     {2, LINK_INTERNAL, 2, NULL},        {3, LINK_INTERNAL, 2, NULL},
		     {4, LINK_EXTERNAL, 0, NULL},        {5, LINK_UNSAFE, 0, NULL},
		     {6, LINK_BROKEN, 0, NULL},          {7, LINK_BROKEN, 0, NULL}};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		cmark_node *ln = find(l->doc, CMARK_NODE_LINK, links[i].nth);
		enum link_kind k = book_node_link(b, ln, &target, &id);
		char name[64];
		snprintf(name, sizeof name, "link %d", links[i].nth);
		CHECK(name, k == links[i].k &&
				    (k != LINK_INTERNAL || (target == links[i].lesson &&
							    ((!id && !links[i].id) || (id && links[i].id && !strcmp(id, links[i].id))))));
	}
	CHECK("broken link warned at its column", has_diag(&d, "02_second.md:15:54: link to '99_gone.html'"));
	CHECK("unknown fragment warned", has_diag(&d, "02_second.md:15:75: link to '#nope'"));
	/* "{{ page.title }}" became "Second": the column of what follows it
	 * must still be the one in the file */
	CHECK("column after Liquid is the file's column", has_diag(&d, "02_second.md:18:23: link to '#nowhere'"));
	CHECK("unsupported Liquid tag warned with its line", has_diag(&d, "10_tenth.md:8:1: Liquid tag"));
	CHECK("heading id lookup", book_node_id(find(b->lessons[2].doc, CMARK_NODE_HEADING, 0)) &&
					   !strcmp(book_node_id(find(b->lessons[2].doc, CMARK_NODE_HEADING, 0)), "deep-dive"));
	const struct lesson *t = &b->lessons[2];
	size_t tl;
	const char *tid;
	CHECK("callout heading: not in the outline", t->n_headings == 1);
	CHECK("callout heading: still has an id", book_node_id(find(t->doc, CMARK_NODE_HEADING, 1)) &&
							  !strcmp(book_node_id(find(t->doc, CMARK_NODE_HEADING, 1)), "note"));
	CHECK("callout heading: links to it resolve",
	      book_node_link(b, find(t->doc, CMARK_NODE_LINK, 0), &tl, &tid) == LINK_INTERNAL && tid &&
		      !strcmp(tid, "note"));
	int pl, pc;
	lesson_node_pos(l, find(l->doc, CMARK_NODE_LINK, 8), &pl, &pc);
	CHECK("lesson_node_pos: file line and column after Liquid", pl == 18 && pc == 23);
	char *txt = book_node_text(find(l->doc, CMARK_NODE_PARAGRAPH, 0));
	CHECK_STR("no IAL or Liquid text left", txt, "c");
	free(txt);
	book_free(b);
	diag_free(&d);

	/* --strict turns the warnings into a failed load */
	struct load_options so = {course, NULL, 1, 1, NULL};
	struct diags sd = DIAGS_INIT;
	CHECK("strict: warnings fail the load", book_load(&so, &sd) == NULL && sd.errors == 0);
	diag_free(&sd);
}

static void test_forms(void)
{
	const char *nav = "navigation:\n- name: Course T\n- content:\n  - section: S1\n    content:\n"
			  "    - name: B\n      link: b.html\n    - name: A\n      link: a.html\n";
	char text[1024];
	snprintf(text, sizeof text, "---\ntitle: A\n%s---\nA\n", nav);
	puts_file("n/a.md", text);
	snprintf(text, sizeof text, "---\ntitle: B\n%s---\nB\n", nav);
	puts_file("n/b.md", text);
	puts_file("n/index.md", "---\ntitle: Home\n---\n");
	char course[128];
	snprintf(course, sizeof course, "%s/n", top);
	struct diags d = DIAGS_INIT;
	struct book *b = load(course, &d);
	CHECK("navigation order", b && b->n_lessons == 2 && !strcmp(b->lessons[0].file, "b.md"));
	CHECK("navigation title", b && !strcmp(b->title, "Course T"));
	CHECK("index.md left out with a warning", has_diag(&d, "index.md:0:0: not in the navigation"));
	book_free(b);
	diag_free(&d);

	puts_file("y/course.yml", "- name: Y\n  date_published: 2020-02-02\n  groups: [g1, g2]\n  content:\n"
				  "  - section:\n      name: Only\n      content:\n      - b.md\n");
	puts_file("y/b.md", "B\n");
	puts_file("y/c.md", "C\n");
	snprintf(course, sizeof course, "%s/y", top);
	b = load(course, &d);
	CHECK("course.yml wins", b && b->n_lessons == 1 && !strcmp(b->date, "2020-02-02") &&
					 b->n_subjects == 2 && !strcmp(b->subjects[1], "g2"));
	CHECK("lesson not in course.yml warned", has_diag(&d, "c.md:0:0: not in course.yml"));
	book_free(b);
	diag_free(&d);

	snprintf(course, sizeof course, "%s/y/b.md", top);
	b = load(course, &d);
	CHECK("single file", b && b->n_lessons == 1 && b->n_sections == 1 && d.n == 0);
	book_free(b);
	diag_free(&d);

	snprintf(course, sizeof course, "%s/nothing-here", top);
	b = load(course, &d);
	CHECK("missing course is an I/O error", !b && d.fatals == 1);
	diag_free(&d);
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/octavo-load-XXXXXX");
	if (!mkdtemp(top)) {
		puts("not ok load: mkdtemp failed");
		return 1;
	}
	test_front_matter();
	test_course();
	test_forms();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		puts("# could not remove the temporary folder");
	return unit_done();
}
