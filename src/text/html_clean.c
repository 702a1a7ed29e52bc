/* html_clean.c — raw HTML to safe XHTML through one allow-list (see
 * html_clean.h). Blocks are parsed by libxml2's forgiving HTML parser and
 * written back out element by element; what is written also respects the
 * HTML content models epubcheck checks (an <li> only in a list, a <td>
 * only in a row, no block inside a phrase), so the result is not only
 * well-formed but valid. */
#include "text/html_clean.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/util.h"

/* HTML's space characters end a bare attribute value; so does a NUL byte
 * (strchr finds the set's terminator), as the tag scanner always had it. */
static int html_space_or_nul(int c)
{
	return strchr(" \t\r\n\f", c) != NULL;
}

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

static void xml_escape_str(struct buf *out, const char *s)
{
	xml_escape(out, s, strlen(s));
}

/* --- policy ------------------------------------------------------------ */

enum policy {
	P_KEEP,    /* write it, children inside */
	P_VOID,    /* empty element: br, hr, wbr, col */
	P_IMG,
	P_LINK,    /* <a> */
	P_UNWRAP,  /* leave the tag out, keep the children */
	P_QUIET,   /* leave out with content, say nothing (head, meta) */
	P_REMOVE,  /* leave out with content and report (script, form) */
	P_IFRAME,  /* becomes a link to its src */
	P_MEDIA    /* video/audio: a link to its src when it has one */
};

enum {
	E_PHRASING = 1, /* may appear inside a paragraph */
	E_PHRASE_IN = 2, /* content is phrasing only (p, h1, span) */
	E_LIST = 4,     /* only <li> inside */
	E_TABLE = 8,    /* table, thead, tbody, tfoot, tr, colgroup, dl */
};

struct element {
	const char *name;
	enum policy pol;
	const char *as; /* written under this name (center → div) */
	unsigned flags;
	const char *parents; /* " ul ol " — the only parents allowed, or NULL */
};

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

static const struct element *find_element(const char *name)
{
	return bsearch(name, elements, ARRAY_LEN(elements), sizeof elements[0],
		       cmp_element);
}

static void report(struct html_report *rep, const struct element *el)
{
	if (!rep)
		return;
	if (!rep->dropped)
		rep->dropped = el->name;
	rep->n_dropped++;
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

struct attr {
	const char *name;
	const char *value; /* NUL-terminated, entities decoded */
};

static const char *attr_get(const struct attr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(a[i].name, name))
			return a[i].value ? a[i].value : "";
	return NULL;
}

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
static void put_attrs(struct buf *out, const char *as, const struct attr *a, size_t n)
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
static void put_img(struct buf *out, const struct attr *a, size_t n,
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

/* A link in place of an embedded frame or player. YouTube embed URLs
 * become watch URLs, which open in any browser. */
static int put_embed_link(struct buf *out, const struct attr *a, size_t n, int block)
{
	const char *src = attr_get(a, n, "src");
	if (!src)
		return 0;
	struct buf url = BUF_INIT;
	if (!strncmp(src, "//", 2))
		buf_puts(&url, "https:");
	const char *embed = strstr(src, "youtube.com/embed/");
	if (embed) {
		const char *id = embed + strlen("youtube.com/embed/");
		buf_puts(&url, "https://www.youtube.com/watch?v=");
		buf_put(&url, id, strcspn(id, "?&#/"));
	} else {
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

/* --- blocks through libxml2 ------------------------------------------- */

#define MAX_DEPTH 64 /* deeper than this, only text is kept */

struct walk {
	struct buf *out;
	const struct html_env *env;
	struct html_report *rep;
	int in_link;
};

struct frame {
	const char *as;  /* element written around the children, or NULL */
	int phrasing;    /* only phrasing content may be written here */
	unsigned flags;  /* of the enclosing written element */
};

static void walk_children(struct walk *w, xmlNode *n, struct frame f, int depth);

static void collect_attrs(xmlNode *n, struct attr *a, size_t *na, size_t max)
{
	*na = 0;
	for (xmlAttr *p = n->properties; p && *na < max; p = p->next) {
		if (!p->name)
			continue;
		xmlChar *v = xmlNodeGetContent((xmlNode *)p);
		a[*na].name = (const char *)p->name;
		a[*na].value = v ? (const char *)v : NULL;
		(*na)++;
	}
}

static void free_attrs(struct attr *a, size_t na)
{
	for (size_t i = 0; i < na; i++)
		xmlFree((void *)a[i].value);
}

static int only_space(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n\f", *s))
			return 0;
	return 1;
}

/* Whether element `el` may be written inside frame f. */
static int fits(const struct element *el, struct frame f)
{
	char key[32];
	if (el->parents) {
		if (!f.as)
			return 0;
		snprintf(key, sizeof key, " %s ", f.as);
		return strstr(el->parents, key) != NULL;
	}
	if (f.flags & (E_LIST | E_TABLE))
		return 0;
	if (f.phrasing && !(el->flags & E_PHRASING))
		return 0;
	return 1;
}

static void walk_element(struct walk *w, xmlNode *n, struct frame f, int depth)
{
	const struct element *el = find_element((const char *)n->name);
	struct attr a[32];
	size_t na = 0;
	if (!el || el->pol == P_UNWRAP || depth > MAX_DEPTH) {
		walk_children(w, n, f, depth + 1);
		return;
	}
	if (el->pol == P_QUIET)
		return;
	if (el->pol == P_REMOVE) {
		report(w->rep, el);
		return;
	}
	collect_attrs(n, a, &na, ARRAY_LEN(a));
	if (f.flags & (E_LIST | E_TABLE) && !el->parents) {
		/* something stray in a list or table: a list gets it wrapped
		 * in an item, a table loses it */
		if (f.flags & E_LIST) {
			buf_puts(w->out, "<li>");
			struct frame li = {"li", 0, 0};
			walk_element(w, n, li, depth + 1);
			buf_puts(w->out, "</li>");
		}
		goto done;
	}
	switch (el->pol) {
	case P_IMG:
		put_img(w->out, a, na, w->env);
		break;
	case P_IFRAME:
	case P_MEDIA:
		if (!put_embed_link(w->out, a, na, !f.phrasing))
			report(w->rep, el);
		break;
	case P_VOID:
		if (fits(el, f)) {
			buf_printf(w->out, "<%s", el->as);
			put_attrs(w->out, el->as, a, na);
			buf_puts(w->out, "/>");
		}
		break;
	case P_LINK: {
		const char *href = attr_get(a, na, "href");
		if (w->in_link || !html_url_is_safe(href)) {
			walk_children(w, n, f, depth + 1);
			break;
		}
		buf_puts(w->out, "<a href=\"");
		xml_escape_str(w->out, href);
		buf_putc(w->out, '"');
		put_attrs(w->out, "a", a, na);
		buf_putc(w->out, '>');
		w->in_link++;
		walk_children(w, n, f, depth + 1);
		w->in_link--;
		buf_puts(w->out, "</a>");
		break;
	}
	default:
		if (!fits(el, f)) {
			walk_children(w, n, f, depth + 1);
			break;
		}
		size_t before = w->out->len;
		buf_printf(w->out, "<%s", el->as);
		put_attrs(w->out, el->as, a, na);
		buf_putc(w->out, '>');
		size_t inside = w->out->len;
		struct frame inner = {el->as, f.phrasing || (el->flags & E_PHRASE_IN), el->flags};
		walk_children(w, n, inner, depth + 1);
		if (w->out->len == inside && (!strcmp(el->as, "p") || !strcmp(el->as, "span") ||
					      !strcmp(el->as, "div"))) {
			/* an empty paragraph, often one the parser implied
			 * around a removed element: leave no trace */
			w->out->len = before;
			w->out->ptr[before] = '\0';
		} else {
			buf_printf(w->out, "</%s>", el->as);
		}
	}
done:
	free_attrs(a, na);
}

static void walk_children(struct walk *w, xmlNode *parent, struct frame f, int depth)
{
	for (xmlNode *c = parent->children; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!c->content)
				break;
			if ((f.flags & (E_LIST | E_TABLE)) && !only_space((const char *)c->content))
				break; /* text loose in a table has no place */
			xml_escape_str(w->out, (const char *)c->content);
			break;
		case XML_ELEMENT_NODE:
			walk_element(w, c, f, depth);
			break;
		default: /* comments, processing instructions, DTDs */
			break;
		}
	}
}

void html_clean_block(struct buf *out, const char *html, size_t len,
		      const struct html_env *env, struct html_report *rep)
{
	/* Parse inside a known body so a fragment needs no guessing. */
	struct buf src = BUF_INIT;
	buf_puts(&src, "<html><head><meta charset=\"utf-8\"></head><body>");
	buf_put(&src, html, len);
	buf_puts(&src, "</body></html>");
	htmlDocPtr doc = htmlReadMemory(buf_cstr(&src), (int)src.len, NULL, "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					    HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	buf_free(&src);
	if (!doc)
		return;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *body = NULL;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "body"))
			body = c;
	if (body) {
		struct walk w = {out, env, rep, 0};
		struct frame top = {NULL, 0, 0};
		walk_children(&w, body, top, 0);
	}
	xmlFreeDoc(doc);
}

/* --- single inline tags ------------------------------------------------ */

/* Decode the entities a URL or title in an attribute is likely to hold. */
static char *decode_entities(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		static const struct { const char *ent; char c; } ents[] = {
			{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
			{"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
		size_t k;
		for (k = 0; k < ARRAY_LEN(ents); k++) {
			size_t m = strlen(ents[k].ent);
			if (i + m <= n && !memcmp(s + i, ents[k].ent, m)) {
				buf_putc(&b, ents[k].c);
				i += m - 1;
				break;
			}
		}
		if (k == ARRAY_LEN(ents))
			buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

struct tag {
	char name[24];
	int closing, self_closing;
	struct attr a[16];
	size_t na;
};

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
}

/* Parse "<name a=v ...>" or "</name>". Returns 0 when it is not a tag. */
static int parse_tag(const char *s, size_t n, struct tag *t)
{
	memset(t, 0, sizeof *t);
	size_t i = 1, k = 0;
	if (n < 3 || s[0] != '<' || s[n - 1] != '>')
		return 0;
	n--; /* the closing '>' */
	if (s[i] == '/') {
		t->closing = 1;
		i++;
	}
	while (i < n && is_name_char(s[i]) && k + 1 < sizeof t->name)
		t->name[k++] = s[i++];
	if (k == 0 || (i < n && is_name_char(s[i])))
		return 0;
	while (i < n) {
		while (i < n && strchr(" \t\r\n\f", s[i]))
			i++;
		if (i >= n)
			break;
		if (s[i] == '/') {
			t->self_closing = 1;
			i++;
			continue;
		}
		size_t ns = i;
		while (i < n && !strchr(" \t\r\n\f=/>", s[i]))
			i++;
		if (i == ns) {
			i++;
			continue;
		}
		char *name = xstrndup(s + ns, i - ns);
		char *value = NULL;
		while (i < n && strchr(" \t\r\n\f", s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && strchr(" \t\r\n\f", s[i]))
				i++;
			size_t vs, ve;
			i = text_attr_value(s, n, i, html_space_or_nul, &vs, &ve);
			value = decode_entities(s + vs, ve - vs);
		}
		if (t->na < ARRAY_LEN(t->a)) {
			t->a[t->na].name = name;
			t->a[t->na].value = value;
			t->na++;
		} else {
			free(name);
			free(value);
		}
	}
	return 1;
}

static void free_tag(struct tag *t)
{
	for (size_t i = 0; i < t->na; i++) {
		free((void *)t->a[i].name);
		free((void *)t->a[i].value);
	}
}

enum html_tag_kind html_clean_inline(struct buf *out, const char *s, size_t len,
				     int in_link, const struct html_env *env,
				     struct html_report *rep, const char **name)
{
	struct tag t;
	enum html_tag_kind kind = HTML_TAG_TEXT;
	*name = NULL;
	if (len >= 4 && !memcmp(s, "<!--", 4))
		return HTML_TAG_DROP;
	if (len >= 2 && (s[1] == '!' || s[1] == '?'))
		return HTML_TAG_DROP; /* <!DOCTYPE>, <?xml?>, <![CDATA[ */
	if (!parse_tag(s, len, &t))
		return HTML_TAG_TEXT;
	const struct element *el = find_element(t.name);
	if (!el)
		goto done; /* <optional>, <T>, <username>: words, not tags */
	*name = el->name;
	if (t.closing) {
		if (el->pol == P_KEEP || el->pol == P_LINK)
			kind = (el->flags & E_PHRASING) ? HTML_TAG_CLOSE : HTML_TAG_TEXT;
		else
			kind = HTML_TAG_DROP;
		goto done;
	}
	switch (el->pol) {
	case P_QUIET:
	case P_UNWRAP:
		kind = HTML_TAG_DROP;
		break;
	case P_REMOVE:
		report(rep, el);
		kind = t.self_closing ? HTML_TAG_DROP : HTML_TAG_SKIP;
		break;
	case P_IFRAME:
	case P_MEDIA:
		if (in_link || !put_embed_link(out, t.a, t.na, 0))
			report(rep, el);
		kind = HTML_TAG_VOID;
		break;
	case P_IMG:
		put_img(out, t.a, t.na, env);
		kind = HTML_TAG_VOID;
		break;
	case P_VOID:
		if (el->flags & E_PHRASING) {
			buf_printf(out, "<%s/>", el->as);
			kind = HTML_TAG_VOID;
		}
		break;
	case P_LINK: {
		const char *href = attr_get(t.a, t.na, "href");
		if (in_link || !html_url_is_safe(href)) {
			kind = HTML_TAG_DROP;
			break;
		}
		buf_puts(out, "<a href=\"");
		xml_escape_str(out, href);
		buf_putc(out, '"');
		put_attrs(out, "a", t.a, t.na);
		buf_putc(out, '>');
		kind = HTML_TAG_OPEN;
		break;
	}
	case P_KEEP:
		if (!(el->flags & E_PHRASING))
			break; /* a block tag inside a paragraph: show as text */
		buf_printf(out, "<%s", el->as);
		put_attrs(out, el->as, t.a, t.na);
		if (t.self_closing) {
			buf_printf(out, "></%s>", el->as);
			kind = HTML_TAG_VOID;
		} else {
			buf_putc(out, '>');
			kind = HTML_TAG_OPEN;
		}
		break;
	}
	if (kind == HTML_TAG_OPEN)
		*name = el->as;
done:
	if (kind == HTML_TAG_CLOSE)
		*name = el->as;
	free_tag(&t);
	return kind;
}
