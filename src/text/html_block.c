/* html_block.c — an HTML block cleaned through libxml2 (see
 * html_clean.h and html_policy.h). The block is parsed by libxml2's
 * forgiving HTML parser and written back out element by element through
 * the allow-list; what is written also respects the HTML content models
 * epubcheck checks (an <li> only in a list, a <td> only in a row, no block
 * inside a phrase), so the result is not only well-formed but valid. */
#include <stdio.h>
#include <string.h>
#include <strings.h>


#include "base/xmllib.h"
#include "text/html_policy.h"
#include "base/util.h"

#define MAX_DEPTH 64 /* deeper than this, only text is kept */

struct frame {
	const char *as;  /* element written around the children, or NULL */
	int phrasing;    /* only phrasing content may be written here */
	unsigned flags;  /* of the enclosing written element */
};

static void walk_children(struct clean_ctx *w, xmlNode *n, struct frame f, int depth);

static void collect_attrs(xmlNode *n, struct attr *a, size_t *na, size_t max)
{
	*na = 0;
	for (xmlAttr *p = n->properties; p && *na < max; p = p->next) {
		if (!p->name)
			continue;
		xmlChar *v = xl.xmlNodeGetContent((xmlNode *)p);
		a[*na].name = (const char *)p->name;
		a[*na].value = v ? (const char *)v : NULL;
		(*na)++;
	}
}

static void free_attrs(struct attr *a, size_t na)
{
	for (size_t i = 0; i < na; i++)
		xl_free((void *)a[i].value);
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

/* An element the policy lets through, while it is written. */
struct elem {
	xmlNode *n;
	const struct element *el;
	struct frame f; /* where it stands */
	int depth;
	struct attr a[32];
	size_t na;
};

static void walk_element(struct clean_ctx *w, xmlNode *n, struct frame f, int depth);

/* Something stray in a list or table: a list gets it wrapped in an item,
 * a table loses it. */
static void walk_stray(struct clean_ctx *w, const struct elem *e)
{
	if (e->f.flags & E_LIST) {
		buf_puts(w->out, "<li>");
		struct frame li = {"li", 0, 0};
		walk_element(w, e->n, li, e->depth + 1);
		buf_puts(w->out, "</li>");
	}
}

/* <a>: written only with a safe href and outside another link; else its
 * children stand in for it. */
static void walk_link(struct clean_ctx *w, const struct elem *e)
{
	const char *href = attr_get(e->a, e->na, "href");
	if (w->in_link || !html_url_is_safe(href)) {
		walk_children(w, e->n, e->f, e->depth + 1);
		return;
	}
	html_put_link_open(w->out, href, e->a, e->na);
	w->in_link++;
	walk_children(w, e->n, e->f, e->depth + 1);
	w->in_link--;
	buf_puts(w->out, "</a>");
}

/* An element kept with its children, where it fits; else the children
 * stand in for it. */
static void walk_kept(struct clean_ctx *w, const struct elem *e)
{
	const struct element *el = e->el;
	if (!fits(el, e->f)) {
		walk_children(w, e->n, e->f, e->depth + 1);
		return;
	}
	size_t before = w->out->len;
	buf_printf(w->out, "<%s", el->as);
	html_put_attrs(w->out, el->as, e->a, e->na);
	buf_putc(w->out, '>');
	size_t inside = w->out->len;
	struct frame inner = {el->as, e->f.phrasing || (el->flags & E_PHRASE_IN), el->flags};
	walk_children(w, e->n, inner, e->depth + 1);
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

/* An element with its attributes collected, as its policy says. */
static void write_element(struct clean_ctx *w, const struct elem *e)
{
	const struct element *el = e->el;
	switch (el->pol) {
	case P_IMG:
		html_put_img(w->out, e->a, e->na, w->env);
		break;
	case P_IFRAME:
	case P_MEDIA:
		if (!html_put_embed_link(w->out, e->a, e->na, !e->f.phrasing))
			html_report_drop(w->rep, el);
		break;
	case P_VOID:
		if (fits(el, e->f)) {
			buf_printf(w->out, "<%s", el->as);
			html_put_attrs(w->out, el->as, e->a, e->na);
			buf_puts(w->out, "/>");
		}
		break;
	case P_LINK:
		walk_link(w, e);
		break;
	default:
		walk_kept(w, e);
	}
}

static void walk_element(struct clean_ctx *w, xmlNode *n, struct frame f, int depth)
{
	const struct element *el = html_find_element((const char *)n->name);
	if (!el || el->pol == P_UNWRAP || depth > MAX_DEPTH) {
		walk_children(w, n, f, depth + 1);
		return;
	}
	if (el->pol == P_QUIET)
		return;
	if (el->pol == P_REMOVE) {
		html_report_drop(w->rep, el);
		return;
	}
	struct elem e;
	e.n = n;
	e.el = el;
	e.f = f;
	e.depth = depth;
	collect_attrs(n, e.a, &e.na, ARRAY_LEN(e.a));
	if (f.flags & (E_LIST | E_TABLE) && !el->parents)
		walk_stray(w, &e);
	else
		write_element(w, &e);
	free_attrs(e.a, e.na);
}

static void walk_children(struct clean_ctx *w, xmlNode *parent, struct frame f, int depth)
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
	if (!xmllib_open()) { /* no libxml2: the block shows as text */
		buf_put_xml(out, html, len);
		return;
	}
	/* Parse inside a known body so a fragment needs no guessing. */
	struct buf src = BUF_INIT;
	buf_puts(&src, "<html><head><meta charset=\"utf-8\"></head><body>");
	buf_put(&src, html, len);
	buf_puts(&src, "</body></html>");
	htmlDocPtr doc = xl.htmlReadMemory(buf_cstr(&src), (int)src.len, NULL, "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					    HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	buf_free(&src);
	if (!doc)
		return;
	xmlNode *root = xl.xmlDocGetRootElement(doc);
	xmlNode *body = NULL;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "body"))
			body = c;
	if (body) {
		struct clean_ctx w = {out, env, rep, 0};
		struct frame top = {NULL, 0, 0};
		walk_children(&w, body, top, 0);
	}
	xl.xmlFreeDoc(doc);
}
