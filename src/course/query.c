/* query.c — the book model's private parts, as book.h lets the back
 * ends see them: what the loader hung on nodes (IAL classes, heading ids,
 * link targets, assets), a lesson's front matter, positions in the
 * lesson's file with Liquid and IAL rewrites undone, and book_free(), the
 * one function that knows everything a book owns. */
#include "course/course.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/frontmatter.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

void lesson_priv_free(struct lesson_priv *lp)
{
	if (!lp)
		return;
	free(lp->text);
	linemap_free(&lp->lines);
	frontmatter_free(&lp->fm);
	srcmap_free(&lp->liquid_map);
	srcmap_free(&lp->ial_map);
	linemap_free(&lp->body_lines);
	for (struct node_info *in = lp->infos, *nx; in; in = nx) {
		nx = in->next;
		free(in->classes);
		free(in->ial_id);
		free(in->own_id);
		free(in);
	}
	free(lp->refs);
	strmap_free(&lp->ids);
	diag_free(&lp->diags);
	free(lp->nav_name);
	free(lp->nav_name_at.path);
	free(lp);
}

void book_free(struct book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct lesson *l = &b->lessons[i];
		free(l->file);
		free(l->path);
		free(l->slug);
		free(l->title);
		free(l->title_at.path);
		free(l->description);
		free(l->author);
		free(l->description_at.path);
		free(l->author_at.path);
		free(l->date);
		if (l->doc)
			cmark_node_free(l->doc);
		for (size_t k = 0; k < l->n_headings; k++) {
			free(l->headings[k].title);
			free(l->headings[k].id);
		}
		free(l->headings);
		free(l->index_nodes);
		lesson_priv_free(l->front);
	}
	free(b->lessons);
	for (size_t i = 0; i < b->n_sections; i++) {
		free(b->sections[i].title);
		free(b->sections[i].title_at.path);
	}
	free(b->sections);
	for (size_t i = 0; i < b->n_assets; i++) {
		free(b->assets[i].src);
		free(b->assets[i].data);
	}
	free(b->assets);
	for (size_t i = 0; i < b->n_subjects; i++)
		free(b->subjects[i]);
	free(b->subjects);
	free(b->root);
	free(b->title);
	free(b->title_at.path);
	free(b->author);
	free(b->description);
	free(b->author_at.path);
	free(b->description_at.path);
	free(b->date);
	free(b->language);
	free(b->slug);
	free(b->includes);
	free(b->includes_how);
	free(b);
}

const char *lesson_meta(const struct lesson *l, const char *key)
{
	const struct lesson_priv *lp = l ? l->front : NULL;
	return lp ? yscalar(ymap_get(lp->fm.yaml.root, key)) : NULL;
}

/* Position in the lesson file of line:col in the text given to cmark. */
static void body_pos(const struct lesson_priv *lp, int line, int col, int *fl, int *fc)
{
	if (line <= 0) {
		*fl = lp->fm.body_line;
		*fc = 0;
		return;
	}
	size_t o = linemap_offset(&lp->body_lines, lp->body_len, line, col > 0 ? col : 1);
	o = srcmap_to_input(&lp->ial_map, o);
	o = srcmap_to_input(&lp->liquid_map, o);
	linemap_pos(&lp->lines, lp->fm.body_off + o, fl, fc);
	if (col <= 0)
		*fc = 0;
}

/* A lesson the loader did not make (a back end's unit test) has no maps:
 * its body is taken to start at body_line, unchanged. */
static void plain_pos(const struct lesson *l, int line, int col, int *fl, int *fc)
{
	*fl = line > 0 && l->body_line > 0 ? line + l->body_line - 1 : line;
	*fc = col;
}

void lesson_node_pos(const struct lesson *l, cmark_node *node, int *line, int *col)
{
	const struct lesson_priv *lp = l ? l->front : NULL;
	*line = *col = 0;
	if (!l || !node)
		return;
	if (!lp)
		plain_pos(l, cmark_node_get_start_line(node), cmark_node_get_start_column(node),
			  line, col);
	else
		body_pos(lp, cmark_node_get_start_line(node), cmark_node_get_start_column(node),
			 line, col);
}

void lesson_text_pos(const struct lesson *l, cmark_node *node, size_t off, int *line, int *col)
{
	const struct lesson_priv *lp = l ? l->front : NULL;
	*line = *col = 0;
	if (!l || !node)
		return;
	int c = cmark_node_get_start_column(node);
	c = c > 0 ? c + (int)off : c;
	if (!lp)
		plain_pos(l, cmark_node_get_start_line(node), c, line, col);
	else
		body_pos(lp, cmark_node_get_start_line(node), c, line, col);
}

/* A diagnostic at node n, placed at its line and column in the file. */
void node_diag(struct lesson *l, cmark_node *n, enum diag_sev sev, const char *fmt, ...)
{
	struct lesson_priv *lp = l->front;
	int line, col;
	body_pos(lp, cmark_node_get_start_line(n), cmark_node_get_start_column(n), &line, &col);
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diag_add(&lp->diags, sev, l->path, line, col, "%s", buf_cstr(&m));
	buf_free(&m);
}

const char *book_node_classes(cmark_node *node)
{
	const struct node_info *in = node ? cmark_node_get_user_data(node) : NULL;
	return in ? in->classes : NULL;
}

int book_node_has_class(cmark_node *node, const char *cls)
{
	const char *c = book_node_classes(node);
	size_t n = strlen(cls);
	while (c && *c) {
		size_t k = strcspn(c, " ");
		if (k == n && !strncmp(c, cls, n))
			return 1;
		c += k;
		while (*c == ' ')
			c++;
	}
	return 0;
}

const char *book_node_id(cmark_node *node)
{
	const struct node_info *in = node ? cmark_node_get_user_data(node) : NULL;
	return in ? in->id : NULL;
}

enum link_kind book_node_link(const struct book *b, cmark_node *link, size_t *lesson,
			      const char **id)
{
	(void)b;
	const struct node_info *in = link ? cmark_node_get_user_data(link) : NULL;
	if (lesson)
		*lesson = 0;
	if (id)
		*id = NULL;
	if (!in || !in->has_link)
		return LINK_BROKEN;
	if (in->link == LINK_INTERNAL) {
		if (lesson)
			*lesson = in->link_lesson;
		if (id)
			*id = in->link_id;
	}
	return in->link;
}

int book_node_asset(const struct book *b, cmark_node *image)
{
	(void)b;
	const struct node_info *in = image ? cmark_node_get_user_data(image) : NULL;
	return in ? in->asset : -1;
}
