/* book.c — questions about a book that the model answers by itself,
 * without the loader's private data: the plain text of a node, the date a
 * book carries, and where an image is first shown. (What the loader hung
 * on nodes is read in src/course/query.c.) */
#include "book/book.h"

#include <stdio.h>
#include <time.h>

#include "base/buf.h"

int book_asset_pos(const struct book *b, int a, const char **path, int *line, int *col)
{
	*path = NULL;
	*line = *col = 0;
	for (size_t i = 0; b && a >= 0 && i < b->n_lessons; i++) {
		const struct lesson *l = &b->lessons[i];
		if (!l->doc)
			continue;
		cmark_iter *it = cmark_iter_new(l->doc);
		cmark_event_type ev;
		cmark_node *hit = NULL;
		while (!hit && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE &&
			    book_node_asset(b, n) == a)
				hit = n;
		}
		cmark_iter_free(it);
		if (hit) {
			*path = l->path;
			lesson_node_pos(l, hit, line, col);
			return 0;
		}
	}
	return -1;
}

time_t book_time(const struct book *b, time_t source_date)
{
	if (source_date >= 0)
		return source_date;
	int y, m, d;
	if (!b->date || sscanf(b->date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return (time_t)-1;
	/* days since 1970-01-01 by the civil-calendar formula rather than
	 * timegm(): glibc's timegm keeps a static offset it writes on every
	 * call, and both back ends ask for this date at the same time. */
	long yy = m <= 2 ? y - 1 : y;
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (time_t)(era * 146097 + doe - 719468) * 86400;
}

char *book_node_text(cmark_node *node)
{
	struct buf out = BUF_INIT;
	if (!node)
		return buf_detach(&out);
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(&out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return buf_detach(&out);
}
