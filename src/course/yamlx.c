/* yamlx.c — build a position-carrying tree from libyaml events (see
 * yamlx.h). The builder keeps an explicit stack bounded by
 * LIMIT_YAML_DEPTH, so hostile nesting neither recurses nor grows without
 * limit. */
#include "course/yamlx.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "course/loadlimits.h"
#include "base/strmap.h"
#include "base/util.h"

/* n zeroed bytes from the document's arena, aligned for any node */
static void *arena_alloc(struct ydoc *doc, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n > doc->left) {
		/* small documents stay small: 2 KiB first, doubling to 64 KiB */
		size_t sz = (size_t)2048 << (doc->n_blocks < 5 ? doc->n_blocks : 5);
		if (sz < n)
			sz = n;
		doc->blocks = xgrow(doc->blocks, &doc->cap_blocks, doc->n_blocks + 1,
				    sizeof *doc->blocks);
		doc->cur = xcalloc(1, sz);
		doc->blocks[doc->n_blocks++] = doc->cur;
		doc->left = sz;
	}
	void *p = doc->cur;
	doc->cur += n;
	doc->left -= n;
	return p;
}

static char *arena_strndup(struct ydoc *doc, const char *s, size_t n)
{
	char *p = arena_alloc(doc, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static struct ynode *node_new(struct ydoc *doc, enum ytype t, const yaml_mark_t *m,
			      int line_offset)
{
	struct ynode *n = arena_alloc(doc, sizeof *n);
	n->type = t;
	n->line = (int)m->line + 1 + line_offset;
	n->col = (int)m->column + 1;
	doc->all = xgrow(doc->all, &doc->cap_all, doc->n_all + 1, sizeof *doc->all);
	doc->all[doc->n_all++] = n;
	return n;
}

static void add_kid(struct ynode *parent, struct ynode *kid)
{
	parent->kid = xgrow(parent->kid, &parent->cap, parent->n + 1, sizeof *parent->kid);
	parent->kid[parent->n++] = kid;
}

/* Maps with many keys get a hash index; the last of duplicate keys wins,
 * as in the linear lookup. */
#define INDEX_FROM 16

static void index_map(struct ynode *m)
{
	if (m->type != Y_MAP || m->n / 2 < INDEX_FROM || m->index)
		return;
	m->index = xcalloc(1, sizeof *m->index);
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kid[i];
		if (k->type == Y_SCALAR)
			strmap_put(m->index, k->str, strlen(k->str), (intptr_t)(i + 1));
	}
}

void ydoc_free(struct ydoc *doc)
{
	for (size_t i = 0; i < doc->n_all; i++) {
		free(doc->all[i]->kid);
		if (doc->all[i]->index) {
			strmap_free(doc->all[i]->index);
			free(doc->all[i]->index);
		}
	}
	free(doc->all);
	for (size_t i = 0; i < doc->n_blocks; i++)
		free(doc->blocks[i]);
	free(doc->blocks);
	memset(doc, 0, sizeof *doc);
}

/* Turn libyaml's terse problem text into a sentence a course author can
 * act on, and pick the position that points at the cause. */
static void report(const yaml_parser_t *p, const char *text, size_t len,
		   int line_offset, const char *path, struct diags *d)
{
	const char *problem = p->problem ? p->problem : "malformed YAML";
	const yaml_mark_t *m = &p->problem_mark;
	const char *ctx = p->context;
	if (ctx && strstr(ctx, "quoted scalar") && strstr(problem, "end of stream")) {
		m = &p->context_mark;
		diag_add(d, DIAG_ERROR, path, (int)m->line + 1 + line_offset,
			 (int)m->column + 1,
			 "this quote is never closed (YAML: %s %s)", ctx, problem);
		return;
	}
	if (strstr(problem, "cannot start any token") &&
	    m->index < len && text[m->index] == '\t') {
		diag_add(d, DIAG_ERROR, path, (int)m->line + 1 + line_offset,
			 (int)m->column + 1, "YAML does not allow tabs here; indent with spaces");
		return;
	}
	const yaml_mark_t *c = &p->context_mark;
	if (ctx && (c->line != m->line || c->column != m->column))
		/* say where the unfinished thing began, too */
		diag_add(d, DIAG_ERROR, path, (int)m->line + 1 + line_offset, (int)m->column + 1,
			 "malformed YAML: %s %s (it began at line %d, column %d)", ctx, problem,
			 (int)c->line + 1 + line_offset, (int)c->column + 1);
	else
		diag_add(d, DIAG_ERROR, path, (int)m->line + 1 + line_offset, (int)m->column + 1,
			 "malformed YAML: %s%s%s", ctx ? ctx : "", ctx ? " " : "", problem);
}

/* The tree being built from libyaml's events. */
struct builder {
	struct ydoc *doc;
	int line_offset;
	const char *path;
	struct diags *d;
	struct ynode *stack[LIMIT_YAML_DEPTH];   /* the open collections */
	const char *anchor_of[LIMIT_YAML_DEPTH]; /* their anchors (malloc'd) */
	int depth;
	struct strmap anchors; /* name → finished node */
};

/* Hang n under the innermost open collection, or make it the root. */
static void place(struct builder *bd, struct ynode *n)
{
	if (bd->depth > 0)
		add_kid(bd->stack[bd->depth - 1], n);
	else
		bd->doc->root = n;
}

static void add_scalar(struct builder *bd, const yaml_event_t *ev)
{
	struct ynode *n = node_new(bd->doc, Y_SCALAR, &ev->start_mark, bd->line_offset);
	n->str = arena_strndup(bd->doc, (const char *)ev->data.scalar.value,
			       ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	place(bd, n);
	if (anchor)
		strmap_put(&bd->anchors, anchor, strlen(anchor), (intptr_t)n);
}

/* A sequence or a map starts: 0, or -1 after a diagnostic when it would
 * nest deeper than LIMIT_YAML_DEPTH. */
static int open_collection(struct builder *bd, const yaml_event_t *ev)
{
	if (bd->depth == LIMIT_YAML_DEPTH) {
		diag_add(bd->d, DIAG_ERROR, bd->path, (int)ev->start_mark.line + 1 + bd->line_offset,
			 (int)ev->start_mark.column + 1, "YAML nested more than %d levels deep",
			 LIMIT_YAML_DEPTH);
		return -1;
	}
	struct ynode *n = node_new(bd->doc, ev->type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
				   &ev->start_mark, bd->line_offset);
	place(bd, n);
	const yaml_char_t *a = ev->type == YAML_SEQUENCE_START_EVENT
				       ? ev->data.sequence_start.anchor
				       : ev->data.mapping_start.anchor;
	/* the name is registered only when the node completes,
	 * so an alias can never point into its own anchor */
	bd->anchor_of[bd->depth] = a ? xstrdup((const char *)a) : NULL;
	bd->stack[bd->depth++] = n;
	return 0;
}

static void close_collection(struct builder *bd)
{
	if (bd->depth == 0)
		return;
	int depth = --bd->depth;
	index_map(bd->stack[depth]);
	if (bd->anchor_of[depth]) {
		strmap_put(&bd->anchors, bd->anchor_of[depth], strlen(bd->anchor_of[depth]),
			   (intptr_t)bd->stack[depth]);
		free((char *)bd->anchor_of[depth]);
		bd->anchor_of[depth] = NULL;
	}
}

/* *name: 0, or -1 after a diagnostic when no finished node has that
 * anchor. */
static int add_alias(struct builder *bd, const yaml_event_t *ev)
{
	intptr_t v;
	const char *name = (const char *)ev->data.alias.anchor;
	if (!strmap_get(&bd->anchors, name, strlen(name), &v) || !v) {
		diag_add(bd->d, DIAG_ERROR, bd->path, (int)ev->start_mark.line + 1 + bd->line_offset,
			 (int)ev->start_mark.column + 1, "YAML alias *%s names no finished anchor",
			 name);
		return -1;
	}
	/* shared, not copied: see yamlx.h */
	place(bd, (struct ynode *)v);
	return 0;
}

/* Add one event to the tree: 0 to go on, 1 at the end of the document,
 * -1 after a diagnostic. */
static int build_event(struct builder *bd, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 1;
	case YAML_SCALAR_EVENT:
		add_scalar(bd, ev);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return open_collection(bd, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_collection(bd);
		return 0;
	case YAML_ALIAS_EVENT:
		return add_alias(bd, ev);
	default:
		return 0;
	}
}

int ydoc_load(const char *text, size_t len, int line_offset, const char *path,
	      struct ydoc *doc, struct diags *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = -1;
	memset(doc, 0, sizeof *doc);
	struct builder bd = {.doc = doc, .line_offset = line_offset, .path = path, .d = d,
			     .anchors = STRMAP_INIT};
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			report(&p, text, len, line_offset, path, d);
			break;
		}
		int r = build_event(&bd, &ev);
		yaml_event_delete(&ev);
		if (r) {
			rc = r > 0 ? 0 : -1;
			break;
		}
	}
	while (bd.depth > 0) {
		bd.depth--;
		free((char *)bd.anchor_of[bd.depth]);
	}
	strmap_free(&bd.anchors);
	yaml_parser_delete(&p);
	if (rc)
		ydoc_free(doc);
	return rc;
}

static struct ynode *copy_node(struct ydoc *dst, const struct ynode *n, struct strmap *memo)
{
	intptr_t v;
	if (strmap_get(memo, (const char *)&n, sizeof n, &v))
		return (struct ynode *)v; /* shared: keep it shared */
	struct ynode *c = arena_alloc(dst, sizeof *c);
	dst->all = xgrow(dst->all, &dst->cap_all, dst->n_all + 1, sizeof *dst->all);
	dst->all[dst->n_all++] = c;
	c->type = n->type;
	c->line = n->line;
	c->col = n->col;
	c->plain = n->plain;
	c->len = n->len;
	c->str = n->str ? arena_strndup(dst, n->str, n->len) : NULL;
	strmap_put(memo, (const char *)&n, sizeof n, (intptr_t)c);
	/* depth is bounded by LIMIT_YAML_DEPTH, so recursion is too */
	for (size_t i = 0; i < n->n; i++)
		add_kid(c, copy_node(dst, n->kid[i], memo));
	index_map(c);
	return c;
}

void ydoc_copy_without(const struct ydoc *src, const char *skip, struct ydoc *dst)
{
	struct strmap memo = STRMAP_INIT;
	memset(dst, 0, sizeof *dst);
	const struct ynode *r = src->root;
	if (r && r->type == Y_MAP) {
		struct ynode *c = arena_alloc(dst, sizeof *c);
		dst->all = xgrow(dst->all, &dst->cap_all, 1, sizeof *dst->all);
		dst->all[dst->n_all++] = c;
		*c = (struct ynode){Y_MAP, r->line, r->col, NULL, 0, 0, NULL, 0, 0, NULL};
		for (size_t i = 0; i + 1 < r->n; i += 2) {
			const struct ynode *k = r->kid[i];
			if (k->type == Y_SCALAR && !strcmp(k->str, skip))
				continue;
			add_kid(c, copy_node(dst, k, &memo));
			add_kid(c, copy_node(dst, r->kid[i + 1], &memo));
		}
		index_map(c);
		dst->root = c;
	} else if (r) {
		dst->root = copy_node(dst, r, &memo);
	}
	strmap_free(&memo);
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != Y_MAP)
		return NULL;
	if (map->index) {
		intptr_t v;
		return strmap_get(map->index, key, strlen(key), &v) ? map->kid[v] : NULL;
	}
	/* the last of duplicate keys wins, as in Jekyll's YAML reader */
	for (size_t i = map->n & ~(size_t)1; i >= 2; i -= 2) {
		const struct ynode *k = map->kid[i - 2];
		if (k->type == Y_SCALAR && !strcmp(k->str, key))
			return map->kid[i - 1];
	}
	return NULL;
}

const char *yscalar(const struct ynode *n)
{
	if (!n || n->type != Y_SCALAR)
		return NULL;
	if (n->plain && (!n->len || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
			 !strcmp(n->str, "Null") || !strcmp(n->str, "NULL")))
		return NULL;
	return n->str;
}

const char *ytype_name(const struct ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case Y_SEQ: return "a list";
	case Y_MAP: return "a map of keys to values";
	default: return "a single value";
	}
}
