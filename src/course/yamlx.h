/* yamlx.h — YAML text → a small read-only tree with source positions.
 *
 * libyaml gives events; the loader wants to ask "the `title` of this map"
 * and to say where a bad value sits. This module builds that tree, and is
 * the only place that knows libyaml. Aliases (*name) are never copied: an
 * alias node is the anchored node itself, shared, so "billion laughs"
 * documents stay as small as their text. Every node lives in the
 * document's node list and is freed from there, so sharing is safe. Only
 * completed nodes can be aliased, so the tree has no cycles. */
#ifndef OCTAVO_YAMLX_H
#define OCTAVO_YAMLX_H

#include <stddef.h>

#include "base/diag.h"
#include "base/strmap.h"

enum ytype { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ytype type;
	int line, col;  /* 1-based, in the file (offsets already added) */
	char *str;      /* Y_SCALAR: the value, NUL-terminated */
	size_t len;     /* Y_SCALAR: bytes */
	int plain;      /* Y_SCALAR: unquoted (so "null"/"~"/"" mean nothing) */
	struct ynode **kid; /* Y_SEQ: items; Y_MAP: key, value, key, value … */
	size_t n, cap;  /* entries in kid */
	struct strmap *index; /* big Y_MAP: key → value position, so lookups
				 stay O(1) however many keys hostile YAML has */
};

struct ydoc {
	struct ynode *root; /* NULL for an empty document */
	struct ynode **all; /* every node, for freeing its kid array */
	size_t n_all, cap_all;
	/* nodes and strings come from big blocks: a front matter of 100,000
	 * nodes costs a few mallocs, not 200,000 */
	char **blocks;
	size_t n_blocks, cap_blocks;
	char *cur;          /* free space in the newest block */
	size_t left;
};

/* Parse `len` bytes of YAML. Positions are reported as line + line_offset,
 * so front matter errors name the line in the lesson file. On a syntax
 * error adds one DIAG_ERROR at path:line:col and returns -1 (doc is left
 * empty). */
int ydoc_load(const char *text, size_t len, int line_offset, const char *path,
	      struct ydoc *doc, struct diags *d);
void ydoc_free(struct ydoc *doc);

/* A copy of `src` whose root map lacks `skip` (and whatever only it
 * held). Nodes shared through aliases stay shared in the copy. */
void ydoc_copy_without(const struct ydoc *src, const char *skip, struct ydoc *dst);

/* Value of `key` in a map, or NULL (also when `map` is not a map). */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* The string of a scalar, or NULL for anything else or a null scalar. */
const char *yscalar(const struct ynode *n);
/* Human name of a node's shape, for messages: "a list", "a map", "text". */
const char *ytype_name(const struct ynode *n);

#endif
