/* test_style.c — theme defaults, values and units, and the diagnostics
 * for bad themes (line:col of the offending key or value). */
#include <stdio.h>
#include <string.h>

#include "typeset/style.h"
#include "unit.h"

static int parse(struct style *s, struct diags *d, const char *text)
{
	style_defaults(s);
	return style_parse(s, "t.yml", text, strlen(text), d);
}

int main(void)
{
	struct style s;
	struct diags d = DIAGS_INIT;

	style_defaults(&s);
	CHECK("defaults: A4", s.page_w > 595 && s.page_w < 596 && s.page_h > 841 && s.page_h < 842);
	CHECK("defaults: justified", s.justify == 1);
	style_free(&s);

	CHECK("empty theme keeps defaults", parse(&s, &d, "") == 0 && s.size_body == 10.5);
	style_free(&s);

	const char *t = "page:\n  size: Letter\n  margins: [1in, 20mm]\n"
			"sizes:\n  body: 11pt\n  h2: 15\n"
			"text:\n  align: ragged\n  hyphenate: false\n"
			"fonts:\n  body: DejaVuSans\n"
			"colours:\n  link: \"#ff0000\"\n  highlight:\n    keyword: \"#00ff00\"\n"
			"header:\n  left: \"{section}\"\n";
	CHECK("theme parses", parse(&s, &d, t) == 0 && d.n == 0);
	CHECK("page size Letter", s.page_w == 612 && s.page_h == 792);
	CHECK("margins: vertical, horizontal", s.margin_top == 72 && s.margin_bottom == 72 &&
						   s.margin_left > 56.6 && s.margin_left < 56.7 &&
						   s.margin_right == s.margin_left);
	CHECK("sizes with pt", s.size_body == 11 && s.size_h[1] == 15);
	CHECK("align ragged, no hyphens", s.justify == 0 && s.hyphenate == 0);
	CHECK_STR("font name", s.font_body, "DejaVuSans");
	CHECK("colour", s.c_link.r == 1 && s.c_link.g == 0 && s.c_link.b == 0);
	CHECK("highlight colour", s.c_hl[HL_KEYWORD].g == 1 && s.c_hl[HL_KEYWORD].r == 0);
	CHECK_STR("header template", s.header_left, "{section}");
	style_free(&s);

	style_defaults(&s);
	CHECK("defaults: simplex, with an index", s.duplex == 0 && s.duplex_section == 0 &&
						      s.index == 1);
	style_free(&s);
	CHECK("duplex keys parse",
	      parse(&s, &d, "duplex: true\nduplex_start: section\nindex: false\n") == 0 &&
		  d.n == 0 && s.duplex == 1 && s.duplex_section == 1 && s.index == 0);
	style_free(&s);
	CHECK("duplex_start: lesson", parse(&s, &d, "duplex_start: lesson\n") == 0 &&
					  s.duplex_section == 0);
	style_free(&s);
	CHECK("bad duplex_start rejected at its value",
	      parse(&s, &d, "duplex_start: page\n") == -1 && d.n == 1 && d.v[0].line == 1 &&
		  d.v[0].col == 15 && strstr(d.v[0].msg, "is not lesson or section"));
	style_free(&s);
	diag_free(&d);

	CHECK("custom page size in mm", parse(&s, &d, "page:\n  size: [148mm, 210mm]\n") == 0 &&
						s.page_w > 419 && s.page_w < 420);
	style_free(&s);

	CHECK("unknown key rejected", parse(&s, &d, "sizes:\n  bdoy: 11\n") == -1);
	CHECK("unknown key: line and column",
	      d.n == 1 && d.v[0].line == 2 && d.v[0].col == 3 && d.v[0].sev == DIAG_ERROR &&
		  strstr(d.v[0].msg, "sizes.bdoy"));
	style_free(&s);
	diag_free(&d);

	CHECK("bad colour rejected", parse(&s, &d, "colours:\n  text: red\n") == -1);
	CHECK("bad colour: line of the value", d.n == 1 && d.v[0].line == 2 && d.v[0].col == 9);
	style_free(&s);
	diag_free(&d);

	CHECK("bad length rejected", parse(&s, &d, "sizes:\n  body: 11px\n") == -1 && d.n == 1);
	style_free(&s);
	diag_free(&d);

	CHECK("bad page size rejected", parse(&s, &d, "page:\n  size: A9\n") == -1 && d.n == 1);
	style_free(&s);
	diag_free(&d);

	CHECK("broken YAML rejected", parse(&s, &d, "page:\n  size: [A4\n  x: 1\n") == -1 &&
					  d.n == 1 && d.v[0].line > 1);
	style_free(&s);
	diag_free(&d);

	CHECK("margins eating the page rejected",
	      parse(&s, &d, "page:\n  size: A5\n  margins: [300, 10]\n") == -1 && d.n == 1);
	style_free(&s);
	diag_free(&d);

	/* reading goes on after a mistake: every one is reported, in order */
	CHECK("three mistakes rejected",
	      parse(&s, &d, "sizes:\n  bdoy: 11\n  body: 12\ncolours:\n  text: red\n"
			    "text:\n  align: middle\n") == -1);
	CHECK("three mistakes: three errors in file order",
	      d.n == 3 && d.v[0].line == 2 && d.v[0].col == 3 && d.v[1].line == 5 &&
		  d.v[1].col == 9 && d.v[2].line == 7 && d.v[2].col == 10 &&
		  strstr(d.v[2].msg, "text.align"));
	CHECK("good keys between mistakes still read", s.size_body == 12);
	style_free(&s);
	diag_free(&d);

	/* a map or list where a plain value belongs is skipped whole, so it
	 * is one error and the keys after it are still read */
	CHECK("misplaced map and list rejected",
	      parse(&s, &d, "sizes:\n  body: [10, {a: b}]\n  ? [x]\n  : {y: 1}\n"
			    "  code: 9\ncolours:\n  link: blue\n") == -1);
	CHECK("misplaced map and list: one error each, then the next key",
	      d.n == 3 && d.v[0].line == 2 && d.v[1].line == 3 && d.v[2].line == 7 &&
		  s.size_code == 9);
	style_free(&s);
	diag_free(&d);

	CHECK("bad margins and another mistake: both reported",
	      parse(&s, &d, "page:\n  size: A5\n  margins: [300, 10]\nsizes:\n  bdoy: 1\n") == -1 &&
		  d.n == 2);
	style_free(&s);
	diag_free(&d);

	CHECK("bad page size: no margins complaint on top",
	      parse(&s, &d, "page:\n  size: A9\n  margins: 200\n") == -1 && d.n == 1);
	style_free(&s);
	diag_free(&d);

	/* eight nested maps fill the key stack; a value or list inside the
	 * deepest one once wrote past its end */
	const char *deep8 = "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n";
	char deep[160];
	snprintf(deep, sizeof deep, "%s        i: 1\n", deep8);
	CHECK("value at depth 9: nested too deeply, at its key",
	      parse(&s, &d, deep) == -1 && d.n == 1 && d.v[0].line == 9 && d.v[0].col == 9 &&
		  !strcmp(d.v[0].msg, "i: nested too deeply"));
	style_free(&s);
	diag_free(&d);
	snprintf(deep, sizeof deep, "%s        i: [1, 2]\n        j: {k: 1}\n", deep8);
	CHECK("list and map at depth 9: one error each",
	      parse(&s, &d, deep) == -1 && d.n == 2 && d.v[0].line == 9 && d.v[1].line == 10 &&
		  !strcmp(d.v[1].msg, "j: nested too deeply"));
	style_free(&s);
	diag_free(&d);

	/* a file that is not a mapping is not a theme */
	CHECK("plain text is not a theme",
	      parse(&s, &d, "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1::/bin:/bin/sh\n") == -1 && d.n == 1 &&
		  d.v[0].line == 1 && d.v[0].col == 1 &&
		  strstr(d.v[0].msg, "theme is not a YAML mapping of theme keys"));
	style_free(&s);
	diag_free(&d);
	CHECK("a list is not a theme",
	      parse(&s, &d, "# a list\n- sizes\n- {body: 1}\n") == -1 && d.n == 1 &&
		  d.v[0].line == 2 && strstr(d.v[0].msg, "not a YAML mapping"));
	style_free(&s);
	diag_free(&d);
	CHECK("a quoted empty string is not a theme", parse(&s, &d, "''\n") == -1 && d.n == 1);
	style_free(&s);
	diag_free(&d);
	CHECK("a second document that is text is reported",
	      parse(&s, &d, "sizes: {body: 11}\n---\nhello\n") == -1 && d.n == 1 &&
		  d.v[0].line == 3);
	style_free(&s);
	diag_free(&d);
	CHECK("`---` alone is an empty theme", parse(&s, &d, "---\n# nothing\n") == 0 && d.n == 0);
	style_free(&s);
	diag_free(&d);

	CHECK("missing theme file is fatal",
	      style_load(&s, "/nonexistent", "nothing", &d) == -1 && d.n == 1 && d.v[0].sev == DIAG_FATAL);
	diag_free(&d);
	style_defaults(&s);
	CHECK("shipped default theme loads", style_load(&s, ".", "default", &d) == 0 && d.n == 0);
	style_free(&s);
	style_defaults(&s);
	CHECK("shipped compact theme loads", style_load(&s, ".", "compact", &d) == 0 && d.n == 0 &&
						     s.page_w < 420 && s.justify == 0);
	style_free(&s);
	diag_free(&d);
	return unit_done();
}
