/* test_svg.c — the SVG cleaner of the EPUB on small documents: what the
 * allow-list keeps, what it removes and counts, how an <image> is renamed
 * and sized, and the CSS check's edge cases (case, quotes, escapes).
 * Whole books with hostile SVGs and epubcheck are tests/t-svg.sh. */
#include <stdlib.h>
#include <string.h>

#include "epub/epub.h"
#include "epub/epub_svg_policy.h"
#include "unit.h"

#define HEAD "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"

/* The book of these tests holds one image, "pic.png", 30×20 pixels. */
static char *image_href(void *arg, const char *ref, int *w, int *h)
{
	(void)arg;
	if (strcmp(ref, "pic.png"))
		return NULL;
	*w = 30;
	*h = 20;
	return strdup("img07-pic.png");
}

static char *got; /* the last cleaned copy, NUL-terminated */
static struct svg_report rep;

static int clean(const char *svg)
{
	struct svg_env env = {image_href, NULL};
	size_t n = 0;
	free(got);
	rep = (struct svg_report){NULL, 0};
	unsigned char *out = epub_svg_clean((const unsigned char *)svg, strlen(svg), &env, &rep, &n);
	got = out ? malloc(n + 1) : NULL;
	if (got) {
		memcpy(got, out, n);
		got[n] = '\0';
	}
	free(out);
	return got != NULL;
}

int main(void)
{
	CHECK("css: url(#x) in any spelling stays",
	      svg_css_safe("a{fill:url(#g)} b{fill:URL( '#h' )} c{fill:url(\"#i\")}"));
	CHECK("css: url() of a file is refused", !svg_css_safe("a{fill:url(x.svg#g)}"));
	CHECK("css: upper-case URL( of the web is refused", !svg_css_safe("a{fill:URL(http://x/)}"));
	CHECK("css: the second url() counts too", !svg_css_safe("a{fill:url(#g);b:url(//x)}"));
	CHECK("css: @import in any case is refused", !svg_css_safe("@IMPORT 'x.css';"));
	CHECK("css: an escape is refused", !svg_css_safe("@\\69mport 'x.css';"));
	CHECK("css: image-set() is refused", !svg_css_safe("a{b:image-set('x.png' 1x)}"));
	CHECK("css: plain colours stay", svg_css_safe("rect { fill: #246; stroke: red }"));

	CHECK("a plain drawing is packaged",
	      clean(HEAD "<rect width=\"4\" height=\"2\" fill=\"#246\"/></svg>") && rep.n == 0 &&
		  strstr(got, "<rect width=\"4\" height=\"2\" fill=\"#246\"/>"));
	CHECK("an svg root without a namespace is packaged",
	      clean("<svg width=\"4\"><circle r=\"1\"/></svg>") && strstr(got, "<circle r=\"1\"/>"));
	CHECK("an svg root of another namespace is refused",
	      !clean("<svg xmlns=\"http://example.org/\"/>"));
	CHECK("XHTML is refused", !clean("<html><script>x</script></html>"));

	CHECK("handlers in any case go, and are counted",
	      clean(HEAD "<rect OnClick=\"x()\" onload=\"y()\" width=\"1\"/></svg>") && rep.n == 2 &&
		  !strstr(got, "nClick") && !strstr(got, "onload") && strstr(got, "width=\"1\""));
	CHECK_STR("the first removal is named", rep.first, "an event handler");
	CHECK("<set> of a handler goes, <animate> of opacity stays",
	      clean(HEAD "<set attributeName=\"onclick\" to=\"x()\"/>"
			 "<animate attributeName=\"opacity\" values=\"0;1\" dur=\"1s\"/></svg>") &&
		  rep.n == 1 && !strstr(got, "<set") && strstr(got, "attributeName=\"opacity\""));
	CHECK("<animate> of xlink:href goes",
	      clean(HEAD "<animate attributeName=\"xlink:href\" values=\"#a;#b\"/></svg>") &&
		  rep.n == 1 && !strstr(got, "animate"));
	CHECK("<style> with @import goes, a local one stays",
	      clean(HEAD "<style>@import url(x.css);</style><style>a{fill:url(#g)}</style></svg>") &&
		  rep.n == 1 && !strstr(got, "import") && strstr(got, "url(#g)"));
	CHECK("unknown elements and foreign attributes go quietly",
	      clean("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:i=\"urn:i\" i:v=\"1\">"
		    "<metadata>m</metadata><i:thing/><rect data-x=\"1\"/></svg>") &&
		  rep.n == 0 && !strstr(got, "metadata") && !strstr(got, "i:v") &&
		  !strstr(got, "thing") && !strstr(got, "data-x"));
	CHECK("<a> keeps its drawing as <g>, without the link",
	      clean(HEAD "<a xlink:href=\"#r\"><rect id=\"r\"/></a></svg>") && rep.n == 0 &&
		  strstr(got, "<g><rect id=\"r\"/></g>"));

	CHECK("<image> of a book image: renamed, size kept",
	      clean(HEAD "<image width=\"6\" height=\"4\" xlink:href=\"pic.png\"/></svg>") &&
		  rep.n == 0 &&
		  strstr(got, "<image width=\"6\" height=\"4\" xlink:href=\"img07-pic.png\"/>"));
	CHECK("<image> without a size gets the picture's pixels",
	      clean(HEAD "<image href=\"pic.png\" width=\"wide\"/></svg>") && rep.n == 0 &&
		  strstr(got, "width=\"30\"") && strstr(got, "height=\"20\"") &&
		  strstr(got, "xlink:href=\"img07-pic.png\"") && !strstr(got, " href="));
	CHECK("<image> of the web goes, and is counted",
	      clean(HEAD "<image width=\"6\" height=\"4\" xlink:href=\"http://x/pic.png\"/></svg>") &&
		  rep.n == 1 && !strstr(got, "<image"));
	CHECK("an xlink namespace is declared for a rewritten image",
	      clean("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"pic.png\"/></svg>") &&
		  strstr(got, "xmlns:xlink=\"http://www.w3.org/1999/xlink\""));
	free(got);
	return unit_done();
}
