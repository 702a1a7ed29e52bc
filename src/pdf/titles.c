/* titles.c — titles as the PDF shows them. A title belongs on a line or
 * two: the chapter opening, the section kicker, the cover, the contents,
 * the outline and the running heads all show it. One of more than
 * PDF_TITLE_CHARS characters (a generated or pasted front matter value)
 * is cut there with an ellipsis, in every one of those places alike, and
 * warned about once, at the place it is written. The cut copy is made on
 * first use and kept, so the running heads of every page do not cut it
 * again. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"

/* The byte length of the first max characters of s, or (size_t)-1 when s
 * has no more than max characters. Reads at most max + 1 characters. */
static size_t cut_point(const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	while (s[i]) {
		if (chars == max)
			return i;
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return (size_t)-1;
}

/* The first n bytes of t, less trailing spaces, and an ellipsis. */
static char *cut_copy(const char *t, size_t n)
{
	while (n && t[n - 1] == ' ')
		n--;
	struct buf b = BUF_INIT;
	buf_put(&b, t, n);
	buf_puts(&b, "\xE2\x80\xA6");
	char *s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* t itself, or its cut copy in *slot (made and warned about at `at` the
 * first time). */
static const char *shown(struct pdf *P, const char *t, const struct srcpos *at, char **slot,
			 const char *what, struct pdf_event ev)
{
	if (!t || *slot)
		return *slot ? *slot : t;
	size_t n = cut_point(t, PDF_TITLE_CHARS);
	if (n == (size_t)-1)
		return t;
	*slot = cut_copy(t, n);
	if (P->log) {
		/* laid out beside other lessons: whether the book has warned
		 * about it is decided when the lessons are joined */
		pdf_defer(P, ev);
		return *slot;
	}
	/* a one-lesson course's title is also its section's and lesson's,
	 * written once: warned once */
	for (int k = 0; at && k < 3; k++)
		if (P->cut_at[k] && P->cut_at[k]->line == at->line && P->cut_at[k]->col == at->col &&
		    P->cut_at[k]->path && at->path && !strcmp(P->cut_at[k]->path, at->path))
			return *slot;
	if (at) {
		memmove(P->cut_at + 1, P->cut_at, 2 * sizeof *P->cut_at);
		P->cut_at[0] = at;
	}
	diag_add(P->d, DIAG_WARNING, at ? at->path : NULL, at ? at->line : 0, at ? at->col : 0,
		 "%s is longer than %d characters; the PDF shows the first %d and an ellipsis",
		 what, PDF_TITLE_CHARS, PDF_TITLE_CHARS);
	return *slot;
}

const char *pdf_course_title(struct pdf *P)
{
	return shown(P, P->b->title, &P->b->title_at, &P->cut_course, "title",
		     (struct pdf_event){.kind = DEFER_COURSE});
}

const char *pdf_section_title(struct pdf *P, size_t s)
{
	if (s >= P->b->n_sections)
		return NULL;
	if (!P->cut_sections)
		P->cut_sections = xcalloc(P->b->n_sections, sizeof *P->cut_sections);
	const struct section *sec = &P->b->sections[s];
	return shown(P, sec->title, &sec->title_at, &P->cut_sections[s], "title",
		     (struct pdf_event){.kind = DEFER_SECTION, .index = s});
}

const char *pdf_lesson_title(struct pdf *P, size_t i)
{
	if (!P->cut_lessons)
		P->cut_lessons = xcalloc(P->b->n_lessons ? P->b->n_lessons : 1, sizeof *P->cut_lessons);
	const struct lesson *l = &P->b->lessons[i];
	return shown(P, l->title, &l->title_at, &P->cut_lessons[i], "title",
		     (struct pdf_event){.kind = DEFER_LESSON, .index = i});
}

const char *pdf_author(struct pdf *P)
{
	/* the loader records where the author was written, when it was */
	const struct srcpos *at = P->b->author_at.path ? &P->b->author_at : NULL;
	return shown(P, P->b->author, at, &P->cut_author, "author",
		     (struct pdf_event){.kind = DEFER_AUTHOR});
}

char *pdf_cut_chars(const char *t, size_t max)
{
	size_t n = cut_point(t, max);
	return n == (size_t)-1 ? xstrdup(t) : cut_copy(t, n);
}

char *pdf_outline_title(const char *t)
{
	return pdf_cut_chars(t, PDF_TITLE_CHARS);
}

void pdf_titles_free(struct pdf *P)
{
	for (size_t i = 0; P->cut_lessons && i < P->b->n_lessons; i++)
		free(P->cut_lessons[i]);
	for (size_t i = 0; P->cut_sections && i < P->b->n_sections; i++)
		free(P->cut_sections[i]);
	free(P->cut_lessons);
	free(P->cut_sections);
	free(P->cut_course);
	free(P->cut_author);
}
