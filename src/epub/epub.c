/* epub.c — the EPUB back end: a struct book written as an EPUB 3 package
 * (with an EPUB 2 NCX for older readers) that epubcheck accepts without
 * error or warning.
 *
 * The package is built in memory, then zipped with libzip in a fixed
 * order with fixed timestamps and file attributes, so the same book gives
 * the same bytes on every run:
 *
 *   mimetype                 stored, first, no extra field
 *   META-INF/container.xml
 *   OEBPS/content.opf        metadata, manifest, spine
 *   OEBPS/toc.ncx            EPUB 2 navigation
 *   OEBPS/nav.xhtml          EPUB 3 navigation: sections → lessons → h2
 *   OEBPS/style.css          styles/epub.css from the data folder
 *   OEBPS/cover.xhtml, OEBPS/title.xhtml
 *   OEBPS/chNN-<slug>.xhtml  one per lesson, in reading order
 *   OEBPS/images/imgNN-<name>  each packaged image once
 *
 * Nothing here reads the clock: dcterms:modified and the zip times come
 * from SOURCE_DATE_EPOCH, else the course's newest date, else 1980-01-01. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "book/backend.h"
#include "base/buf.h"
#include "epub/epub_sha1.h"
#include "text/html_clean.h"
#include "base/util.h"
#include "epub/xhtml.h"

#define DOS_EPOCH 315532800 /* 1980-01-01T00:00:00Z, the earliest zip time */
#define DOS_END 4354819200 /* 2108-01-01T00:00:00Z, past the latest */

struct entry {
	char *name;  /* path in the zip */
	struct buf data;
	const unsigned char *ext; /* bytes owned elsewhere (images), or NULL */
	size_t ext_len;
	int store;   /* no compression (mimetype) */
};

struct epub {
	const struct book *b;
	const struct build_options *opt;
	struct diags *d;
	char uuid[37];
	char lang[36];        /* BCP 47 tag for the OPF, NCX and XHTML */
	time_t modified;
	char **lesson_href;   /* "ch01-intro.xhtml" */
	char **asset_href;    /* "images/img01-x.png" or NULL */
	unsigned char **asset_data; /* sanitised SVG bytes we own, or NULL */
	size_t *asset_len;
	int cover_asset;      /* index of the cover image in the package, or -1 */
	int has_images;
	struct entry *entries;
	size_t n_entries, cap_entries;
};

static struct buf *add_entry(struct epub *e, const char *name)
{
	e->entries = xgrow(e->entries, &e->cap_entries, e->n_entries + 1, sizeof *e->entries);
	struct entry *en = &e->entries[e->n_entries++];
	memset(en, 0, sizeof *en);
	en->name = xstrdup(name);
	buf_init(&en->data);
	return &en->data;
}

static void esc(struct buf *out, const char *s)
{
	if (s)
		xml_escape(out, s, strlen(s));
}

/* A file-name-safe form of s: letters, digits, '-', '_' and '.' kept,
 * everything else '_', at most 40 bytes. */
static void safe_name(struct buf *out, const char *s)
{
	size_t k = 0;
	for (; s && *s && k < 40; s++, k++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		buf_putc(out, ok ? c : '_');
	}
	if (k == 0)
		buf_puts(out, "x");
}

/* --- dates ------------------------------------------------------------ */

/* The book's date as a zip can hold it (1980 to 2107), else -1. */
static time_t zip_date(const struct book *b)
{
	time_t t = book_time(b, -1);
	return t >= DOS_EPOCH && t < DOS_END ? t : (time_t)-1;
}

/* dcterms:modified and every zip entry's time: SOURCE_DATE_EPOCH, else the
 * course date, else the earliest zip time. */
static time_t epub_time(const struct epub *e)
{
	if (e->opt && e->opt->source_date >= 0)
		return e->opt->source_date;
	time_t t = zip_date(e->b);
	return t >= 0 ? t : DOS_EPOCH;
}

static void dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm tm;
	if (t < DOS_EPOCH)
		t = DOS_EPOCH;
	gmtime_r(&t, &tm);
	if (tm.tm_year + 1900 > 2107) {
		tm.tm_year = 2107 - 1900;
		tm.tm_mon = 11;
		tm.tm_mday = 31;
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 58;
	}
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* --- names -------------------------------------------------------------- */

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* SVG may carry script, event handlers and external references; only a
 * cleaned copy goes into the book. Returns malloc'd bytes or NULL when
 * the file is not well-formed XML. */
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

static unsigned char *svg_clean(const unsigned char *data, size_t len, size_t *out_len)
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

/* Whether a PNG, JPEG or GIF ends the way its format says it must. A
 * truncated file still has a readable header (so the loader accepts it),
 * but epubcheck rejects the book and readers show a broken image. */
static int image_complete(const struct asset *a)
{
	const unsigned char *p = a->data;
	size_t n = a->len;
	if (!strcmp(a->media_type, "image/png"))
		return n >= 20 && !memcmp(p + n - 8, "IEND", 4);
	if (!strcmp(a->media_type, "image/jpeg")) {
		/* the end-of-image marker, maybe followed by padding */
		for (size_t i = n; i >= 2 && i + 64 >= n; i--)
			if (p[i - 2] == 0xFF && p[i - 1] == 0xD9)
				return 1;
		return 0;
	}
	if (!strcmp(a->media_type, "image/gif"))
		return n >= 14 && p[n - 1] == 0x3B;
	return 1;
}

static void name_files(struct epub *e)
{
	const struct book *b = e->b;
	e->lesson_href = xcalloc(b->n_lessons ? b->n_lessons : 1, sizeof *e->lesson_href);
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct buf n = BUF_INIT;
		/* the index keeps names unique without comparing them */
		buf_printf(&n, "ch%02zu-", i + 1);
		safe_name(&n, b->lessons[i].slug);
		buf_puts(&n, ".xhtml");
		e->lesson_href[i] = buf_detach(&n);
	}
	size_t na = b->n_assets ? b->n_assets : 1;
	e->asset_href = xcalloc(na, sizeof *e->asset_href);
	e->asset_data = xcalloc(na, sizeof *e->asset_data);
	e->asset_len = xcalloc(na, sizeof *e->asset_len);
	e->cover_asset = -1;
	for (size_t i = 0; i < b->n_assets; i++) {
		const struct asset *a = &b->assets[i];
		if (a->status != ASSET_OK || !a->data || !a->media_type)
			continue;
		/* warn at the image's first use in a lesson, where the author
		 * looks; a cover-only image falls back to the file itself */
		const char *path;
		int line, col;
		struct buf where = BUF_INIT;
		if (book_asset_pos(b, (int)i, &path, &line, &col) < 0) {
			buf_printf(&where, "%s/%s", b->root ? b->root : ".", a->src);
			path = buf_cstr(&where);
		}
		if (!image_complete(a)) {
			diag_add(e->d, DIAG_WARNING, path, line, col,
				 "image %s is cut short; the EPUB shows its alt text instead", a->src);
			buf_free(&where);
			continue;
		}
		if (!strcmp(a->media_type, "image/svg+xml")) {
			e->asset_data[i] = svg_clean(a->data, a->len, &e->asset_len[i]);
			if (!e->asset_data[i]) {
				diag_add(e->d, DIAG_WARNING, path, line, col,
					 "SVG image %s is not well-formed XML; the EPUB shows its alt text instead",
					 a->src);
				buf_free(&where);
				continue;
			}
		}
		buf_free(&where);
		struct buf n = BUF_INIT;
		buf_printf(&n, "images/img%02zu-", i + 1);
		safe_name(&n, basename_of(a->src));
		e->asset_href[i] = buf_detach(&n);
		e->has_images = 1;
	}
	if (b->cover >= 0 && (size_t)b->cover < b->n_assets && e->asset_href[b->cover])
		e->cover_asset = b->cover;
}

/* --- package documents ------------------------------------------------ */

static const char *book_title(const struct book *b)
{
	return b->title && *b->title ? b->title : "Untitled";
}

/* The book's language: the loader has already made it a well-formed
 * BCP 47 tag (epubcheck insists on one), so it is only copied. */
static void set_lang(struct epub *e)
{
	const char *s = e->b->language;
	if (!s || !*s || strlen(s) >= sizeof e->lang)
		s = "en";
	strcpy(e->lang, s);
}

static const char *lesson_title(const struct lesson *l)
{
	return l->title && *l->title ? l->title : l->slug ? l->slug : "Lesson";
}

static void write_container(struct epub *e)
{
	struct buf *o = add_entry(e, "META-INF/container.xml");
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
		    "  <rootfiles>\n"
		    "    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
		    "  </rootfiles>\n"
		    "</container>\n");
}

static void meta(struct buf *o, const char *property, const char *value)
{
	buf_printf(o, "    <meta property=\"%s\">", property);
	esc(o, value);
	buf_puts(o, "</meta>\n");
}

static void write_opf(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = add_entry(e, "OEBPS/content.opf");
	char modified[32];
	struct tm tm;
	gmtime_r(&e->modified, &tm);
	strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &tm);

	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
		    "unique-identifier=\"bookid\" xml:lang=\"");
	esc(o, e->lang);
	buf_puts(o, "\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	buf_printf(o, "    <dc:identifier id=\"bookid\">urn:uuid:%s</dc:identifier>\n", e->uuid);
	buf_puts(o, "    <dc:title>");
	esc(o, book_title(b));
	buf_puts(o, "</dc:title>\n");
	if (b->author && *b->author) {
		buf_puts(o, "    <dc:creator id=\"creator\">");
		esc(o, b->author);
		buf_puts(o, "</dc:creator>\n");
	}
	buf_puts(o, "    <dc:language>");
	esc(o, e->lang);
	buf_puts(o, "</dc:language>\n");
	if (zip_date(b) >= 0)
		buf_printf(o, "    <dc:date>%.10s</dc:date>\n", b->date);
	if (b->description && *b->description) {
		buf_puts(o, "    <dc:description>");
		esc(o, b->description);
		buf_puts(o, "</dc:description>\n");
	}
	for (size_t i = 0; i < b->n_subjects; i++) {
		if (!b->subjects[i] || !*b->subjects[i])
			continue;
		buf_puts(o, "    <dc:subject>");
		esc(o, b->subjects[i]);
		buf_puts(o, "</dc:subject>\n");
	}
	buf_puts(o, "    <dc:publisher>octavo</dc:publisher>\n");
	meta(o, "dcterms:modified", modified);
	if (e->cover_asset >= 0)
		buf_printf(o, "    <meta name=\"cover\" content=\"img%02d\"/>\n", e->cover_asset + 1);
	/* accessibility: what a reader needs to know before buying */
	meta(o, "schema:accessMode", "textual");
	if (e->has_images)
		meta(o, "schema:accessMode", "visual");
	meta(o, "schema:accessModeSufficient", "textual");
	meta(o, "schema:accessibilityFeature", "structuralNavigation");
	meta(o, "schema:accessibilityFeature", "tableOfContents");
	meta(o, "schema:accessibilityFeature", "readingOrder");
	if (e->has_images)
		meta(o, "schema:accessibilityFeature", "alternativeText");
	meta(o, "schema:accessibilityHazard", "none");
	meta(o, "schema:accessibilitySummary",
	     "Text with headings for every lesson and section, a navigable table "
	     "of contents and a logical reading order. Images have a text "
	     "description; code samples are text. No flashing, motion or sound.");
	buf_puts(o, "  </metadata>\n  <manifest>\n"
		    "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
		    "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
		    "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
		    "    <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
		    "    <item id=\"titlepage\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	for (size_t i = 0; i < b->n_lessons; i++)
		buf_printf(o, "    <item id=\"ch%02zu\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
			   i + 1, e->lesson_href[i]);
	for (size_t i = 0; i < b->n_assets; i++) {
		if (!e->asset_href[i])
			continue;
		buf_printf(o, "    <item id=\"img%02zu\" href=\"", i + 1);
		esc(o, e->asset_href[i]);
		buf_printf(o, "\" media-type=\"%s\"%s/>\n", b->assets[i].media_type,
			   (int)i == e->cover_asset ? " properties=\"cover-image\"" : "");
	}
	buf_puts(o, "  </manifest>\n  <spine toc=\"ncx\">\n"
		    "    <itemref idref=\"cover\"/>\n"
		    "    <itemref idref=\"titlepage\"/>\n"
		    "    <itemref idref=\"nav\"/>\n");
	for (size_t i = 0; i < b->n_lessons; i++)
		buf_printf(o, "    <itemref idref=\"ch%02zu\"/>\n", i + 1);
	buf_puts(o, "  </spine>\n</package>\n");
}

/* Sections with a title group their lessons; lessons of an untitled
 * section stand at the top level. */
static int section_titled(const struct section *s)
{
	return s->title && *s->title && s->count > 0;
}

static void nav_lesson(struct epub *e, struct buf *o, size_t li, const char *indent)
{
	const struct lesson *l = &e->b->lessons[li];
	buf_printf(o, "%s<li><a href=\"%s\">", indent, e->lesson_href[li]);
	esc(o, lesson_title(l));
	buf_puts(o, "</a>");
	int any = 0;
	for (size_t h = 0; h < l->n_headings; h++) {
		const struct heading *hd = &l->headings[h];
		if (hd->level != 2 || !hd->id || !hd->title || !*hd->title ||
		    !xhtml_heading_in_toc(hd))
			continue;
		if (!any)
			buf_printf(o, "\n%s  <ol>\n", indent);
		any = 1;
		buf_printf(o, "%s    <li><a href=\"%s#", indent, e->lesson_href[li]);
		esc(o, hd->id);
		buf_puts(o, "\">");
		esc(o, hd->title);
		buf_puts(o, "</a></li>\n");
	}
	if (any)
		buf_printf(o, "%s  </ol>\n%s", indent, indent);
	buf_puts(o, "</li>\n");
}

static void write_nav(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = add_entry(e, "OEBPS/nav.xhtml");
	xhtml_page_begin(o, e->lang, "Contents", "style.css", "frontmatter");
	buf_puts(o, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>Contents</h1>\n<ol>\n");
	if (b->n_lessons == 0)
		buf_puts(o, "  <li><a href=\"title.xhtml\">Title page</a></li>\n");
	size_t next = 0; /* lessons before `next` are written */
	for (size_t s = 0; s < b->n_sections; s++) {
		const struct section *sec = &b->sections[s];
		if (sec->first + sec->count > b->n_lessons || sec->first < next)
			continue;
		for (; next < sec->first; next++)
			nav_lesson(e, o, next, "  ");
		if (section_titled(sec)) {
			buf_puts(o, "  <li><span>");
			esc(o, sec->title);
			buf_puts(o, "</span>\n  <ol>\n");
			for (size_t i = 0; i < sec->count; i++)
				nav_lesson(e, o, sec->first + i, "    ");
			buf_puts(o, "  </ol></li>\n");
		} else {
			for (size_t i = 0; i < sec->count; i++)
				nav_lesson(e, o, sec->first + i, "  ");
		}
		next = sec->first + sec->count;
	}
	for (; next < b->n_lessons; next++)
		nav_lesson(e, o, next, "  ");
	buf_puts(o, "</ol>\n</nav>\n"
		    "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n"
		    "  <li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n"
		    "  <li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>\n"
		    "  <li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
	if (b->n_lessons)
		buf_printf(o, "  <li><a epub:type=\"bodymatter\" href=\"%s\">Start of content</a></li>\n",
			   e->lesson_href[0]);
	buf_puts(o, "</ol>\n</nav>\n");
	xhtml_page_end(o);
}

/* NCX: the same tree for EPUB 2 readers. Entries pointing at the same
 * place share a playOrder, as the NCX rules require. */
struct ncx {
	struct buf *o;
	int order, id;
	struct buf last; /* target of the last entry */
};

static void ncx_point(struct ncx *n, const char *label, const char *src,
		      const char *frag, int depth)
{
	struct buf target = BUF_INIT;
	buf_puts(&target, src);
	if (frag) {
		buf_putc(&target, '#');
		buf_puts(&target, frag);
	}
	if (strcmp(buf_cstr(&target), buf_cstr(&n->last)))
		n->order++;
	buf_clear(&n->last);
	buf_puts(&n->last, buf_cstr(&target));
	for (int i = 0; i < depth; i++)
		buf_puts(n->o, "  ");
	buf_printf(n->o, "<navPoint id=\"np%d\" playOrder=\"%d\"><navLabel><text>", ++n->id, n->order);
	esc(n->o, label);
	buf_puts(n->o, "</text></navLabel><content src=\"");
	esc(n->o, buf_cstr(&target));
	buf_puts(n->o, "\"/>");
	buf_free(&target);
}

static void ncx_lesson(struct epub *e, struct ncx *n, size_t li, int depth)
{
	const struct lesson *l = &e->b->lessons[li];
	ncx_point(n, lesson_title(l), e->lesson_href[li], NULL, depth);
	int any = 0;
	for (size_t h = 0; h < l->n_headings; h++) {
		const struct heading *hd = &l->headings[h];
		if (hd->level != 2 || !hd->id || !hd->title || !*hd->title ||
		    !xhtml_heading_in_toc(hd))
			continue;
		if (!any)
			buf_putc(n->o, '\n');
		any = 1;
		ncx_point(n, hd->title, e->lesson_href[li], hd->id, depth + 1);
		buf_puts(n->o, "</navPoint>\n");
	}
	if (any)
		for (int i = 0; i < depth; i++)
			buf_puts(n->o, "  ");
	buf_puts(n->o, "</navPoint>\n");
}

static void write_ncx(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = add_entry(e, "OEBPS/toc.ncx");
	int titled = 0;
	for (size_t s = 0; s < b->n_sections; s++)
		titled |= section_titled(&b->sections[s]);
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
	esc(o, e->lang);
	buf_printf(o, "\">\n<head>\n"
		      "  <meta name=\"dtb:uid\" content=\"urn:uuid:%s\"/>\n"
		      "  <meta name=\"dtb:depth\" content=\"%d\"/>\n"
		      "  <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
		      "  <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
		      "</head>\n<docTitle><text>",
		   e->uuid, titled ? 3 : 2);
	esc(o, book_title(b));
	buf_puts(o, "</text></docTitle>\n<navMap>\n");
	struct ncx n = {o, 0, 0, BUF_INIT};
	if (b->n_lessons == 0) {
		ncx_point(&n, book_title(b), "title.xhtml", NULL, 1);
		buf_puts(o, "</navPoint>\n");
	}
	size_t next = 0;
	for (size_t s = 0; s < b->n_sections; s++) {
		const struct section *sec = &b->sections[s];
		if (sec->first + sec->count > b->n_lessons || sec->first < next)
			continue;
		for (; next < sec->first; next++)
			ncx_lesson(e, &n, next, 1);
		if (section_titled(sec)) {
			ncx_point(&n, sec->title, e->lesson_href[sec->first], NULL, 1);
			buf_putc(o, '\n');
			for (size_t i = 0; i < sec->count; i++)
				ncx_lesson(e, &n, sec->first + i, 2);
			buf_puts(o, "  </navPoint>\n");
		} else {
			for (size_t i = 0; i < sec->count; i++)
				ncx_lesson(e, &n, sec->first + i, 1);
		}
		next = sec->first + sec->count;
	}
	for (; next < b->n_lessons; next++)
		ncx_lesson(e, &n, next, 1);
	buf_puts(o, "</navMap>\n</ncx>\n");
	buf_free(&n.last);
}

static void write_cover(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = add_entry(e, "OEBPS/cover.xhtml");
	xhtml_page_begin(o, e->lang, book_title(b), "style.css", "cover");
	buf_puts(o, "<section class=\"cover\" epub:type=\"cover\">\n");
	if (e->cover_asset >= 0) {
		buf_puts(o, "<img class=\"cover-image\" src=\"");
		esc(o, e->asset_href[e->cover_asset]);
		buf_puts(o, "\" alt=\"Cover: ");
		esc(o, book_title(b));
		buf_puts(o, "\"/>\n");
	} else {
		/* no image: a cover of type, so every book opens the same way */
		buf_puts(o, "<h1 class=\"cover-title\">");
		esc(o, book_title(b));
		buf_puts(o, "</h1>\n");
		if (b->author && *b->author) {
			buf_puts(o, "<p class=\"cover-author\">");
			esc(o, b->author);
			buf_puts(o, "</p>\n");
		}
	}
	buf_puts(o, "</section>\n");
	xhtml_page_end(o);
}

static void write_title_page(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = add_entry(e, "OEBPS/title.xhtml");
	xhtml_page_begin(o, e->lang, book_title(b), "style.css", "frontmatter");
	buf_puts(o, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"book-title\">");
	esc(o, book_title(b));
	buf_puts(o, "</h1>\n");
	if (b->description && *b->description) {
		buf_puts(o, "<p class=\"book-description\">");
		esc(o, b->description);
		buf_puts(o, "</p>\n");
	}
	if (b->author && *b->author) {
		buf_puts(o, "<p class=\"book-author\">");
		esc(o, b->author);
		buf_puts(o, "</p>\n");
	}
	if (zip_date(b) >= 0)
		buf_printf(o, "<p class=\"book-date\"><time datetime=\"%.10s\">%.10s</time></p>\n",
			   b->date, b->date);
	buf_puts(o, "</section>\n");
	xhtml_page_end(o);
}

static void write_lessons(struct epub *e)
{
	const struct book *b = e->b;
	struct xhtml_pkg pkg = {(const char *const *)e->lesson_href,
				(const char *const *)e->asset_href};
	for (size_t i = 0; i < b->n_lessons; i++) {
		const struct lesson *l = &b->lessons[i];
		struct buf name = BUF_INIT;
		buf_printf(&name, "OEBPS/%s", e->lesson_href[i]);
		struct buf *o = add_entry(e, buf_cstr(&name));
		buf_free(&name);
		xhtml_page_begin(o, e->lang, lesson_title(l), "style.css", "bodymatter");
		buf_printf(o, "<section class=\"lesson\" epub:type=\"chapter\" id=\"ch%02zu\">\n", i + 1);
		if (l->doc)
			xhtml_render(o, b, i, l->doc, &pkg, e->d);
		buf_puts(o, "</section>\n");
		xhtml_page_end(o);
	}
}

static int write_css(struct epub *e)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/styles/epub.css", e->opt && e->opt->data_dir ? e->opt->data_dir : ".");
	FILE *f = fopen(buf_cstr(&path), "rb");
	int rc = -1;
	if (!f) {
		diag_add(e->d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read the EPUB stylesheet: %s",
			 strerror(errno));
		goto out;
	}
	struct buf *o = add_entry(e, "OEBPS/style.css");
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(o, chunk, n);
	rc = ferror(f) ? -1 : 0;
	if (rc)
		diag_add(e->d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read the EPUB stylesheet");
	fclose(f);
out:
	buf_free(&path);
	return rc;
}

static void add_images(struct epub *e)
{
	const struct book *b = e->b;
	for (size_t i = 0; i < b->n_assets; i++) {
		if (!e->asset_href[i])
			continue;
		struct buf name = BUF_INIT;
		buf_printf(&name, "OEBPS/%s", e->asset_href[i]);
		add_entry(e, buf_cstr(&name));
		buf_free(&name);
		struct entry *en = &e->entries[e->n_entries - 1];
		en->ext = e->asset_data[i] ? e->asset_data[i] : b->assets[i].data;
		en->ext_len = e->asset_data[i] ? e->asset_len[i] : b->assets[i].len;
		/* PNG, JPEG and GIF are compressed already: deflating them again
		 * costs time and saves nothing */
		en->store = strcmp(b->assets[i].media_type, "image/svg+xml") != 0;
	}
}

/* --- zip ----------------------------------------------------------------- */

/* zlib's level for XHTML, CSS and SVG. Levels 1-3 skip the lazy match
 * search of 4-9: on lessons/ level 3 takes a quarter less time than 6
 * (libzip's own default, 9, is slower still) for an EPUB 1% larger, 4%
 * on a course without pictures. */
#define EPUB_DEFLATE_LEVEL 3

static int zip_fail(struct epub *e, const char *out_path, zip_t *za, const char *what)
{
	diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot write the EPUB (%s): %s", what,
		 za ? zip_strerror(za) : "out of memory");
	return -1;
}

/* The archive as libzip wrote it into mem, to out_path. */
static int save_zip(struct epub *e, const char *out_path, zip_source_t *mem)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(mem)) {
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot write the EPUB: %s",
			 zip_error_strerror(zip_source_error(mem)));
		return -1;
	}
	unsigned char *bytes = xmalloc(st.size ? (size_t)st.size : 1);
	zip_int64_t got = zip_source_read(mem, bytes, st.size);
	zip_source_close(mem);
	int rc = -1;
	FILE *f = got == (zip_int64_t)st.size ? fopen(out_path, "wb") : NULL;
	if (f && fwrite(bytes, 1, (size_t)st.size, f) == (size_t)st.size && fflush(f) == 0)
		rc = 0;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc)
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot create the EPUB: %s",
			 got == (zip_int64_t)st.size ? strerror(errno) : "short read");
	free(bytes);
	return rc;
}

/* The archive is built in memory and written out in one go: the caller
 * writes to a temporary name and renames it already, and libzip's own
 * temporary file cost more than the rest of the zipping (its name comes
 * from OpenSSL's random generator, whose first use is slow). */
static int write_zip(struct epub *e, const char *out_path)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = NULL;
	if (mem) {
		zip_source_keep(mem); /* still needed after zip_close */
		za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	}
	if (!za) {
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot create the EPUB: %s",
			 zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (mem)
			zip_source_free(mem);
		return -1;
	}
	zip_error_fini(&ze);
	int rc = -1;
	zip_uint16_t dtime, ddate;
	dos_time(e->modified, &dtime, &ddate);
	for (size_t i = 0; i < e->n_entries; i++) {
		struct entry *en = &e->entries[i];
		const void *data = en->ext ? (const void *)en->ext : (const void *)buf_cstr(&en->data);
		size_t len = en->ext ? en->ext_len : en->data.len;
		zip_source_t *src = zip_source_buffer(za, data, len, 0);
		if (!src)
			goto fail;
		zip_int64_t idx = zip_file_add(za, en->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			goto fail;
		}
		/* fixed time and attributes: the bytes depend on the book only */
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
					     en->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
					     en->store ? 0 : EPUB_DEFLATE_LEVEL) ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						     (zip_uint32_t)0100644 << 16))
			goto fail;
	}
	if (zip_close(za) != 0) {
		zip_fail(e, out_path, za, "close");
		zip_discard(za);
		goto done;
	}
	rc = save_zip(e, out_path, mem);
	goto done;
fail:
	zip_fail(e, out_path, za, "add");
	zip_discard(za);
done:
	zip_source_free(mem);
	return rc;
}

/* --- entry point ------------------------------------------------------- */

static void epub_free(struct epub *e)
{
	for (size_t i = 0; i < e->n_entries; i++) {
		free(e->entries[i].name);
		buf_free(&e->entries[i].data);
	}
	free(e->entries);
	for (size_t i = 0; i < e->b->n_lessons; i++)
		free(e->lesson_href[i]);
	free(e->lesson_href);
	for (size_t i = 0; i < e->b->n_assets; i++) {
		free(e->asset_href[i]);
		free(e->asset_data[i]);
	}
	free(e->asset_href);
	free(e->asset_data);
	free(e->asset_len);
}

void epub_init(void)
{
	xmlInitParser();
}

int epub_write(const struct book *b, const struct build_options *opt,
	       const char *out_path, struct diags *d)
{
	struct epub e;
	memset(&e, 0, sizeof e);
	e.b = b;
	e.opt = opt;
	e.d = d;
	e.modified = epub_time(&e);
	set_lang(&e);

	/* the identifier names the course, so rebuilds and new editions of
	 * the same course stay one book in a reader's library */
	struct buf id = BUF_INIT;
	buf_printf(&id, "octavo:%s\n%s", book_title(b), b->author ? b->author : "");
	uuid_v5(buf_cstr(&id), id.len, e.uuid);
	buf_free(&id);

	name_files(&e);
	buf_puts(add_entry(&e, "mimetype"), "application/epub+zip");
	e.entries[0].store = 1;
	write_container(&e);
	write_opf(&e);
	write_ncx(&e);
	write_nav(&e);
	int rc = write_css(&e);
	if (rc == 0) {
		write_cover(&e);
		write_title_page(&e);
		write_lessons(&e);
		add_images(&e);
		rc = write_zip(&e, out_path);
	}
	epub_free(&e);
	return rc;
}
