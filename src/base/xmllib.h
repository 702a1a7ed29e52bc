/* xmllib.h — libxml2, opened with dlopen the first time a book needs it
 * (raw HTML blocks in a lesson, SVG pictures), not linked. Through ICU
 * and the C++ runtime, loading and relocating it cost every run 1.7 ms
 * before main, more than a small course's whole load; most lessons hold
 * no raw HTML block and most books no SVG. Its headers still type every
 * call (__typeof__), so a call through the table is checked like a
 * direct one. */
#ifndef OCTAVO_XMLLIB_H
#define OCTAVO_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#define XMLLIB_FUNCS(X)                                                        \
	X(htmlReadMemory)                                                      \
	X(xmlReadMemory)                                                       \
	X(xmlDocGetRootElement)                                                \
	X(xmlDocDumpMemoryEnc)                                                 \
	X(xmlFreeDoc)                                                          \
	X(xmlFreeDtd)                                                          \
	X(xmlFreeNode)                                                         \
	X(xmlGetIntSubset)                                                     \
	X(xmlGetNoNsProp)                                                      \
	X(xmlNewNs)                                                            \
	X(xmlNodeGetContent)                                                   \
	X(xmlNodeListGetString)                                                \
	X(xmlNodeSetName)                                                      \
	X(xmlRemoveProp)                                                       \
	X(xmlSearchNsByHref)                                                   \
	X(xmlSetNsProp)                                                        \
	X(xmlSetProp)                                                          \
	X(xmlStrcmp)                                                           \
	X(xmlStrdup)                                                           \
	X(xmlUnlinkNode)

struct xmllib {
#define XMLLIB_FIELD(f) __typeof__(f) *f;
	XMLLIB_FUNCS(XMLLIB_FIELD)
#undef XMLLIB_FIELD
	xmlFreeFunc *free_fn; /* libxml2's xmlFree is a variable */
	int ok;
};

/* The table; filled by xmllib_open. */
extern struct xmllib xl;

/* Open libxml2 and run its global set-up (xmlInitParser, which must not
 * race with anything), once per process whichever thread asks first.
 * Returns 1 when the table is usable, 0 when libxml2 is missing. */
int xmllib_open(void);

/* Free what libxml2 allocated (its xmlFree). */
static inline void xl_free(void *p)
{
	(*xl.free_fn)(p);
}

#endif
