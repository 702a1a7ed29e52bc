/* terms.c — the index terms of a book (terms.h says which), gathered
 * from the nodes the parse noted in each lesson (book.h, index_nodes),
 * then sorted and merged. The sort is on folded keys with the reading
 * order as the last tie-break, so the list is the same on every run and
 * on every thread. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "book/terms.h"

struct term_node {
	const cmark_node *node;
	size_t occ;
};

/* An occurrence before sorting. */
struct raw {
	char *text, *key;
	size_t seq;
	struct term_occ occ;
};

struct coll {
	const struct book *b;
	struct raw *v;
	size_t n, cap;
	char **code; /* code spans written in headings, sorted */
	size_t n_code, cap_code;
};

/* Latin-1 letters folded to their base letters (U+00C0..U+00FF). */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a",  "a",  "ae", "c", "e", "e", "e",  "e", "i",
    "i", "i", "i", "d", "n",  "o",  "o",  "o", "o", "o", "x",  "o", "u",
    "u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
    "c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o", "o",
    "o", "o", "o", "/", "o",  "u",  "u",  "u", "u", "y", "th", "y"};

static char *fold(const char *s)
{
	struct buf out = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			buf_puts(&out, latin1[p[1] - 0x80]);
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			buf_putc(&out, (char)(*p + 32));
		} else {
			buf_putc(&out, (char)*p);
		}
	}
	return buf_detach(&out);
}

/* s with runs of white space made one space, trimmed, and trailing
 * punctuation (a bold "Note:") dropped. */
static char *tidy(const char *s)
{
	struct buf out = BUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = out.len > 0;
			continue;
		}
		if (space)
			buf_putc(&out, ' ');
		space = 0;
		buf_putc(&out, *s);
	}
	while (out.len && strchr(":.,;!?", out.ptr[out.len - 1]))
		out.ptr[--out.len] = '\0';
	return buf_detach(&out);
}

/* Whether a tidied term is worth an entry. */
static int worth(const char *t)
{
	static const char *const labels[] = {
	    "note", "tip",    "warning", "caution",  "important", "info",
	    "hint", "danger", "example", "remember", "attention", "tl;dr"};
	size_t n = strlen(t);
	if (n < 2 || n > 60)
		return 0;
	int letter = 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if ((*p | 32) >= 'a' && (*p | 32) <= 'z')
			letter = 1;
		else if (*p >= 0x80)
			letter = 1;
	if (!letter)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(labels); i++)
		if (!strcasecmp(t, labels[i]))
			return 0;
	return 1;
}

/* Whether bold text names a thing rather than stresses a point: authors
 * also bold whole phrases ("much faster to write") and single small words
 * ("not", "could"). More than four words, or one of those words alone,
 * is emphasis, not a term. */
static int names_a_thing(const char *t)
{
	static const char *const stress[] = {
	    "all",   "always", "any",    "can",  "cannot", "could", "do",
	    "does",  "don't",  "how",    "must", "never",  "no",    "not",
	    "now",   "only",   "should", "very", "what",   "when",  "where",
	    "which", "who",    "why",    "will", "yes",    "you"};
	int words = 1;
	for (const char *p = t; *p; p++)
		words += *p == ' ';
	if (words > 4)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(stress); i++)
		if (!strcasecmp(t, stress[i]))
			return 0;
	return 1;
}

static void add(struct coll *c, const char *text, size_t li, cmark_node *n,
                long heading)
{
	char *t = tidy(text ? text : "");
	if (!worth(t) || (cmark_node_get_type(n) == CMARK_NODE_STRONG &&
	                  !names_a_thing(t))) {
		free(t);
		return;
	}
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	c->v[c->n] = (struct raw){t, fold(t), c->n, {li, n, heading}};
	c->n++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_code_term(const struct coll *c, const char *lit)
{
	/* no code in any heading: c->code is NULL, which bsearch may not get */
	if (!lit || !c->n_code)
		return 0;
	return !!bsearch(&lit, c->code, c->n_code, sizeof *c->code, cmp_str);
}

/* Every code span written in a heading: those are the code terms. */
static void heading_code(struct coll *c)
{
	for (size_t i = 0; i < c->b->n_lessons; i++) {
		const struct lesson *l = &c->b->lessons[i];
		for (size_t h = 0; h < l->n_headings; h++)
			for (cmark_node *k =
			         cmark_node_first_child(l->headings[h].node);
			     k; k = cmark_node_next(k)) {
				if (cmark_node_get_type(k) != CMARK_NODE_CODE)
					continue;
				c->code = xgrow(c->code, &c->cap_code,
				                c->n_code + 1, sizeof *c->code);
				c->code[c->n_code++] =
				    xstrdup(cmark_node_get_literal(k));
			}
	}
	if (c->n_code)
		qsort(c->code, c->n_code, sizeof *c->code, cmp_str);
}

/* The heading of lesson l that is node n, searching on from *h. */
static long heading_at(const struct lesson *l, size_t *h, const cmark_node *n)
{
	for (size_t k = *h; k < l->n_headings; k++)
		if (l->headings[k].node == n) {
			*h = k + 1;
			return (long)k;
		}
	return -1;
}

static void walk_lesson(struct coll *c, size_t li)
{
	const struct lesson *l = &c->b->lessons[li];
	size_t h = 0;
	long cur = -1;
	int in_heading = 0;
	/* the headings (opening and closing), strongs and code spans, in
	 * document order, as the parse noted them (book.h) */
	for (size_t i = 0; i < l->n_index_nodes; i++) {
		cmark_node *n = l->index_nodes[i].node;
		int enter = !l->index_nodes[i].exit;
		cmark_node_type type = cmark_node_get_type(n);
		if (type == CMARK_NODE_HEADING) {
			in_heading += enter ? 1 : -1;
			long k = enter ? heading_at(l, &h, n) : -1;
			if (k < 0)
				continue;
			cur = k;
			int level = l->headings[k].level;
			if (level >= 2 && level <= 3)
				add(c, l->headings[k].title, li, n, k);
			continue;
		}
		if (!enter || in_heading)
			continue;
		if (type == CMARK_NODE_STRONG) {
			char *t = book_node_text(n);
			add(c, t, li, n, cur);
			free(t);
		} else if (type == CMARK_NODE_CODE &&
		           is_code_term(c, cmark_node_get_literal(n))) {
			add(c, cmark_node_get_literal(n), li, n, cur);
		}
	}
}

/* 0: starts with a symbol or digit; 1: a Latin letter; 2: another script. */
static int key_class(const char *k)
{
	unsigned char c = (unsigned char)k[0];
	return c >= 'a' && c <= 'z' ? 1 : c >= 0x80 ? 2 : 0;
}

static int cmp_raw(const void *pa, const void *pb)
{
	const struct raw *a = pa, *b = pb;
	int ca = key_class(a->key), cb = key_class(b->key);
	if (ca != cb)
		return ca - cb;
	int k = strcmp(a->key, b->key);
	if (k)
		return k;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void set_group(struct term *t)
{
	int cls = key_class(t->key);
	if (cls == 0) {
		strcpy(t->group, "Symbols");
	} else if (cls == 1) {
		t->group[0] = (char)(t->key[0] - 32);
		t->group[1] = '\0';
	} else {
		size_t n = 1;
		while (n < 4 && ((unsigned char)t->key[n] & 0xC0) == 0x80)
			n++;
		memcpy(t->group, t->key, n);
		t->group[n] = '\0';
	}
}

static int cmp_node(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)((const struct term_node *)pa)->node;
	uintptr_t b = (uintptr_t)((const struct term_node *)pb)->node;
	return a < b ? -1 : a > b;
}

/* Drop course boilerplate from the sorted occurrences: a term that is
 * only ever a heading, and a heading in three lessons or more ("Summary",
 * "Exercises"), says nothing about any one of them. */
static void drop_boilerplate(struct coll *c)
{
	size_t out = 0;
	for (size_t i = 0, j; i < c->n; i = j) {
		size_t lessons = 0, last = (size_t)-1;
		int headings_only = 1;
		for (j = i; j < c->n && !strcmp(c->v[j].key, c->v[i].key);
		     j++) {
			headings_only &=
			    cmark_node_get_type(c->v[j].occ.node) ==
			    CMARK_NODE_HEADING;
			if (c->v[j].occ.lesson != last)
				lessons++;
			last = c->v[j].occ.lesson;
		}
		int drop = headings_only && lessons >= 3;
		for (size_t k = i; k < j; k++) {
			if (drop) {
				free(c->v[k].text);
				free(c->v[k].key);
			} else {
				c->v[out++] = c->v[k];
			}
		}
	}
	c->n = out;
}

/* Sorted occurrences → terms, the first spelling kept for each. */
static void merge(struct coll *c, struct terms *t)
{
	if (c->n) /* c->v is NULL without terms, which qsort may not get */
		qsort(c->v, c->n, sizeof *c->v, cmp_raw);
	drop_boilerplate(c);
	t->occ = xmalloc((c->n ? c->n : 1) * sizeof *t->occ);
	t->by_node = xmalloc((c->n ? c->n : 1) * sizeof *t->by_node);
	size_t cap = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct raw *r = &c->v[i];
		if (!t->n || strcmp(t->v[t->n - 1].key, r->key)) {
			t->v = xgrow(t->v, &cap, t->n + 1, sizeof *t->v);
			struct term *nt = &t->v[t->n++];
			memset(nt, 0, sizeof *nt);
			nt->text = r->text;
			nt->key = r->key;
			nt->first = i;
			set_group(nt);
			r->text = r->key = NULL;
		}
		t->v[t->n - 1].count++;
		t->occ[i] = r->occ;
		t->by_node[i] = (struct term_node){r->occ.node, i};
		free(r->text);
		free(r->key);
	}
	t->n_occ = c->n;
	qsort(t->by_node, t->n_occ, sizeof *t->by_node, cmp_node);
}

void terms_build(const struct book *b, struct terms *t)
{
	memset(t, 0, sizeof *t);
	struct coll c;
	memset(&c, 0, sizeof c);
	c.b = b;
	heading_code(&c);
	for (size_t i = 0; i < b->n_lessons; i++)
		if (b->lessons[i].doc)
			walk_lesson(&c, i);
	merge(&c, t);
	for (size_t i = 0; i < c.n_code; i++)
		free(c.code[i]);
	free(c.code);
	free(c.v);
}

void terms_free(struct terms *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].key);
	}
	free(t->v);
	free(t->occ);
	free(t->by_node);
	memset(t, 0, sizeof *t);
}

long terms_find(const struct terms *t, const cmark_node *n)
{
	if (!t->n_occ)
		return -1;
	struct term_node k = {n, 0};
	const struct term_node *f =
	    bsearch(&k, t->by_node, t->n_occ, sizeof k, cmp_node);
	return f ? (long)f->occ : -1;
}
