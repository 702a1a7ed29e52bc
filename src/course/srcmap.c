/* srcmap.c — rewriting with a map back to the input (see srcmap.h). */
#include "course/srcmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void rewriter_init(struct rewriter *rw, const char *in, size_t len)
{
	memset(rw, 0, sizeof *rw);
	rw->in = in;
	rw->in_len = len;
}

void rewriter_copy(struct rewriter *rw, size_t to)
{
	if (to > rw->in_len)
		to = rw->in_len;
	if (to <= rw->pos)
		return;
	buf_put(&rw->out, rw->in + rw->pos, to - rw->pos);
	rw->pos = to;
}

void rewriter_replace(struct rewriter *rw, size_t to, const char *repl, size_t n)
{
	if (to > rw->in_len)
		to = rw->in_len;
	if (to < rw->pos)
		to = rw->pos;
	struct srcmap *m = &rw->map;
	m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof *m->v);
	struct srcmap_seg *s = &m->v[m->n++];
	s->out = rw->out.len;
	s->out_len = n;
	s->in = rw->pos;
	s->in_len = to - rw->pos;
	buf_put(&rw->out, repl, n);
	rw->pos = to;
}

void rewriter_finish(struct rewriter *rw, char **text, size_t *len, struct srcmap *map)
{
	rewriter_copy(rw, rw->in_len);
	*len = rw->out.len;
	*text = buf_detach(&rw->out);
	*map = rw->map;
	memset(&rw->map, 0, sizeof rw->map);
}

void srcmap_free(struct srcmap *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

size_t srcmap_to_input(const struct srcmap *m, size_t out)
{
	/* last segment starting at or before `out` (binary search: maps are
	 * built in output order) */
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].out <= out)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return out;
	const struct srcmap_seg *s = &m->v[lo - 1];
	if (out < s->out + s->out_len) {
		size_t d = out - s->out;
		return s->in + (d < s->in_len ? d : s->in_len);
	}
	return s->in + s->in_len + (out - s->out - s->out_len);
}

void linemap_build(struct linemap *lm, const char *text, size_t len)
{
	size_t cap = 0;
	lm->start = NULL;
	lm->n = 0;
	lm->start = xgrow(lm->start, &cap, 1, sizeof *lm->start);
	lm->start[lm->n++] = 0;
	for (const char *p = text, *end = text + len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		lm->start = xgrow(lm->start, &cap, lm->n + 1, sizeof *lm->start);
		lm->start[lm->n++] = (size_t)(p - text) + 1;
	}
}

void linemap_free(struct linemap *lm)
{
	free(lm->start);
	lm->start = NULL;
	lm->n = 0;
}

void linemap_pos(const struct linemap *lm, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = lm->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lm->start[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t i = lo ? lo - 1 : 0;
	*line = (int)i + 1;
	*col = (int)(off - lm->start[i]) + 1;
}

size_t linemap_offset(const struct linemap *lm, size_t len, int line, int col)
{
	if (line < 1)
		return 0;
	if ((size_t)line > lm->n)
		return len;
	size_t off = lm->start[line - 1] + (size_t)(col > 0 ? col - 1 : 0);
	return off > len ? len : off;
}
