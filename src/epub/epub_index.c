/* epub_index.c — OEBPS/index.xhtml, the EPUB's index of terms: the same
 * terms as the PDF's (book/terms.h), marked up with the EPUB 3 Indexes
 * vocabulary (index, index-group, index-entry-list, index-entry,
 * index-term, index-locator). An e-book has no page numbers, so each
 * locator names and links to the place a term occurs: the heading it is
 * under (its id is already in the lesson file, so no new anchor is
 * needed), else the lesson. A place is listed once per term. */
#include <stdio.h>
#include <string.h>

#include "epub/epub.h"
#include "epub/xhtml.h"

/* The heading an occurrence links to, or NULL for the lesson's top. */
static const struct heading *target(const struct book *b,
                                    const struct term_occ *o)
{
	const struct lesson *l = &b->lessons[o->lesson];
	if (o->heading < 0 || (size_t)o->heading >= l->n_headings ||
	    !l->headings[o->heading].id)
		return NULL;
	return &l->headings[o->heading];
}

static void locators(struct epub *e, struct buf *o, const struct term *t)
{
	const struct book *b = e->b;
	for (size_t k = t->first; k < t->first + t->count; k++) {
		const struct term_occ *oc = &e->ix.occ[k];
		const struct heading *hd = target(b, oc);
		/* in reading order a place's uses are neighbours: comparing
		 * with the one before keeps a much-used term linear */
		const struct term_occ *prev = k > t->first ? oc - 1 : NULL;
		if (prev && prev->lesson == oc->lesson && target(b, prev) == hd)
			continue;
		buf_puts(o, k > t->first ? ", " : " ");
		buf_printf(o, "<a epub:type=\"index-locator\" href=\"%s",
		           e->lesson_href[oc->lesson]);
		if (hd) {
			buf_putc(o, '#');
			epub_esc(o, hd->id);
		}
		buf_puts(o, "\">");
		const char *lt = epub_lesson_title(&b->lessons[oc->lesson]);
		epub_esc(o, lt);
		if (hd && hd->title && *hd->title && strcmp(hd->title, lt)) {
			buf_puts(o, ": ");
			epub_esc(o, hd->title);
		}
		buf_puts(o, "</a>");
	}
}

void epub_write_index(struct epub *e)
{
	if (!e->ix.n)
		return;
	struct buf *o = epub_add_entry(e, "OEBPS/index.xhtml");
	xhtml_page_begin(o, e->lang, "Index", "style.css", "backmatter");
	buf_puts(o, "<section class=\"index\" epub:type=\"index\" role=\"doc-index\" "
	            "id=\"index\">\n<h1>Index</h1>\n");
	const char *group = NULL;
	for (size_t i = 0; i < e->ix.n; i++) {
		const struct term *t = &e->ix.v[i];
		if (!group || strcmp(group, t->group)) {
			if (group)
				buf_puts(o, "</ul>\n</section>\n");
			group = t->group;
			buf_puts(o,
			         "<section epub:type=\"index-group\">\n<h2>");
			epub_esc(o, group);
			buf_puts(
			    o, "</h2>\n<ul epub:type=\"index-entry-list\">\n");
		}
		buf_puts(o, "<li epub:type=\"index-entry\"><span "
		            "epub:type=\"index-term\">");
		epub_esc(o, t->text);
		buf_puts(o, "</span>");
		locators(e, o, t);
		buf_puts(o, "</li>\n");
	}
	if (group)
		buf_puts(o, "</ul>\n</section>\n");
	buf_puts(o, "</section>\n");
	xhtml_page_end(o);
}
