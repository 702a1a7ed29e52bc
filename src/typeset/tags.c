/* tags.c — the structure element store of layout.h ("tags"): elements
 * made, opened and closed by the walker, as integer ids with their
 * parents, and the OP_TAG_BEGIN / OP_TAG_END ops that tell the device
 * where each element's content starts and ends inside an item. Nothing is
 * recorded unless L->tagging is set, so an untagged PDF costs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "typeset/layout.h"

/* Tag ops reuse `target` and add no field: a book has an op per word. */
_Static_assert(sizeof(struct op) <= 48, "struct op grew past 48 bytes");

int layout_tag_new(struct layout *L, enum tag_type type, int parent)
{
	if (!L->tagging)
		return -1;
	L->tags = xgrow(L->tags, &L->cap_tags, L->n_tags + 1, sizeof *L->tags);
	L->tags[L->n_tags] = (struct tag){(int)type, parent, 0, -1};
	return (int)L->n_tags++;
}

void layout_tag_op(struct layout *L, enum op_kind k, int id)
{
	if (id < 0)
		return;
	/* an op like layout_dest_op: no place, no text */
	L->ops = xgrow(L->ops, &L->cap_ops, L->n_ops + 1, sizeof *L->ops);
	struct op *o = &L->ops[L->n_ops++];
	memset(o, 0, sizeof *o);
	o->kind = k;
	o->target = id;
}

int layout_tag_open(struct layout *L, enum tag_type type)
{
	int id = layout_tag_new(L, type, L->tag_cur);
	if (id >= 0) {
		layout_tag_op(L, OP_TAG_BEGIN, id);
		L->tag_cur = id;
	}
	return id;
}

void layout_tag_close(struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_tags)
		return;
	layout_tag_op(L, OP_TAG_END, id);
	L->tag_cur = L->tags[id].parent;
}

void layout_tag_alt(struct layout *L, int id, const char *s, size_t n)
{
	if (id < 0 || (size_t)id >= L->n_tags || !s)
		return;
	if (L->strings.len + n + 1 > LAYOUT_MAX_STRINGS) {
		fputs("octavo: error: the book's text passes the layout's limit of 3.75 GB\n",
		      stderr);
		exit(2);
	}
	L->tags[id].alt = (uint32_t)L->strings.len + 1;
	buf_put(&L->strings, s, n);
	buf_putc(&L->strings, '\0');
}

const char *layout_tag_alt_text(const struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_tags || !L->tags[id].alt)
		return NULL;
	return L->strings.ptr + L->tags[id].alt - 1;
}
