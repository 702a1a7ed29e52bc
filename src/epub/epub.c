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
 *   OEBPS/index.xhtml        the index of terms (epub_index.c), if any
 *   OEBPS/images/imgNN-<name>  each packaged image once
 *
 * Nothing here reads the clock: dcterms:modified and the zip times come
 * from SOURCE_DATE_EPOCH, else the course's newest date, else 1980-01-01.
 *
 * This file is the entry point: it sets up the shared context (epub.h),
 * writes the cover, the title page and the lesson files, and has the
 * folder's other files name the files (epub_files.c), write the package
 * documents (epub_opf.c, epub_nav.c) and zip it all (epub_zip.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "epub/epub.h"
#include "epub/epub_sha1.h"
#include "base/util.h"
#include "epub/xhtml.h"

struct buf *epub_add_entry(struct epub *e, const char *name)
{
	e->entries = xgrow(e->entries, &e->cap_entries, e->n_entries + 1, sizeof *e->entries);
	struct entry *en = &e->entries[e->n_entries++];
	memset(en, 0, sizeof *en);
	en->name = xstrdup(name);
	buf_init(&en->data);
	return &en->data;
}

/* dcterms:modified and every zip entry's time: SOURCE_DATE_EPOCH, else the
 * course date, else the earliest zip time. */
static time_t epub_time(const struct epub *e)
{
	if (e->opt && e->opt->source_date >= 0)
		return e->opt->source_date;
	time_t t = epub_zip_date(e->b);
	return t >= 0 ? t : DOS_EPOCH;
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

/* --- content documents ------------------------------------------------ */

static void write_cover(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = epub_add_entry(e, "OEBPS/cover.xhtml");
	xhtml_page_begin(o, e->lang, epub_book_title(b), "style.css", "cover");
	buf_puts(o, "<section class=\"cover\" epub:type=\"cover\">\n");
	if (e->cover_asset >= 0) {
		epub_elem(o, "<img class=\"cover-image\" src=\"", e->asset_href[e->cover_asset], "\"");
		epub_elem(o, " alt=\"Cover: ", epub_book_title(b), "\"/>\n");
	} else {
		/* no image: a cover of type, so every book opens the same way */
		epub_elem(o, "<h1 class=\"cover-title\">", epub_book_title(b), "</h1>\n");
		if (b->author && *b->author)
			epub_elem(o, "<p class=\"cover-author\">", b->author, "</p>\n");
	}
	buf_puts(o, "</section>\n");
	xhtml_page_end(o);
}

static void write_title_page(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = epub_add_entry(e, "OEBPS/title.xhtml");
	xhtml_page_begin(o, e->lang, epub_book_title(b), "style.css", "frontmatter");
	epub_elem(o, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"book-title\">",
		  epub_book_title(b), "</h1>\n");
	if (b->description && *b->description)
		epub_elem(o, "<p class=\"book-description\">", b->description, "</p>\n");
	if (b->author && *b->author)
		epub_elem(o, "<p class=\"book-author\">", b->author, "</p>\n");
	if (epub_zip_date(b) >= 0)
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
		struct buf *o = epub_add_entry(e, buf_cstr(&name));
		buf_free(&name);
		xhtml_page_begin(o, e->lang, epub_lesson_title(l), "style.css", "bodymatter");
		/* every epub:type with its ARIA role: assistive technology
		 * reads the role, not the EPUB vocabulary */
		buf_printf(o, "<section class=\"lesson\" epub:type=\"chapter\" "
			      "role=\"doc-chapter\" id=\"ch%02zu\">\n", i + 1);
		if (l->doc)
			e->no_alt += xhtml_render(o, b, i, l->doc, &pkg, e->d);
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
	struct buf *o = epub_add_entry(e, "OEBPS/style.css");
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
	terms_free(&e->ix);
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
	buf_printf(&id, "octavo:%s\n%s", epub_book_title(b), b->author ? b->author : "");
	uuid_v5(buf_cstr(&id), id.len, e.uuid);
	buf_free(&id);

	epub_name_files(&e);
	terms_build(b, &e.ix);
	buf_puts(epub_add_entry(&e, "mimetype"), "application/epub+zip");
	e.entries[0].store = 1;
	epub_write_container(&e);
	/* the OPF keeps its place in the zip but is written after the
	 * lessons: whether it claims conformance depends on what they hold */
	size_t opf = e.n_entries;
	epub_add_entry(&e, "OEBPS/content.opf");
	epub_write_ncx(&e);
	epub_write_nav(&e);
	int rc = write_css(&e);
	if (rc == 0) {
		write_cover(&e);
		write_title_page(&e);
		write_lessons(&e);
		epub_write_index(&e);
		epub_write_opf(&e, &e.entries[opf].data);
		epub_add_images(&e);
		rc = epub_write_zip(&e, out_path);
	}
	epub_free(&e);
	return rc;
}
