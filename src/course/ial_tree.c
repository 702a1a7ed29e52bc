/* ial_tree.c — the tree step of kramdown attribute lists (see ial.h):
 * after cmark has parsed a lesson, the markers ial_strip() left are taken
 * out of the text and each span IAL given to the element right before its
 * marker; a block IAL is given to the block its line number finds, inside
 * as many block quotes as its line had `>`. A marker that landed where no
 * attribute list can be (code, raw HTML, a URL) is turned back into the
 * IAL as written. */
#include "course/ial.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "course/ial_marker.h"

static int is_span_target(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_IMAGE:
	case CMARK_NODE_LINK:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_CODE:
		return 1;
	default:
		return cmark_node_get_type_string(n) &&
		       !strcmp(cmark_node_get_type_string(n), "strikethrough");
	}
}

/* Put the written IAL back wherever a marker landed outside text: an
 * indented code block, raw HTML, a link destination. There it was never
 * an attribute list, and the marker must not reach the book. */
static char *restore_markers(const char *s, const struct ial_list *ials)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		const char *p = memchr(s + i, 0xEF, n - i);
		if (!p) {
			buf_put(&b, s + i, n - i);
			break;
		}
		size_t at = (size_t)(p - s), k;
		buf_put(&b, s + i, at - i);
		size_t ml = marker_at((const unsigned char *)p, n - at, &k);
		if (ml && k < ials->n && ials->v[k].raw) {
			buf_puts(&b, ials->v[k].raw);
			i = at + ml;
		} else {
			buf_putc(&b, *p);
			i = at + 1;
		}
	}
	return buf_detach(&b);
}

static int has_marker(const char *s)
{
	return s && strstr(s, "\xEF\xB7\x90") != NULL;
}

/* Take the markers out of one text node, giving their IALs away. */
static void strip_text(cmark_node *t, const struct ial_list *ials, ial_give_fn give, void *ctx)
{
	const char *lit = cmark_node_get_literal(t);
	size_t n = strlen(lit);
	struct buf b = BUF_INIT;
	size_t i = 0;
	while (i < n) {
		const char *p = memchr(lit + i, 0xEF, n - i);
		if (!p) {
			buf_put(&b, lit + i, n - i);
			break;
		}
		size_t at = (size_t)(p - lit), k;
		buf_put(&b, lit + i, at - i);
		size_t ml = marker_at((const unsigned char *)p, n - at, &k);
		if (!ml || k >= ials->n) {
			buf_putc(&b, *p);
			i = at + 1;
			continue;
		}
		/* right after an element (nothing of this text before it) */
		cmark_node *prev = cmark_node_previous(t);
		if (b.len == 0 && prev && is_span_target(prev))
			give(ctx, prev, &ials->v[k]);
		i = at + ml;
	}
	cmark_node_set_literal(t, buf_cstr(&b));
	buf_free(&b);
}

/* The document's top-level blocks, in order, for binary search: a lesson
 * with thousands of blocks and IALs stays linear-logarithmic. */
struct tops {
	cmark_node **v;
	size_t n;
};

static cmark_node *top_at(const struct tops *t, int line)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmark_node_get_start_line(t->v[mid]) <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	cmark_node *c = t->v[lo - 1];
	return cmark_node_get_end_line(c) >= line ? c : NULL;
}

/* Outermost block whose lines hold `line`, inside `quotes` block quotes. */
static cmark_node *block_at(const struct tops *t, int line, int quotes)
{
	cmark_node *parent = NULL;
	for (int q = 0; q <= quotes; q++) {
		cmark_node *hit = NULL;
		if (!parent) {
			hit = top_at(t, line);
		} else {
			for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
				int s = cmark_node_get_start_line(c), e = cmark_node_get_end_line(c);
				if (s <= line && line <= e) {
					hit = c;
					break;
				}
			}
		}
		if (!hit)
			return NULL;
		if (q == quotes)
			return hit;
		if (cmark_node_get_type(hit) != CMARK_NODE_BLOCK_QUOTE)
			return hit;
		parent = hit;
	}
	return NULL;
}

/* Restore the markers that landed outside text (URLs, titles, code, raw
 * HTML) and gather the text nodes that hold markers, in document order,
 * into *texts (malloc'd; NULL when none); returns how many. Gathered
 * first: the tree is edited after. */
static size_t marked_texts(cmark_node *doc, const struct ial_list *ials, cmark_node ***texts)
{
	size_t nt = 0, cap = 0;
	*texts = NULL;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_TEXT) {
			if (has_marker(cmark_node_get_literal(n))) {
				*texts = xgrow(*texts, &cap, nt + 1, sizeof **texts);
				(*texts)[nt++] = n;
			}
		} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			if (has_marker(cmark_node_get_url(n))) {
				char *u = restore_markers(cmark_node_get_url(n), ials);
				cmark_node_set_url(n, u);
				free(u);
			}
			if (has_marker(cmark_node_get_title(n))) {
				char *u = restore_markers(cmark_node_get_title(n), ials);
				cmark_node_set_title(n, u);
				free(u);
			}
		} else if (has_marker(cmark_node_get_literal(n))) {
			/* code, raw HTML: leaf nodes, safe to edit here */
			char *u = restore_markers(cmark_node_get_literal(n), ials);
			cmark_node_set_literal(n, u);
			free(u);
		}
	}
	cmark_iter_free(it);
	return nt;
}

/* Give each block IAL to the block its line number finds. */
static void attach_blocks(cmark_node *doc, const struct ial_list *ials, ial_give_fn give,
			  void *ctx)
{
	struct tops t = {NULL, 0};
	size_t tcap = 0;
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c)) {
		t.v = xgrow(t.v, &tcap, t.n + 1, sizeof *t.v);
		t.v[t.n++] = c;
	}
	for (size_t i = 0; i < ials->n; i++) {
		const struct ial *a = &ials->v[i];
		if (a->kind == IAL_SPAN)
			continue;
		int target = a->kind == IAL_AFTER    ? a->line - 1
			     : a->kind == IAL_BEFORE ? a->line + 1
						     : a->line;
		cmark_node *blk = block_at(&t, target, a->quotes);
		if (blk)
			give(ctx, blk, a);
	}
	free(t.v);
}

void ial_attach(cmark_node *doc, const struct ial_list *ials, ial_give_fn give, void *ctx)
{
	if (!ials->n)
		return;
	cmark_node **texts = NULL;
	size_t nt = 0;
	int any_span = 0;
	for (size_t i = 0; i < ials->n && !any_span; i++)
		any_span = ials->v[i].kind == IAL_SPAN;
	if (any_span)
		nt = marked_texts(doc, ials, &texts);
	for (size_t i = 0; i < nt; i++) {
		strip_text(texts[i], ials, give, ctx);
		if (!*cmark_node_get_literal(texts[i])) {
			/* a text node left empty goes, with a soft break before
			 * it that only led up to the IAL */
			cmark_node *prev = cmark_node_previous(texts[i]);
			if (prev && cmark_node_get_type(prev) == CMARK_NODE_SOFTBREAK &&
			    !cmark_node_next(texts[i]))
				cmark_node_free(prev);
			cmark_node_free(texts[i]);
		}
	}
	free(texts);
	attach_blocks(doc, ials, give, ctx);
}
