/* epub_nav.c — the book's table of contents, twice: OEBPS/nav.xhtml for
 * EPUB 3 readers and OEBPS/toc.ncx for EPUB 2 ones. Both hold the same
 * tree — titled sections, their lessons, each lesson's top-level h2 — and
 * take lessons in the same order, so the two never disagree. */
#include <string.h>

#include "epub/epub.h"
#include "epub/xhtml.h"


/* Sections with a title group their lessons; lessons of an untitled
 * section stand at the top level. */
static int section_titled(const struct section *s)
{
	return s->title && *s->title && s->count > 0;
}

/* A lesson's entries below its own: the h2 headings with an id and a
 * title that stand at the top level of the lesson. */
static int heading_listed(const struct heading *hd)
{
	return hd->level == 2 && hd->id && hd->title && *hd->title && xhtml_heading_in_toc(hd);
}

/* The index of l's first listed heading at or after h, or n_headings. */
static size_t next_listed(const struct lesson *l, size_t h)
{
	while (h < l->n_headings && !heading_listed(&l->headings[h]))
		h++;
	return h;
}

static void nav_lesson(struct epub *e, struct buf *o, size_t li, const char *indent)
{
	const struct lesson *l = &e->b->lessons[li];
	buf_printf(o, "%s<li><a href=\"%s\">", indent, e->lesson_href[li]);
	epub_esc(o, epub_lesson_title(l));
	buf_puts(o, "</a>");
	size_t h = next_listed(l, 0);
	if (h < l->n_headings) {
		buf_printf(o, "\n%s  <ol>\n", indent);
		for (; h < l->n_headings; h = next_listed(l, h + 1)) {
			const struct heading *hd = &l->headings[h];
			buf_printf(o, "%s    <li><a href=\"%s#", indent, e->lesson_href[li]);
			epub_esc(o, hd->id);
			buf_puts(o, "\">");
			epub_esc(o, hd->title);
			buf_puts(o, "</a></li>\n");
		}
		buf_printf(o, "%s  </ol>\n%s", indent, indent);
	}
	buf_puts(o, "</li>\n");
}

void epub_write_nav(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = epub_add_entry(e, "OEBPS/nav.xhtml");
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
			epub_esc(o, sec->title);
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
	if (e->ix.n)
		buf_puts(o, "  <li><a href=\"index.xhtml\">Index</a></li>\n");
	buf_puts(o, "</ol>\n</nav>\n"
		    "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n"
		    "  <li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n"
		    "  <li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>\n"
		    "  <li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
	if (b->n_lessons)
		buf_printf(o, "  <li><a epub:type=\"bodymatter\" href=\"%s\">Start of content</a></li>\n",
			   e->lesson_href[0]);
	if (e->ix.n)
		buf_puts(o, "  <li><a epub:type=\"index\" href=\"index.xhtml\">Index</a></li>\n");
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
	epub_esc(n->o, label);
	buf_puts(n->o, "</text></navLabel><content src=\"");
	epub_esc(n->o, buf_cstr(&target));
	buf_puts(n->o, "\"/>");
	buf_free(&target);
}

static void ncx_lesson(struct epub *e, struct ncx *n, size_t li, int depth)
{
	const struct lesson *l = &e->b->lessons[li];
	ncx_point(n, epub_lesson_title(l), e->lesson_href[li], NULL, depth);
	size_t h = next_listed(l, 0);
	if (h < l->n_headings) {
		buf_putc(n->o, '\n');
		for (; h < l->n_headings; h = next_listed(l, h + 1)) {
			const struct heading *hd = &l->headings[h];
			ncx_point(n, hd->title, e->lesson_href[li], hd->id, depth + 1);
			buf_puts(n->o, "</navPoint>\n");
		}
		for (int i = 0; i < depth; i++)
			buf_puts(n->o, "  ");
	}
	buf_puts(n->o, "</navPoint>\n");
}

void epub_write_ncx(struct epub *e)
{
	const struct book *b = e->b;
	struct buf *o = epub_add_entry(e, "OEBPS/toc.ncx");
	int titled = 0;
	for (size_t s = 0; s < b->n_sections; s++)
		titled |= section_titled(&b->sections[s]);
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
	epub_esc(o, e->lang);
	buf_printf(o, "\">\n<head>\n"
		      "  <meta name=\"dtb:uid\" content=\"urn:uuid:%s\"/>\n"
		      "  <meta name=\"dtb:depth\" content=\"%d\"/>\n"
		      "  <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
		      "  <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
		      "</head>\n<docTitle><text>",
		   e->uuid, titled ? 3 : 2);
	epub_esc(o, epub_book_title(b));
	buf_puts(o, "</text></docTitle>\n<navMap>\n");
	struct ncx n = {o, 0, 0, BUF_INIT};
	if (b->n_lessons == 0) {
		ncx_point(&n, epub_book_title(b), "title.xhtml", NULL, 1);
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
	if (e->ix.n) {
		ncx_point(&n, "Index", "index.xhtml", NULL, 1);
		buf_puts(o, "</navPoint>\n");
	}
	buf_puts(o, "</navMap>\n</ncx>\n");
	buf_free(&n.last);
}
