/* fuzz_html.c — libFuzzer target for the raw-HTML cleaner, the one gate
 * between what a lesson author writes and the XHTML an e-reader runs.
 * Unlike the pipeline target it has an oracle, not just "no crash": every
 * output must parse as well-formed XML and carry no script-like element,
 * no event-handler attribute and no URL outside http/https/mailto and
 * in-book references. The first input byte picks what is fuzzed (a block,
 * one inline tag inside or outside a link, xml_escape, html_url_is_safe). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "text/html_clean.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *image_href(void *arg, const char *src)
{
	(void)arg;
	return strcmp(src, "a.png") == 0 ? "images/a.png" : NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, silent);
	return 0;
}

static int url_ok(const char *v)
{
	/* What may reach an href or src: a safe scheme, or a reference
	 * inside the package (no scheme at all). */
	if (html_url_is_safe(v))
		return 1;
	size_t n = strcspn(v, ":/?#");
	return v[n] != ':';
}

static void check_tree(xmlNode *n)
{
	static const char *const banned[] = {
		"script", "style", "iframe", "object", "embed", "form", "input",
		"button", "frame", "frameset", "applet", "base", "link", "meta",
	};
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
			if (!strcasecmp((const char *)n->name, banned[i]))
				abort();
		for (xmlAttr *a = n->properties; a; a = a->next) {
			const char *name = (const char *)a->name;
			if (!strncasecmp(name, "on", 2))
				abort();
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			int bad = v && (!strcasecmp(name, "href") || !strcasecmp(name, "src")) &&
				  !url_ok((const char *)v);
			xmlFree(v);
			if (bad)
				abort();
		}
		check_tree(n->children);
	}
}

/* The cleaned fragment must be well-formed XHTML with nothing active. */
static void check_xhtml(const struct buf *frag)
{
	struct buf doc = BUF_INIT;
	buf_puts(&doc, "<div xmlns=\"http://www.w3.org/1999/xhtml\" "
		       "xmlns:epub=\"http://www.idpf.org/2007/ops\">");
	buf_put(&doc, buf_cstr(frag), frag->len);
	buf_puts(&doc, "</div>");
	xmlDoc *x = xmlReadMemory(buf_cstr(&doc), (int)doc.len, "frag.xhtml", "UTF-8",
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x)
		abort(); /* not well-formed: epubcheck would reject the book */
	check_tree(xmlDocGetRootElement(x));
	xmlFreeDoc(x);
	buf_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int mode = data[0] & 7;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	size_t n = size - 1;
	struct buf out = BUF_INIT;
	struct html_env env = {image_href, NULL};
	struct html_report rep = {NULL, 0};
	switch (mode) {
	case 0:
	case 1:
	case 2:
		html_clean_block(&out, s, n, &env, &rep);
		check_xhtml(&out);
		break;
	case 3:
	case 4: {
		const char *name = NULL;
		enum html_tag_kind k = html_clean_inline(&out, s, n, mode == 4, &env, &rep, &name);
		if (k == HTML_TAG_OPEN) {
			if (!name)
				abort();
			buf_printf(&out, "</%s>", name);
		}
		check_xhtml(&out);
		break;
	}
	case 5:
		xml_escape(&out, s, n);
		check_xhtml(&out);
		break;
	case 6:
		html_class_attr(&out, s);
		buf_puts(&out, "/>");
		{
			struct buf el = BUF_INIT;
			buf_puts(&el, "<span");
			buf_put(&el, buf_cstr(&out), out.len);
			check_xhtml(&el);
			buf_free(&el);
		}
		break;
	default:
		if (html_url_is_safe(s) && strncasecmp(s, "http:", 5) &&
		    strncasecmp(s, "https:", 6) && strncasecmp(s, "mailto:", 7))
			abort();
		break;
	}
	buf_free(&out);
	free(s);
	return 0;
}
