/* strmap.h — a string-keyed hash table (open addressing) for the lookups
 * the loader makes per link, per heading and per asset, so that loading
 * stays linear in the size of the course. Keys are copied; values are
 * opaque pointer-sized integers. */
#ifndef OCTAVO_STRMAP_H
#define OCTAVO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key; /* NULL = empty */
	size_t klen;
	intptr_t val;
};

struct strmap {
	struct strmap_slot *slot;
	size_t n, cap; /* cap is 0 or a power of two */
};

#define STRMAP_INIT {NULL, 0, 0}

void strmap_free(struct strmap *m);
/* Insert or overwrite. */
void strmap_put(struct strmap *m, const char *key, size_t klen, intptr_t val);
/* 1 and *val when present, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t klen, intptr_t *val);

#endif
