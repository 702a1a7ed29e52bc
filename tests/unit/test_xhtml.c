/* test_xhtml.c — the XHTML writer and the raw-HTML cleaner on cmark-gfm
 * trees parsed here: every output must be well-formed XML (checked with
 * libxml2), carry the expected markup, and never let script, event
 * handlers or javascript: URLs through. Links, classes and assets need
 * the loader and are covered end to end by tests/t-epub.sh. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "book/book.h"
#include "course/course.h"
#include "base/buf.h"
#include "base/diag.h"
#include "epub/epub_sha1.h"
#include "text/html_clean.h"
#include "unit.h"
#include "epub/xhtml.h"

static cmark_node *parse(const char *md)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
	parse_init(); /* registers the extensions and their characters */
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static struct diags diags = DIAGS_INIT;

/* Render md as lesson 0 of a one-lesson book; the caller frees. */
static char *render(const char *md)
{
	static struct lesson l;
	static struct book b;
	l.file = "t.md";
	l.path = "lessons/t.md";
	l.slug = "t";
	l.title = "Test <Lesson>";
	l.body_line = 3;
	l.cover = -1;
	b.lessons = &l;
	b.n_lessons = 1;
	b.cover = -1;
	static const char *const hrefs[] = {"ch01-t.xhtml"};
	struct xhtml_pkg pkg = {hrefs, NULL};
	cmark_node *doc = parse(md);
	struct buf out = BUF_INIT;
	xhtml_render(&out, &b, 0, doc, &pkg, &diags);
	cmark_node_free(doc);
	return buf_detach(&out);
}

static int banned_in(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (!strcasecmp(name, "script") || !strcasecmp(name, "iframe") ||
		    !strcasecmp(name, "style") || !strcasecmp(name, "object"))
			return 1;
		for (xmlAttr *a = n->properties; a; a = a->next) {
			if (!strncasecmp((const char *)a->name, "on", 2))
				return 1;
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			int bad = v && strcasestr((const char *)v, "javascript:");
			xmlFree(v);
			if (bad)
				return 1;
		}
		if (banned_in(n->children))
			return 1;
	}
	return 0;
}

/* 1 when frag is well-formed XHTML with nothing active in it. */
static int well_formed_and_safe(const char *frag)
{
	struct buf doc = BUF_INIT;
	buf_puts(&doc, "<div xmlns=\"http://www.w3.org/1999/xhtml\" "
		       "xmlns:epub=\"http://www.idpf.org/2007/ops\">");
	buf_puts(&doc, frag);
	buf_puts(&doc, "</div>");
	xmlDoc *x = xmlReadMemory(buf_cstr(&doc), (int)doc.len, "t.xhtml", "UTF-8",
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	buf_free(&doc);
	if (!x)
		return 0;
	int ok = !banned_in(xmlDocGetRootElement(x));
	xmlFreeDoc(x);
	return ok;
}

#define HAS(name, out, needle) CHECK(name, strstr((out), (needle)) != NULL)
#define LACKS(name, out, needle) CHECK(name, strstr((out), (needle)) == NULL)

int main(void)
{
	char *o;

	o = render("Plain *text* & **bold** ~~gone~~ `a<b`.\n");
	CHECK("paragraph well-formed", well_formed_and_safe(o));
	HAS("title h1 added when the lesson has none", o, "<h1 class=\"lesson-title\">Test &lt;Lesson&gt;</h1>");
	HAS("emphasis", o, "<em>text</em>");
	HAS("strong", o, "<strong>bold</strong>");
	HAS("strikethrough", o, "<del>gone</del>");
	HAS("code span escaped", o, "<code>a&lt;b</code>");
	HAS("ampersand escaped", o, "&amp;");
	free(o);

	o = render("# Own title\n\ntext\n");
	LACKS("no extra h1 when the lesson has one", o, "lesson-title");
	free(o);

	o = render("```rust\nfn main() { println!(\"hi\"); } // c\n```\n");
	CHECK("code well-formed", well_formed_and_safe(o));
	HAS("code block language class", o, "<pre class=\"code\"><code class=\"language-rust\">");
	HAS("keyword span", o, "<span class=\"hl-kw\">fn</span>");
	HAS("macro span", o, "<span class=\"hl-mac\">println!</span>");
	HAS("string span escaped", o, "<span class=\"hl-str\">&quot;hi&quot;</span>");
	HAS("comment span", o, "<span class=\"hl-com\">// c</span>");
	LACKS("no trailing newline inside pre", o, "\n</code>");
	free(o);

	o = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n");
	CHECK("table well-formed", well_formed_and_safe(o));
	HAS("table head", o, "<thead><tr><th class=\"left\">a</th><th class=\"center\">b</th><th class=\"right\">c</th></tr></thead>");
	HAS("table body", o, "<tbody>");
	HAS("aligned cell", o, "<td class=\"right\">3</td>");
	HAS("table wrapper", o, "<div class=\"table-wrap\"><table>");
	free(o);

	o = render("Text[^n] and again[^n] and[^m].\n\n[^n]: The note.\n[^m]: Other *note*.\n");
	CHECK("footnotes well-formed", well_formed_and_safe(o));
	HAS("noteref", o, "<a epub:type=\"noteref\" role=\"doc-noteref\" class=\"noteref\" id=\"FNREF1\" href=\"#FN1\">1</a>");
	HAS("second reference gets its own id", o, "id=\"FNREF1-2\"");
	HAS("footnote aside", o, "<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" id=\"FN2\">");
	HAS("backlink", o, "href=\"#FNREF1\" role=\"doc-backlink\"");
	free(o);

	o = render("- [x] done\n- [ ] todo\n");
	CHECK("task list well-formed", well_formed_and_safe(o));
	HAS("task list class", o, "<ul class=\"tasks\">");
	HAS("checked glyph", o, "<span class=\"task done\">\xE2\x98\x91</span> done");
	HAS("open glyph", o, "<span class=\"task\">\xE2\x98\x90</span> todo");
	free(o);

	o = render("> **Tip**: read this.\n\n> ## Warning\n> Careful.\n\n> Just a quote.\n");
	CHECK("callouts well-formed", well_formed_and_safe(o));
	HAS("bold callout", o, "<aside role=\"doc-tip\" class=\"callout callout-tip\">");
	HAS("heading callout", o, "<aside role=\"note\" class=\"callout callout-warning\">");
	HAS("callout title", o, "<p class=\"callout-title\">Warning</p>");
	HAS("plain quote stays a quote", o, "<blockquote>\n<p>Just a quote.</p>");
	free(o);

	o = render("![A cat](missing.png)\n");
	CHECK("image well-formed", well_formed_and_safe(o));
	HAS("lone image is a figure with alt text shown", o,
	    "<figure><span class=\"missing-image\">A cat</span></figure>");
	free(o);

	/* raw HTML */
	diag_free(&diags);
	diag_init(&diags);
	o = render("<div onclick=\"x()\" class=\"box\" style=\"color:red\" id=\"dup\">\n"
		   "<script>alert(1)</script><a href=\"javascript:alert(1)\">bad</a>\n"
		   "<a href=\"https://example.org/\" onmouseover=\"y()\">good</a>\n"
		   "<img src=\"x.png\" alt=\"an x\" onerror=\"z()\">\n"
		   "<!-- a comment -->\n<li>stray item</li>\n</div>\n");
	CHECK("raw block well-formed and safe", well_formed_and_safe(o));
	HAS("allowed element kept with class", o, "<div class=\"box\">");
	LACKS("script content gone", o, "alert");
	LACKS("style attribute gone", o, "color:red");
	LACKS("id attribute gone", o, "dup");
	LACKS("comment gone", o, "a comment");
	HAS("unsafe link keeps its text", o, "bad");
	HAS("safe link kept", o, "<a href=\"https://example.org/\">good</a>");
	HAS("image without asset shows alt", o, "<span class=\"missing-image\">an x</span>");
	HAS("stray li wrapped in a list or unwrapped", o, "stray item");
	CHECK("dropped script warned once", diags.warnings == 1 &&
	      strstr(diags.v[0].msg, "script") && diags.v[0].line == 3);
	free(o);

	o = render("<iframe width=\"560\" src=\"https://www.youtube.com/embed/abc123?rel=0\" title=\"Intro video\"></iframe>\n");
	CHECK("iframe well-formed", well_formed_and_safe(o));
	HAS("iframe becomes a link", o, "<a href=\"https://www.youtube.com/watch?v=abc123\">");
	HAS("iframe title kept", o, "Intro video");
	free(o);

	o = render("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, use <<optional>> and Vec<i32>, "
		   "<b>open *x</b> y*, <span onclick=\"a()\">s</span> <a href=\"javascript:x\">j</a>"
		   "<script>evil()</script> after.<br>\n");
	CHECK("inline html well-formed and safe", well_formed_and_safe(o));
	HAS("kbd kept", o, "<kbd>Ctrl</kbd>+<kbd>C</kbd>");
	HAS("stray tag kept as text", o, "&lt;&lt;optional&gt;&gt;");
	HAS("generic kept as text", o, "Vec&lt;i32&gt;");
	HAS("span kept without handler", o, "<span>s</span>");
	LACKS("inline script content dropped", o, "evil");
	HAS("inline br", o, "<br/>");
	free(o);

	o = render("Unclosed <em>emphasis and <sup>sup\n\n*a <b>b* c</b>\n");
	CHECK("unbalanced inline html closed", well_formed_and_safe(o));
	free(o);

	o = render("Control \x01 char and bad \xC3( utf8 \xF0\x9F\x98\x80 emoji\n");
	CHECK("invalid characters cleaned", well_formed_and_safe(o));
	HAS("emoji kept", o, "\xF0\x9F\x98\x80");
	free(o);

	/* deep nesting: the writer iterates, so depth costs no stack */
	struct buf deep = BUF_INIT;
	for (int i = 0; i < 2000; i++)
		buf_puts(&deep, "> ");
	buf_puts(&deep, "deep\n\n");
	for (int i = 0; i < 300; i++)
		buf_puts(&deep, "<div><span>");
	buf_puts(&deep, "x\n");
	o = render(buf_cstr(&deep));
	CHECK("deep nesting well-formed", well_formed_and_safe(o));
	free(o);
	buf_free(&deep);

	/* the identifier's hash: known answers (FIPS 180 "abc", a message
	 * longer than a block, and RFC 4122's version 5 layout) */
	unsigned char dg[20];
	char hex[41], uuid[37];
	struct sha1 h;
	sha1_init(&h);
	sha1_update(&h, "abc", 3);
	sha1_final(&h, dg);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", dg[i]);
	CHECK_STR("sha1 of abc", hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_init(&h);
	for (int i = 0; i < 1000; i++)
		sha1_update(&h, "a", 1);
	sha1_final(&h, dg);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", dg[i]);
	CHECK_STR("sha1 of 1000 bytes fed one by one", hex, "291e9a6c66994949b57ba5e650361e98fc36b1ba");
	uuid_v5("abc", 3, uuid);
	CHECK_STR("uuid v5 in the URL namespace", uuid, "68661508-f3c4-55b4-945d-ae2b4dfe5db4");

	CHECK("safe url https", html_url_is_safe("https://a.b/c?d=1&e=2"));
	CHECK("unsafe url javascript", !html_url_is_safe("javascript:alert(1)"));
	CHECK("unsafe url with space", !html_url_is_safe("https://a b"));
	CHECK("unsafe url relative", !html_url_is_safe("/learn/x"));

	diag_free(&diags);
	return unit_done();
}
