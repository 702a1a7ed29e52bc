/* epub_svg.c — SVG images made safe to package. SVG may carry script,
 * event handlers, animations that rewrite links, style sheets that import
 * others and references out of the file; only a cleaned copy, parsed and
 * written back by libxml2, goes into the book (see epub.h). Each element
 * and attribute goes through the allow-list of epub_svg_policy.c, in the
 * manner of the raw-HTML cleaner: what draws stays, what could run or
 * fetch is removed and counted for one warning, what is merely unknown
 * (editor metadata) goes quietly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "base/xmllib.h"
#include "epub/epub.h"
#include "epub/epub_svg_policy.h"
#include "base/util.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"

struct svg_clean {
	const struct svg_env *env;
	struct svg_report *rep;
	xmlNode *root;
	xmlNs *xlink; /* the xlink namespace written image links use */
};

static void report(struct svg_clean *C, const char *what)
{
	if (!C->rep)
		return;
	if (!C->rep->first)
		C->rep->first = what;
	C->rep->n++;
}

static void drop_node(xmlNode *n)
{
	xl.xmlUnlinkNode(n);
	xl.xmlFreeNode(n);
}

/* An attribute's value, or NULL when it is built from entity references
 * (whose DTD the copy does not keep): the caller frees it. */
static char *attr_value(xmlAttr *a)
{
	for (xmlNode *t = a->children; t; t = t->next)
		if (t->type != XML_TEXT_NODE)
			return NULL;
	xmlChar *v = xl.xmlNodeGetContent((xmlNode *)a);
	return v ? (char *)v : (char *)xl.xmlStrdup((const xmlChar *)"");
}

static const char *ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

/* The value of el's link, plain href (SVG 2) or xlink:href, or NULL;
 * the caller frees it. */
static char *link_of(xmlNode *el)
{
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *ns = a->ns ? (const char *)a->ns->href : NULL;
		if (!strcmp((const char *)a->name, "href") && (!ns || !strcmp(ns, XLINK_NS)))
			return attr_value(a);
	}
	return NULL;
}

static const char QUIET[] = "";

/* What one attribute of an element of policy pol becomes: NULL to keep
 * it, QUIET to drop it unreported, else the report for dropping it. */
static const char *attr_verdict(xmlAttr *a, int pol)
{
	const char *name = (const char *)a->name;
	const char *ns = a->ns ? (const char *)a->ns->href : NULL;
	if (!strncasecmp(name, "on", 2))
		return "an event handler"; /* in any namespace */
	int is_href = !strcmp(name, "href") && (!ns || !strcmp(ns, XLINK_NS));
	if (ns && !is_href)
		return !strcmp(ns, (const char *)XML_XML_NAMESPACE) &&
				       (!strcmp(name, "space") || !strcmp(name, "lang"))
			       ? NULL
			       : QUIET;
	if (!is_href && strcmp(name, "style") && !svg_attr_allowed(name))
		return QUIET;
	char *v = attr_value(a);
	const char *verdict = NULL;
	if (!v)
		verdict = QUIET;
	else if (is_href && pol == SV_IMAGE)
		verdict = QUIET; /* written anew by clean_image */
	else if (is_href && !svg_ref_local(v))
		verdict = "a link out of the file";
	else if (is_href)
		verdict = pol == SV_LINK ? QUIET : NULL;
	else if (!svg_css_safe(v))
		verdict = "a url() or @import out of the file";
	xl_free(v);
	return verdict;
}

static void clean_attrs(struct svg_clean *C, xmlNode *el, int pol)
{
	xmlAttr *a = el->properties;
	while (a) {
		xmlAttr *next = a->next;
		const char *why = attr_verdict(a, pol);
		if (why && why != QUIET)
			report(C, why);
		if (why)
			xl.xmlRemoveProp(a);
		a = next;
	}
}

/* "12", "12.5", "40%", "3em": a width or height an image may keep */
static int svg_length_ok(const char *v)
{
	size_t n = strspn(v, "0123456789.");
	if (n == 0 || n > 12 || strtod(v, NULL) <= 0)
		return 0;
	v += n;
	return !*v || !strcmp(v, "%") || !strcmp(v, "px") || !strcmp(v, "pt") ||
	       !strcmp(v, "em") || !strcmp(v, "mm") || !strcmp(v, "cm") || !strcmp(v, "in");
}

/* Give el a usable width or height: its own when well-formed, else the
 * image's size in pixels. 0 when it has neither. */
static int image_size(xmlNode *el, const char *attr, int px)
{
	xmlChar *v = xl.xmlGetNoNsProp(el, (const xmlChar *)attr);
	int ok = v && svg_length_ok((const char *)v);
	xl_free(v);
	if (ok)
		return 1;
	if (px <= 0)
		return 0;
	char num[16];
	snprintf(num, sizeof num, "%d", px);
	xl.xmlSetProp(el, (const xmlChar *)attr, (const xmlChar *)num);
	return 1;
}

/* <image>: kept, with its width and height, when it shows an image the
 * book holds; its link is rewritten to that image's name in the package.
 * Returns 0 when el is to go. */
static int clean_image(struct svg_clean *C, xmlNode *el)
{
	char *ref = link_of(el);
	int w = 0, h = 0;
	char *name = ref && C->env && C->env->image_href
			     ? C->env->image_href(C->env->arg, ref, &w, &h)
			     : NULL;
	xl_free(ref);
	if (!name) {
		report(C, "an <image> of a file the book does not hold");
		return 0;
	}
	clean_attrs(C, el, SV_IMAGE);
	int ok = image_size(el, "width", w) && image_size(el, "height", h);
	if (ok) {
		if (!C->xlink)
			C->xlink = xl.xmlNewNs(C->root, (const xmlChar *)XLINK_NS,
					    (const xmlChar *)"xlink");
		if (!C->xlink) /* the prefix is taken by another namespace */
			C->xlink = xl.xmlNewNs(C->root, (const xmlChar *)XLINK_NS,
					    (const xmlChar *)"octavo-xlink");
		xl.xmlSetNsProp(el, C->xlink, (const xmlChar *)"href", (const xmlChar *)name);
	}
	free(name);
	return ok;
}

/* Whether an animation leaves links, handlers and the outside alone:
 * the attribute it changes is not href or on*, and the values it sets
 * pass the CSS check (they may set style or a url() paint). */
static int anim_safe(xmlNode *el)
{
	xmlChar *target = xl.xmlGetNoNsProp(el, (const xmlChar *)"attributeName");
	const char *t = target ? (const char *)target : "";
	t += strspn(t, " \t\r\n");
	const char *colon = strchr(t, ':');
	if (colon)
		t = colon + 1;
	int ok = strncasecmp(t, "href", 4) && strncasecmp(t, "on", 2);
	xl_free(target);
	static const char *const vals[] = {"from", "to", "by", "values"};
	for (size_t i = 0; ok && i < ARRAY_LEN(vals); i++) {
		xmlChar *v = xl.xmlGetNoNsProp(el, (const xmlChar *)vals[i]);
		ok = !v || (svg_css_safe((const char *)v) &&
			    !strcasestr((const char *)v, "javascript:"));
		xl_free(v);
	}
	return ok;
}

/* Whether a <style> sheet stays inside the file. */
static int style_safe(xmlNode *el)
{
	for (xmlNode *c = el->children; c; c = c->next)
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE &&
		    c->type != XML_COMMENT_NODE)
			return 0;
	xmlChar *css = xl.xmlNodeGetContent(el);
	int ok = svg_css_safe(css ? (const char *)css : "");
	xl_free(css);
	return ok;
}

/* What becomes of element c: its policy, or -1 to remove it (reported
 * here when it could run or fetch something). */
static int element_verdict(struct svg_clean *C, xmlNode *c, int depth)
{
	const char *ns = ns_of(c);
	if (depth > 100)
		return -1; /* too deep to walk */
	const char *tag;
	int pol = svg_element_policy((const char *)c->name, &tag);
	const char *why = NULL;
	if (ns && strcmp(ns, SVG_NS)) {
		/* not SVG: editor metadata goes quietly, XHTML <script> not */
		why = pol == SV_REMOVE || pol == SV_STYLE ? tag : NULL;
		pol = -1;
	} else if (pol == SV_REMOVE) {
		why = tag;
	} else if (pol == SV_ANIM && !anim_safe(c)) {
		why = "an animation of a link or an event handler";
	} else if (pol == SV_STYLE && !style_safe(c)) {
		why = "a <style> that imports or fetches";
	} else if (pol == SV_REF) {
		char *ref = link_of(c);
		if (!svg_ref_local(ref))
			why = "a reference to another file";
		xl_free(ref);
	} else if (pol == SV_IMAGE && !clean_image(C, c)) {
		return -1; /* reported by clean_image */
	}
	if (why) {
		report(C, why);
		return -1;
	}
	return pol;
}

/* Clean n's children: elements through the allow-list, text and
 * comments kept, processing instructions and entity references
 * removed. Past depth 100 a subtree goes whole, so a hostile file cannot
 * exhaust the stack. */
static void svg_clean_node(struct svg_clean *C, xmlNode *n, int depth)
{
	xmlNode *c = n->children;
	while (c) {
		xmlNode *next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			int pol = element_verdict(C, c, depth);
			if (pol < 0) {
				drop_node(c);
			} else {
				if (pol != SV_IMAGE)
					clean_attrs(C, c, pol);
				/* links in an image shown through <img> never work,
				 * and epubcheck wants a title on each: keep the
				 * drawing only */
				if (pol == SV_LINK)
					xl.xmlNodeSetName(c, (const xmlChar *)"g");
				svg_clean_node(C, c, depth + 1);
			}
		} else if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE &&
			   c->type != XML_COMMENT_NODE) {
			drop_node(c);
		}
		c = next;
	}
}

unsigned char *epub_svg_clean(const unsigned char *data, size_t len,
			      const struct svg_env *env, struct svg_report *rep,
			      size_t *out_len)
{
	if (len > 64u << 20 || !xmllib_open())
		return NULL;
	xmlDocPtr doc = xl.xmlReadMemory((const char *)data, (int)len, NULL, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return NULL;
	xmlNode *root = xl.xmlDocGetRootElement(doc);
	const char *ns = root ? ns_of(root) : NULL;
	if (!root || strcmp((const char *)root->name, "svg") || (ns && strcmp(ns, SVG_NS))) {
		xl.xmlFreeDoc(doc);
		return NULL;
	}
	struct svg_clean C = {env, rep, root, xl.xmlSearchNsByHref(doc, root, (const xmlChar *)XLINK_NS)};
	clean_attrs(&C, root, SV_KEEP);
	svg_clean_node(&C, root, 1);
	/* nodes outside the root: comments stay, the rest goes; a style
	 * sheet instruction would fetch its sheet */
	for (xmlNode *c = doc->children, *next; c; c = next) {
		next = c->next;
		if (c->type == XML_PI_NODE && !strcmp((const char *)c->name, "xml-stylesheet"))
			report(&C, "an xml-stylesheet instruction");
		if (c != root && c->type != XML_COMMENT_NODE && c->type != XML_DTD_NODE)
			drop_node(c);
	}
	/* a DOCTYPE could declare entities; nothing refers to them now, and
	 * the cleaned copy needs none */
	xmlDtdPtr dtd = xl.xmlGetIntSubset(doc);
	if (dtd) {
		xl.xmlUnlinkNode((xmlNode *)dtd);
		xl.xmlFreeDtd(dtd);
	}
	xmlChar *mem = NULL;
	int n = 0;
	xl.xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	xl.xmlFreeDoc(doc);
	if (!mem || n <= 0) {
		xl_free(mem);
		return NULL;
	}
	unsigned char *copy = xmalloc((size_t)n);
	memcpy(copy, mem, (size_t)n);
	xl_free(mem);
	*out_len = (size_t)n;
	return copy;
}
