/* html_clean.c — raw HTML to safe XHTML through one allow-list (see
 * html_clean.h): the allow-list itself (which elements pass, under which
 * name, where they may stand), the checks and writers for the attributes
 * and URLs they may keep, and XML escaping. The two readers that apply it
 * are html_block.c (blocks, through libxml2) and html_inline.c (single
 * inline tags); html_policy.h is what they share. */
#include "text/html_clean.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/html_policy.h"
#include "text/video.h"
#include "base/util.h"

/* --- escaping ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left) that XML allows,
 * or 0 when the bytes are not one. */
static size_t utf8_xml_char(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80)
		return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0x7f ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0; /* overlong or out of range */
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	if (cp >= 0x80 && cp <= 0x9F)
		return 0; /* C1 controls: allowed by XML 1.0, rejected by readers */
	return len;
}

void xml_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i = 0;
	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;
		switch (u[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default:
			if (u[i] >= 0x20 && u[i] < 0x7F) { /* plain ASCII: most of it */
				i++;
				while (i < n && u[i] >= 0x20 && u[i] < 0x7F && u[i] != '&' &&
				       u[i] != '<' && u[i] != '>' && u[i] != '"')
					i++;
				continue;
			}
			len = utf8_xml_char(u + i, n - i);
			if (len) {
				i += len;
				continue;
			}
			/* a control character is dropped; a broken byte shows
			 * as U+FFFD so the reader sees something was there */
			len = 1;
			rep = u[i] < 0x80 ? "" : "\xEF\xBF\xBD";
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		i += len;
		start = i;
	}
	buf_put(out, s + start, n - start);
}

/* --- policy ------------------------------------------------------------ */

static const struct element elements[] = {
	{"a", P_LINK, "a", E_PHRASING, NULL},
	{"abbr", P_KEEP, "abbr", E_PHRASING | E_PHRASE_IN, NULL},
	{"acronym", P_KEEP, "abbr", E_PHRASING | E_PHRASE_IN, NULL},
	{"address", P_KEEP, "div", 0, NULL},
	{"applet", P_REMOVE, NULL, 0, NULL},
	{"area", P_REMOVE, NULL, 0, NULL},
	{"article", P_KEEP, "div", 0, NULL},
	{"aside", P_KEEP, "div", 0, NULL},
	{"audio", P_MEDIA, NULL, 0, NULL},
	{"b", P_KEEP, "b", E_PHRASING | E_PHRASE_IN, NULL},
	{"base", P_QUIET, NULL, 0, NULL},
	{"bdi", P_KEEP, "bdi", E_PHRASING | E_PHRASE_IN, NULL},
	{"big", P_KEEP, "span", E_PHRASING | E_PHRASE_IN, NULL},
	{"blink", P_KEEP, "span", E_PHRASING | E_PHRASE_IN, NULL},
	{"blockquote", P_KEEP, "blockquote", 0, NULL},
	{"body", P_UNWRAP, NULL, 0, NULL},
	{"br", P_VOID, "br", E_PHRASING, NULL},
	{"button", P_REMOVE, NULL, 0, NULL},
	{"canvas", P_REMOVE, NULL, 0, NULL},
	{"caption", P_KEEP, "caption", 0, " table "},
	{"center", P_KEEP, "div", 0, NULL},
	{"cite", P_KEEP, "cite", E_PHRASING | E_PHRASE_IN, NULL},
	{"code", P_KEEP, "code", E_PHRASING | E_PHRASE_IN, NULL},
	{"col", P_VOID, "col", 0, " colgroup "},
	{"colgroup", P_KEEP, "colgroup", E_TABLE, " table "},
	{"dd", P_KEEP, "dd", 0, " dl "},
	{"del", P_KEEP, "del", E_PHRASING | E_PHRASE_IN, NULL},
	{"details", P_KEEP, "details", 0, NULL},
	{"dfn", P_KEEP, "dfn", E_PHRASING | E_PHRASE_IN, NULL},
	{"dialog", P_REMOVE, NULL, 0, NULL},
	{"div", P_KEEP, "div", 0, NULL},
	{"dl", P_KEEP, "dl", E_TABLE, NULL},
	{"dt", P_KEEP, "dt", E_PHRASE_IN, " dl "},
	{"em", P_KEEP, "em", E_PHRASING | E_PHRASE_IN, NULL},
	{"embed", P_REMOVE, NULL, 0, NULL},
	{"figcaption", P_KEEP, "figcaption", 0, " figure "},
	{"figure", P_KEEP, "figure", 0, NULL},
	{"font", P_KEEP, "span", E_PHRASING | E_PHRASE_IN, NULL},
	{"footer", P_KEEP, "div", 0, NULL},
	{"form", P_REMOVE, NULL, 0, NULL},
	{"frame", P_REMOVE, NULL, 0, NULL},
	{"frameset", P_REMOVE, NULL, 0, NULL},
	{"h1", P_KEEP, "h1", E_PHRASE_IN, NULL},
	{"h2", P_KEEP, "h2", E_PHRASE_IN, NULL},
	{"h3", P_KEEP, "h3", E_PHRASE_IN, NULL},
	{"h4", P_KEEP, "h4", E_PHRASE_IN, NULL},
	{"h5", P_KEEP, "h5", E_PHRASE_IN, NULL},
	{"h6", P_KEEP, "h6", E_PHRASE_IN, NULL},
	{"head", P_QUIET, NULL, 0, NULL},
	{"header", P_KEEP, "div", 0, NULL},
	{"hr", P_VOID, "hr", 0, NULL},
	{"html", P_UNWRAP, NULL, 0, NULL},
	{"i", P_KEEP, "i", E_PHRASING | E_PHRASE_IN, NULL},
	{"iframe", P_IFRAME, NULL, E_PHRASING, NULL},
	{"img", P_IMG, "img", E_PHRASING, NULL},
	{"input", P_REMOVE, NULL, 0, NULL},
	{"ins", P_KEEP, "ins", E_PHRASING | E_PHRASE_IN, NULL},
	{"kbd", P_KEEP, "kbd", E_PHRASING | E_PHRASE_IN, NULL},
	{"li", P_KEEP, "li", 0, " ul ol "},
	{"link", P_QUIET, NULL, 0, NULL},
	{"main", P_KEEP, "div", 0, NULL},
	{"map", P_REMOVE, NULL, 0, NULL},
	{"mark", P_KEEP, "mark", E_PHRASING | E_PHRASE_IN, NULL},
	{"math", P_REMOVE, NULL, 0, NULL},
	{"meta", P_QUIET, NULL, 0, NULL},
	{"nav", P_KEEP, "div", 0, NULL},
	{"noscript", P_REMOVE, NULL, 0, NULL},
	{"object", P_REMOVE, NULL, 0, NULL},
	{"ol", P_KEEP, "ol", E_LIST, NULL},
	{"option", P_REMOVE, NULL, 0, NULL},
	{"p", P_KEEP, "p", E_PHRASE_IN, NULL},
	{"param", P_REMOVE, NULL, 0, NULL},
	{"pre", P_KEEP, "pre", E_PHRASE_IN, NULL},
	{"q", P_KEEP, "q", E_PHRASING | E_PHRASE_IN, NULL},
	{"s", P_KEEP, "s", E_PHRASING | E_PHRASE_IN, NULL},
	{"samp", P_KEEP, "samp", E_PHRASING | E_PHRASE_IN, NULL},
	{"script", P_REMOVE, NULL, 0, NULL},
	{"section", P_KEEP, "div", 0, NULL},
	{"select", P_REMOVE, NULL, 0, NULL},
	{"small", P_KEEP, "small", E_PHRASING | E_PHRASE_IN, NULL},
	{"source", P_REMOVE, NULL, 0, NULL},
	{"span", P_KEEP, "span", E_PHRASING | E_PHRASE_IN, NULL},
	{"strike", P_KEEP, "s", E_PHRASING | E_PHRASE_IN, NULL},
	{"strong", P_KEEP, "strong", E_PHRASING | E_PHRASE_IN, NULL},
	{"style", P_REMOVE, NULL, 0, NULL},
	{"sub", P_KEEP, "sub", E_PHRASING | E_PHRASE_IN, NULL},
	{"summary", P_KEEP, "summary", E_PHRASE_IN, " details "},
	{"sup", P_KEEP, "sup", E_PHRASING | E_PHRASE_IN, NULL},
	{"svg", P_REMOVE, NULL, 0, NULL},
	{"table", P_KEEP, "table", E_TABLE, NULL},
	{"tbody", P_KEEP, "tbody", E_TABLE, " table "},
	{"td", P_KEEP, "td", 0, " tr "},
	{"template", P_REMOVE, NULL, 0, NULL},
	{"textarea", P_REMOVE, NULL, 0, NULL},
	{"tfoot", P_KEEP, "tfoot", E_TABLE, " table "},
	{"th", P_KEEP, "th", 0, " tr "},
	{"thead", P_KEEP, "thead", E_TABLE, " table "},
	{"time", P_KEEP, "time", E_PHRASING | E_PHRASE_IN, NULL},
	{"title", P_QUIET, NULL, 0, NULL},
	{"tr", P_KEEP, "tr", E_TABLE, " table thead tbody tfoot "},
	{"track", P_REMOVE, NULL, 0, NULL},
	{"tt", P_KEEP, "code", E_PHRASING | E_PHRASE_IN, NULL},
	{"u", P_KEEP, "u", E_PHRASING | E_PHRASE_IN, NULL},
	{"ul", P_KEEP, "ul", E_LIST, NULL},
	{"var", P_KEEP, "var", E_PHRASING | E_PHRASE_IN, NULL},
	{"video", P_MEDIA, NULL, 0, NULL},
	{"wbr", P_VOID, "wbr", E_PHRASING, NULL},
};

static int cmp_element(const void *key, const void *el)
{
	return strcasecmp((const char *)key, ((const struct element *)el)->name);
}

const struct element *html_find_element(const char *name)
{
	return bsearch(name, elements, ARRAY_LEN(elements), sizeof elements[0],
		       cmp_element);
}

int html_url_is_safe(const char *url)
{
	if (!url)
		return 0;
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8) &&
	    strncasecmp(url, "mailto:", 7))
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("\"<>\\^`{|}", *p))
			return 0;
	return 1;
}

/* --- attributes -------------------------------------------------------- */

static int all_digits(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* class tokens made of letters, digits, '-' and '_' only */
void html_class_attr(struct buf *out, const char *v)
{
	int any = 0;
	if (!v)
		return;
	while (*v) {
		size_t n = strcspn(v, " \t\r\n\f");
		int ok = n > 0 && n < 64;
		for (size_t i = 0; ok && i < n; i++) {
			char c = v[i];
			ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_';
		}
		if (ok) {
			buf_puts(out, any ? " " : " class=\"");
			buf_put(out, v, n);
			any = 1;
		}
		v += n;
		v += strspn(v, " \t\r\n\f");
	}
	if (any)
		buf_putc(out, '"');
}

static void put_attr(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, " %s=\"", name);
	xml_escape_str(out, value);
	buf_putc(out, '"');
}

/* The attributes an element of ours may keep. */
void html_put_attrs(struct buf *out, const char *as, const struct attr *a, size_t n)
{
	const char *v;
	if ((v = attr_get(a, n, "class")))
		html_class_attr(out, v);
	if ((v = attr_get(a, n, "title")) && *v)
		put_attr(out, "title", v);
	if (!strcmp(as, "td") || !strcmp(as, "th")) {
		if ((v = attr_get(a, n, "colspan")) && all_digits(v, 3) && atoi(v) > 0)
			put_attr(out, "colspan", v);
		if ((v = attr_get(a, n, "rowspan")) && all_digits(v, 3))
			put_attr(out, "rowspan", v);
	}
	if (!strcmp(as, "ol") && (v = attr_get(a, n, "start")) && all_digits(v, 9))
		put_attr(out, "start", v);
	if ((!strcmp(as, "col") || !strcmp(as, "colgroup")) &&
	    (v = attr_get(a, n, "span")) && all_digits(v, 3) && atoi(v) > 0)
		put_attr(out, "span", v);
}

/* <img>: the packaged image, or its alt text in a placeholder. */
void html_put_img(struct buf *out, const struct attr *a, size_t n,
		    const struct html_env *env)
{
	const char *src = attr_get(a, n, "src");
	const char *alt = attr_get(a, n, "alt");
	const char *href = src && env && env->image_href ? env->image_href(env->arg, src) : NULL;
	if (href) {
		buf_puts(out, "<img src=\"");
		xml_escape_str(out, href);
		buf_puts(out, "\" alt=\"");
		xml_escape_str(out, alt ? alt : "");
		buf_putc(out, '"');
		const char *v;
		if ((v = attr_get(a, n, "width")) && all_digits(v, 5))
			put_attr(out, "width", v);
		if ((v = attr_get(a, n, "height")) && all_digits(v, 5))
			put_attr(out, "height", v);
		html_class_attr(out, attr_get(a, n, "class") ? attr_get(a, n, "class") : "");
		buf_puts(out, "/>");
	} else if (alt && *alt) {
		buf_puts(out, "<span class=\"missing-image\">");
		xml_escape_str(out, alt);
		buf_puts(out, "</span>");
	}
}

/* A link in place of an embedded frame or player. YouTube and Vimeo
 * player URLs become watch URLs, which open in any browser and are the
 * ones the PDF prints. */
int html_put_embed_link(struct buf *out, const struct attr *a, size_t n, int block)
{
	const char *src = attr_get(a, n, "src");
	if (!src)
		return 0;
	struct buf url = BUF_INIT;
	char *watch = video_watch_url(src);
	if (watch) {
		buf_puts(&url, watch);
		free(watch);
	} else {
		if (!strncmp(src, "//", 2))
			buf_puts(&url, "https:");
		buf_puts(&url, src);
	}
	int ok = html_url_is_safe(buf_cstr(&url));
	if (ok) {
		const char *title = attr_get(a, n, "title");
		buf_puts(out, block ? "<p class=\"embed\">" : "<span class=\"embed\">");
		if (title && *title) {
			xml_escape_str(out, title);
			buf_puts(out, ": ");
		}
		buf_puts(out, "<a href=\"");
		xml_escape_str(out, buf_cstr(&url));
		buf_puts(out, "\">");
		xml_escape_str(out, buf_cstr(&url));
		buf_puts(out, block ? "</a></p>" : "</a></span>");
	}
	buf_free(&url);
	return ok;
}

void html_put_link_open(struct buf *out, const char *href, const struct attr *a, size_t n)
{
	char *watch = video_watch_url(href);
	buf_puts(out, "<a href=\"");
	xml_escape_str(out, watch ? watch : href);
	free(watch);
	buf_putc(out, '"');
	html_put_attrs(out, "a", a, n);
	buf_putc(out, '>');
}
