/* epub_svg.c — SVG images made safe to package. SVG may carry script,
 * event handlers and external references; only a cleaned copy, parsed and
 * written back by libxml2, goes into the book (see epub.h). */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "epub/epub.h"
#include "base/util.h"

/* Drop from n's children what could run or fetch something: such
 * elements, event handlers, links out of the file, processing
 * instructions and entity references. Past depth 100 a subtree goes whole,
 * so a hostile file cannot exhaust the stack. */
static void svg_clean_node(xmlNode *n, int depth)
{
	xmlNode *c = n->children;
	while (c) {
		xmlNode *next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)c->name;
			if (depth > 100 || !strcasecmp(name, "script") ||
			    !strcasecmp(name, "foreignObject") || !strcasecmp(name, "iframe") ||
			    !strcasecmp(name, "object") || !strcasecmp(name, "embed") ||
			    !strcasecmp(name, "handler") || !strcasecmp(name, "listener")) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				c = next;
				continue;
			}
			xmlAttr *a = c->properties;
			while (a) {
				xmlAttr *an = a->next;
				const char *an_name = (const char *)a->name;
				int drop = !strncasecmp(an_name, "on", 2);
				if (!drop && !strcasecmp(an_name, "href")) {
					xmlChar *v = xmlNodeGetContent((xmlNode *)a);
					/* only references inside the file itself */
					drop = !v || v[0] != '#';
					xmlFree(v);
				}
				if (drop)
					xmlRemoveProp(a);
				a = an;
			}
			/* links in an image shown through <img> never work, and
			 * epubcheck wants a title on each: keep the drawing only */
			if (!strcmp(name, "a"))
				xmlNodeSetName(c, (const xmlChar *)"g");
			svg_clean_node(c, depth + 1);
		} else if (c->type == XML_PI_NODE || c->type == XML_ENTITY_REF_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
}

unsigned char *epub_svg_clean(const unsigned char *data, size_t len, size_t *out_len)
{
	if (len > 64u << 20)
		return NULL;
	xmlDocPtr doc = xmlReadMemory((const char *)data, (int)len, NULL, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "svg")) {
		xmlFreeDoc(doc);
		return NULL;
	}
	/* a DOCTYPE could declare entities; the cleaned copy needs none */
	xmlDtdPtr dtd = xmlGetIntSubset(doc);
	if (dtd) {
		xmlUnlinkNode((xmlNode *)dtd);
		xmlFreeDtd(dtd);
	}
	svg_clean_node((xmlNode *)doc, 0);
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	xmlFreeDoc(doc);
	if (!mem || n <= 0) {
		xmlFree(mem);
		return NULL;
	}
	unsigned char *copy = xmalloc((size_t)n);
	memcpy(copy, mem, (size_t)n);
	xmlFree(mem);
	*out_len = (size_t)n;
	return copy;
}
