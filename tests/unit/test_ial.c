/* test_ial.c — kramdown attribute lists: parsing, stripping from the
 * source (never inside code), and attaching classes to the right element
 * after cmark parses the result. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "base/buf.h"
#include "course/ial.h"
#include "unit.h"

/* Records what ial_attach gave: "type:classes;" for each element. */
static void give(void *ctx, cmark_node *node, const struct ial *ial)
{
	struct buf *b = ctx;
	buf_printf(b, "%s:%s%s%s;", cmark_node_get_type_string(node),
		   ial->classes ? ial->classes : "", ial->id ? "#" : "", ial->id ? ial->id : "");
}

struct result {
	char *text;     /* stripped source */
	char *given;    /* what was attached */
	char *rendered; /* CommonMark of the tree after attaching */
};

/* The loader's parser, in short: footnote definitions change what an
 * indented line is, so they are on here too. */
static cmark_node *parse_md(const char *text, size_t len)
{
	cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
	cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static struct result run(const char *src)
{
	struct result r;
	struct diags d = DIAGS_INIT;
	struct ial_list ials = {NULL, 0, 0};
	struct srcmap map;
	size_t n;
	ial_strip(src, strlen(src), "t.md", parse_md, &r.text, &n, &map, &ials, &d);
	cmark_node *doc = parse_md(r.text, n);
	struct buf g = BUF_INIT;
	ial_attach(doc, &ials, give, &g);
	r.given = buf_detach(&g);
	r.rendered = cmark_render_commonmark(doc, 0, 0);
	cmark_node_free(doc);
	ial_list_free(&ials);
	srcmap_free(&map);
	diag_free(&d);
	return r;
}

static void done(struct result *r)
{
	free(r->text);
	free(r->given);
	free(r->rendered);
}

int main(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	char *c, *id;
	ial_parse(".btn.btn-primary.my-3", 21, &c, &id);
	CHECK_STR("parse chained classes", c, "btn btn-primary my-3");
	free(c);
	ial_parse("class=\"img-fluid w-100\" #top", 28, &c, &id);
	CHECK_STR("parse class attribute", c, "img-fluid w-100");
	CHECK_STR("parse id", id, "top");
	free(c);
	free(id);
	ial_parse(" .note", 6, &c, &id);
	CHECK_STR("parse with leading space", c, "note");
	free(c);

	struct result r = run("![cover image](a.png){:class=\"cover\"}\n");
	CHECK_STR("span after image", r.given, "image:cover;");
	CHECK("span: no IAL text left", !strstr(r.rendered, "{:") && !strstr(r.rendered, "\xEF\xB7\x90"));
	done(&r);
	r = run("[Go](#x){:.btn.btn-primary} and *so*{: .em}\n");
	CHECK_STR("span after link and emphasis", r.given, "link:btn btn-primary;emph:em;");
	CHECK_STR("span: text kept", r.rendered, "[Go](#x) and *so*\n");
	done(&r);
	r = run("Screenshot of the page\n{:.caption}\n\nNext.\n");
	CHECK_STR("block after paragraph", r.given, "paragraph:caption;");
	CHECK_STR("block: line left empty", r.text, "Screenshot of the page\n\n\nNext.\n");
	done(&r);
	r = run("{:.caption}\nTable of operators\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{:class=\"table\"}\n");
	CHECK_STR("block before paragraph, after table", r.given, "paragraph:caption;table:table;");
	done(&r);
	r = run("> ## Aside\n>\n> Text\n{:.bg-blue}\n");
	CHECK_STR("block after a block quote", r.given, "block_quote:bg-blue;");
	done(&r);
	r = run("> Text\n> {:.inner}\n");
	CHECK_STR("block inside a block quote", r.given, "paragraph:inner;");
	done(&r);
	r = run("- one\n- two\n{:.list}\n");
	CHECK_STR("block after a list", r.given, "list:list;");
	done(&r);
	r = run("#tag {#not-a-heading}\n");
	CHECK_STR("no header id without a heading", r.given, "");
	done(&r);
	r = run("## Title {#custom}\n");
	CHECK_STR("kramdown header id", r.given, "heading:#custom;");
	CHECK_STR("header id removed", r.rendered, "## Title\n");
	done(&r);
	r = run("Use `{:.x}` and `fmt!(\"{:?}\")`.\n\n```\nlet x = {:.y};\n{:.z}\n```\n");
	CHECK_STR("code spans and fences untouched", r.text, "Use `{:.x}` and `fmt!(\"{:?}\")`.\n\n```\nlet x = {:.y};\n{:.z}\n```\n");
	CHECK_STR("code: nothing attached", r.given, "");
	done(&r);
	r = run("Intro.\n\n    let v = x{:.a};\n\n[go](http://h/{:b}) <b>x</b>{:c}\n");
	CHECK_STR("indented code and URLs keep the text as written", r.rendered,
		  "Intro.\n\n    let v = x{:.a};\n\n[go](http://h/{:b}) <b>x</b>\n");
	CHECK("no marker anywhere", !strstr(r.rendered, "\xEF\xB7\x90"));
	done(&r);
	/* indented code, as CommonMark (cmark) reads it, keeps IAL-only lines
	 * and header ids; the same lines elsewhere are still IALs */
	r = run("Intro.\n\n    let x = 1;\n    {: .x}\n");
	CHECK_STR("IAL line in indented code: text kept", r.text, "Intro.\n\n    let x = 1;\n    {: .x}\n");
	CHECK_STR("IAL line in indented code: nothing attached", r.given, "");
	CHECK("IAL line in indented code: in the code block", strstr(r.rendered, "    {: .x}\n") != NULL);
	done(&r);
	r = run("Intro.\n\n    {: .first}\n\n    {: .after-blank}\n\n\t{: .tab}\n");
	CHECK_STR("IAL lines opening code, after a blank line, after a tab: kept", r.text,
		  "Intro.\n\n    {: .first}\n\n    {: .after-blank}\n\n\t{: .tab}\n");
	done(&r);
	r = run("Intro.\n\n    ## Title {#id}\n");
	CHECK_STR("header id in indented code: kept", r.text, "Intro.\n\n    ## Title {#id}\n");
	CHECK_STR("header id in indented code: nothing attached", r.given, "");
	done(&r);
	r = run("- item\n\n      code\n      {: .x}\n");
	CHECK_STR("IAL line in a list item's indented code: kept", r.text,
		  "- item\n\n      code\n      {: .x}\n");
	done(&r);
	r = run("> quoted\n>\n>     code\n>     {: .x}\n");
	CHECK_STR("IAL line in a block quote's indented code: kept", r.text,
		  "> quoted\n>\n>     code\n>     {: .x}\n");
	done(&r);
	r = run("Intro.\n\n    ```\n\nA paragraph\n{: .x}\n");
	CHECK_STR("a fence line in indented code opens no fence", r.given, "paragraph:x;");
	done(&r);
	r = run("- a\n  - b\n\n    ```\n    {: .in-fence}\n    ```\n");
	CHECK_STR("a fence in a nested list item is still a fence", r.given, "");
	CHECK("a fence in a nested list item: IAL line kept", strstr(r.text, "{: .in-fence}") != NULL);
	done(&r);
	r = run("A paragraph\n    {: .lazy}\n");
	CHECK_STR("indented IAL line continuing a paragraph: still an IAL", r.given, "paragraph:lazy;");
	done(&r);
	r = run("- item\n\n    para in item\n    {: .inner}\n");
	CHECK("indented IAL line in a list item's paragraph: still an IAL",
	      !strstr(r.text, "{:") && strstr(r.given, ":inner;"));
	done(&r);
	r = run("Text.[^n]\n\n[^n]: A note\n    {: .fn}\n");
	CHECK("indented IAL line in a footnote: still an IAL", !strstr(r.text, "{:"));
	done(&r);
	r = run("plain{:.lost} text\n");
	CHECK_STR("span after plain text: removed, attached to nothing", r.given, "");
	CHECK_STR("span after plain text: text kept", r.rendered, "plain text\n");
	done(&r);
	return unit_done();
}
