/* test_liquid.c — the Liquid subset: values, raw, the YouTube include,
 * removed tags with a warning, and line numbers that never move. */
#include <stdlib.h>
#include <string.h>

#include "course/liquid.h"
#include "unit.h"

static struct ydoc page, site;

/* Run Liquid on `in`; returns the output (static), warnings in *nwarn. */
static const char *run(const char *in, size_t *nwarn, struct srcmap *keep)
{
	static char *out;
	free(out);
	size_t n;
	struct srcmap map;
	struct diags d = DIAGS_INIT;
	struct liquid_ctx ctx = {page.root, site.root, "t.md", NULL, 0, NULL, NULL, NULL, NULL};
	liquid_apply(in, strlen(in), &ctx, &out, &n, &map, &d);
	*nwarn = d.warnings;
	diag_free(&d);
	if (keep)
		*keep = map;
	else
		srcmap_free(&map);
	return out;
}

static int count_nl(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

int main(void)
{
	struct diags d = DIAGS_INIT;
	const char *fm = "title: Concurrency\ncover: assets/8.png\nmeta:\n  level: two\ntags: [a]\n";
	ydoc_load(fm, strlen(fm), 0, "t.md", &page, &d);
	ydoc_load("baseurl: /learn\n", 16, 0, "_config.yml", &site, &d);
	size_t w;

	CHECK_STR("page value", run("![c]({{page.cover}})", &w, NULL), "![c](assets/8.png)");
	CHECK("page value: no warning", w == 0);
	CHECK_STR("spacing and trim markers", run("{{- page.title -}}!", &w, NULL), "Concurrency!");
	CHECK_STR("dotted key", run("{{ page.meta.level }}", &w, NULL), "two");
	CHECK_STR("filters ignored", run("{{ page.title | upcase }}", &w, NULL), "Concurrency");
	CHECK_STR("string literal", run("{{ 'Hi' | upcase }}", &w, NULL), "Hi");
	CHECK_STR("site value", run("{{ site.baseurl }}/x", &w, NULL), "/learn/x");
	CHECK_STR("missing site value is empty, quietly", run("[a]({{ site.url }}/b)", &w, NULL), "[a](/b)");
	CHECK("missing site value: no warning", w == 0);
	CHECK_STR("missing page key is empty", run("<{{ page.nope }}>", &w, NULL), "<>");
	CHECK("missing page key warns", w == 1);
	CHECK_STR("list value is empty", run("<{{ page.tags }}>", &w, NULL), "<>");
	CHECK("list value warns", w == 1);
	CHECK_STR("unknown variable is empty", run("<{{ content }}>", &w, NULL), "<>");

	CHECK_STR("raw keeps contents", run("a {% raw %}{{ x }} {% if %}{% endraw %} b", &w, NULL),
		  "a {{ x }} {% if %} b");
	CHECK("raw: no warning", w == 0);
	CHECK_STR("raw in a code span, endraw without space",
		  run("`{% raw %}{{ }}{% endraw%}`", &w, NULL), "`{{ }}`");
	CHECK_STR("raw with trim markers", run("{%- raw -%}{{x}}{%- endraw -%}", &w, NULL), "{{x}}");
	const char *fence = "```\n{% raw %}\n{{ site.title }}\n{% endraw %}\n```\n";
	const char *o = run(fence, &w, NULL);
	CHECK_STR("raw in a fence keeps lines", o, "```\n\n{{ site.title }}\n\n```\n");
	CHECK("raw in a fence: same line count", count_nl(o) == count_nl(fence));

	o = run("{% include youtubeplayer.html id=\"ghAnP18sbl8\" %}", &w, NULL);
	CHECK_STR("youtube include becomes a link", o,
		  "[Watch the video on YouTube](https://www.youtube.com/watch?v=ghAnP18sbl8)");
	CHECK("youtube: no warning", w == 0);
	CHECK_STR("other include removed", run("a{% include header.html %}b", &w, NULL), "ab");
	CHECK("other include warns", w == 1);
	const char *multi = "x{% if page.title\n  and more %}y\nz";
	o = run(multi, &w, NULL);
	CHECK_STR("multi-line tag removed, newline kept", o, "x\ny\nz");
	CHECK("multi-line tag warns", w == 1);
	CHECK_STR("comment removed with contents", run("a{% comment %}hidden{% endcomment %}b", &w, NULL), "ab");
	CHECK_STR("unclosed output left as text", run("a {{ b", &w, NULL), "a {{ b");
	CHECK("unclosed output warns", w == 1);
	CHECK_STR("unclosed output: later tags still handled",
		  run("a {{ b {% raw %}{{c{% endraw %} {{ d", &w, NULL), "a {{ b {{c {{ d");
	CHECK("unclosed output: warned once", w == 1);
	CHECK_STR("value with newline stays on one line", run("{{ 'x' }}", &w, NULL), "x");

	/* the map leads back to the input column after a replacement */
	struct srcmap m;
	o = run("ab{{ page.title }}cd", &w, &m);
	size_t cd = (size_t)(strstr(o, "cd") - o);
	CHECK("map: text after a value maps back", srcmap_to_input(&m, cd) == 18);
	CHECK("map: text before maps to itself", srcmap_to_input(&m, 1) == 1);
	srcmap_free(&m);

	run("", &w, NULL);
	ydoc_free(&page);
	ydoc_free(&site);
	diag_free(&d);
	return unit_done();
}
