/* strmap.c — open-addressing string hash table (see strmap.h). */
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].key);
	free(m->slot);
	m->slot = NULL;
	m->n = m->cap = 0;
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t klen)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)hash(key, klen) & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slot[i];
		if (!s->key || (s->klen == klen && !memcmp(s->key, key, klen)))
			return s;
	}
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->slot = xcalloc(m->cap, sizeof *m->slot);
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slot[i].key)
			continue;
		*find(m, old.slot[i].key, old.slot[i].klen) = old.slot[i];
	}
	free(old.slot);
}

void strmap_put(struct strmap *m, const char *key, size_t klen, intptr_t val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	struct strmap_slot *s = find(m, key, klen);
	if (!s->key) {
		s->key = xstrndup(key, klen);
		s->klen = klen;
		m->n++;
	}
	s->val = val;
}

int strmap_get(const struct strmap *m, const char *key, size_t klen, intptr_t *val)
{
	if (!m->cap)
		return 0;
	struct strmap_slot *s = find(m, key, klen);
	if (!s->key)
		return 0;
	if (val)
		*val = s->val;
	return 1;
}
