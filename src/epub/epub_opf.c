/* epub_opf.c — the package documents: META-INF/container.xml, which
 * points readers at the OPF, and OEBPS/content.opf, which holds the
 * book's metadata (Dublin Core, dates, accessibility), the manifest of
 * every file in the package and the spine, the reading order. */
#include <stdio.h>

#include "epub/epub.h"

void epub_write_container(struct epub *e)
{
	struct buf *o = epub_add_entry(e, "META-INF/container.xml");
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
	epub_esc(o, value);
	buf_puts(o, "</meta>\n");
}

/* Dublin Core: what the book is, by whom, in which language, when. */
static void opf_dublin_core(struct epub *e, struct buf *o)
{
	const struct book *b = e->b;
	buf_printf(o, "    <dc:identifier id=\"bookid\">urn:uuid:%s</dc:identifier>\n", e->uuid);
	epub_elem(o, "    <dc:title>", epub_book_title(b), "</dc:title>\n");
	if (b->author && *b->author)
		epub_elem(o, "    <dc:creator id=\"creator\">", b->author, "</dc:creator>\n");
	epub_elem(o, "    <dc:language>", e->lang, "</dc:language>\n");
	if (epub_zip_date(b) >= 0)
		buf_printf(o, "    <dc:date>%.10s</dc:date>\n", b->date);
	if (b->description && *b->description)
		epub_elem(o, "    <dc:description>", b->description, "</dc:description>\n");
	for (size_t i = 0; i < b->n_subjects; i++) {
		if (!b->subjects[i] || !*b->subjects[i])
			continue;
		epub_elem(o, "    <dc:subject>", b->subjects[i], "</dc:subject>\n");
	}
	buf_puts(o, "    <dc:publisher>octavo</dc:publisher>\n");
}

/* accessibility: what a reader needs to know before buying. The
 * conformance claim (EPUB Accessibility 1.1, WCAG 2.1 AA) is made only
 * when nothing octavo knows of breaks it: every epub:type has its ARIA
 * role, links are underlined, heading levels never skip (the loader and
 * xhtml_a11y.c see to those), so what remains is up to the lessons —
 * an image without alt text (WCAG 1.1.1) means no claim, and the
 * metadata says so rather than promise descriptions that are not there.
 * The README's "Accessibility" section says what the claim rests on. */
static void opf_accessibility(struct epub *e, struct buf *o)
{
	int described = e->no_alt == 0;
	meta(o, "schema:accessMode", "textual");
	if (e->has_images)
		meta(o, "schema:accessMode", "visual");
	meta(o, "schema:accessModeSufficient", described ? "textual" : "textual,visual");
	meta(o, "schema:accessibilityFeature", "structuralNavigation");
	meta(o, "schema:accessibilityFeature", "tableOfContents");
	meta(o, "schema:accessibilityFeature", "readingOrder");
	if (e->has_images && described)
		meta(o, "schema:accessibilityFeature", "alternativeText");
	meta(o, "schema:accessibilityHazard", "none");
	meta(o, "schema:accessibilitySummary",
	     described ? "Text with headings for every lesson and section, a navigable "
			 "table of contents and a logical reading order. Images have a "
			 "text description; code samples are text. No flashing, motion "
			 "or sound."
		       : "Text with headings for every lesson and section, a navigable "
			 "table of contents and a logical reading order. Some images "
			 "have no text description; code samples are text. No flashing, "
			 "motion or sound.");
	if (described) {
		meta(o, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
		meta(o, "a11y:certifiedBy", "octavo (automated checks)");
	}
}

static void opf_metadata(struct epub *e, struct buf *o)
{
	char modified[32];
	struct tm tm;
	gmtime_r(&e->modified, &tm);
	strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(o, "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	opf_dublin_core(e, o);
	meta(o, "dcterms:modified", modified);
	if (e->cover_asset >= 0)
		buf_printf(o, "    <meta name=\"cover\" content=\"img%02d\"/>\n", e->cover_asset + 1);
	opf_accessibility(e, o);
	buf_puts(o, "  </metadata>\n");
}

static void opf_manifest(struct epub *e, struct buf *o)
{
	const struct book *b = e->b;
	buf_puts(o, "  <manifest>\n"
		    "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
		    "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
		    "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
		    "    <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
		    "    <item id=\"titlepage\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	for (size_t i = 0; i < b->n_lessons; i++)
		buf_printf(o, "    <item id=\"ch%02zu\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
			   i + 1, e->lesson_href[i]);
	if (e->ix.n)
		buf_puts(o, "    <item id=\"index\" href=\"index.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
	for (size_t i = 0; i < b->n_assets; i++) {
		if (!e->asset_href[i])
			continue;
		buf_printf(o, "    <item id=\"img%02zu\" href=\"", i + 1);
		epub_esc(o, e->asset_href[i]);
		buf_printf(o, "\" media-type=\"%s\"%s/>\n", b->assets[i].media_type,
			   (int)i == e->cover_asset ? " properties=\"cover-image\"" : "");
	}
	buf_puts(o, "  </manifest>\n");
}

static void opf_spine(struct epub *e, struct buf *o)
{
	buf_puts(o, "  <spine toc=\"ncx\">\n"
		    "    <itemref idref=\"cover\"/>\n"
		    "    <itemref idref=\"titlepage\"/>\n"
		    "    <itemref idref=\"nav\"/>\n");
	for (size_t i = 0; i < e->b->n_lessons; i++)
		buf_printf(o, "    <itemref idref=\"ch%02zu\"/>\n", i + 1);
	if (e->ix.n)
		buf_puts(o, "    <itemref idref=\"index\"/>\n");
	buf_puts(o, "  </spine>\n");
}

void epub_write_opf(struct epub *e, struct buf *o)
{
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
		    "unique-identifier=\"bookid\" xml:lang=\"");
	epub_esc(o, e->lang);
	buf_puts(o, "\">\n");
	opf_metadata(e, o);
	opf_manifest(e, o);
	opf_spine(e, o);
	buf_puts(o, "</package>\n");
}
