/* ial.c — PLACEHOLDER pass-through until IAL support lands. */
#include "ial.h"

#include <stdlib.h>

void ial_list_free(struct ial_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].classes);
		free(l->v[i].id);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void ial_parse(const char *s, size_t n, char **classes, char **id)
{
	(void)s;
	(void)n;
	*classes = *id = NULL;
}

void ial_strip(const char *in, size_t len, const char *path, char **out,
	       size_t *out_len, struct srcmap *map, struct ial_list *ials,
	       struct diags *d)
{
	struct rewriter rw;
	(void)path;
	(void)ials;
	(void)d;
	rewriter_init(&rw, in, len);
	rewriter_finish(&rw, out, out_len, map);
}

void ial_attach(cmark_node *doc, const struct ial_list *ials, ial_give_fn give, void *ctx)
{
	(void)doc;
	(void)ials;
	(void)give;
	(void)ctx;
}
