/* hyph_cache.c — the tries of a pattern file (hyph.c) kept between runs.
 *
 * One file per pattern file: a header, then each level's nodes, value
 * pool (padded to 8 bytes) and edge table, as they stand in memory, so
 * the file is mapped and used where it lies. It is named after the
 * pattern file's path and stands for the bytes that file had: their
 * length and CRC are in the header and compared on every run (the file's
 * time would not do: a file rewritten within a clock tick keeps it). It
 * is trusted no further than that: its own CRC must match, and every
 * offset and child in it must lie inside it, so a damaged or foreign
 * file is built again, never read past. Written to a temporary name and
 * renamed, so a reader never sees half of one; any failure to write it
 * is silent (the next run builds the trie again). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/cache.h"
#include "base/util.h"
#include "base/zflate.h"
#include "typeset/hyph_impl.h"

#define CACHE_MAGIC "OCTHYPH1"
#define CACHE_ENDIAN 0x01020304u

struct cache_level {
	uint64_t n_nodes, n_pool, n_edges, slots, n_patterns;
};

struct cache_head {
	char magic[8];
	uint32_t endian;     /* CACHE_ENDIAN as the writing machine stores it */
	uint32_t node_size;  /* sizeof (struct node) */
	uint64_t src_len;    /* the pattern file's length and CRC */
	uint32_t src_crc;
	uint32_t body_crc;   /* of everything after this header */
	int32_t levels, lmin, rmin, clmin, crmin;
	uint32_t hash_mark;  /* hash_mark(): the edge tables' hash function */
	struct cache_level lv[2];
};

/* A few keys through edge_hash: a cache written while the edges were
 * placed by another hash (an older octavo) would find no child, so its
 * mark differs and it is built again. */
static uint32_t hash_mark(void)
{
	return (uint32_t)(hyph_edge_hash(1) ^ hyph_edge_hash(0x123457) * 3 ^ hyph_edge_hash(0xFFFFFFFFull) * 5);
}

_Static_assert(sizeof(struct node) == 8, "a node is written as it is in memory");
_Static_assert(sizeof(struct cache_head) % 8 == 0, "the nodes after the header stay aligned");

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Bytes of one level's part of the body; 0 when the counts are out of
 * range (or the level is empty, which only lv[1] may be). */
static size_t level_bytes(const struct cache_level *c)
{
	if (c->n_nodes < 1 || c->n_nodes > 1u << 24 || c->n_pool < 1 || c->n_pool > 1u << 30 ||
	    c->slots > 1u << 28 || (c->slots & (c->slots - 1)) ||
	    c->n_edges >= (c->slots ? c->slots : 1)) /* a free slot is left */
		return 0;
	return (size_t)c->n_nodes * sizeof(struct node) + pad8((size_t)c->n_pool) +
	       (size_t)c->slots * sizeof(uint64_t);
}

/* The cache file for pattern file path: its name and a hash of the whole
 * path, so two folders' files of one name do not take turns in it. */
char *hyph_cache_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strcspn(base, ".");
	if (n > 64)
		n = 64;
	struct buf name = BUF_INIT;
	buf_printf(&name, "%.*s-%08x.trie", (int)n, base, (unsigned)zcrc32(0, path, strlen(path)));
	char *file = cache_file(buf_cstr(&name));
	buf_free(&name);
	return file;
}

/* Level l of h from the body at *at (checked: every node's values inside
 * the pool, every edge's parent and child among the nodes, and a free
 * slot left, so a lookup's probe ends); moves *at past it. */
static int level_map(struct trie *t, const struct cache_level *c, const unsigned char **at)
{
	memset(t, 0, sizeof *t);
	t->nodes = (struct node *)*at;
	t->n_nodes = (size_t)c->n_nodes;
	*at += t->n_nodes * sizeof(struct node);
	t->pool = (unsigned char *)*at;
	t->n_pool = (size_t)c->n_pool;
	*at += pad8(t->n_pool);
	t->edge = c->slots ? (uint64_t *)*at : NULL;
	t->edge_mask = c->slots ? (size_t)c->slots - 1 : 0;
	t->n_edges = (size_t)c->n_edges;
	t->n_patterns = (size_t)c->n_patterns;
	*at += (size_t)c->slots * sizeof(uint64_t);
	for (size_t i = 0; i < t->n_nodes; i++) {
		const struct node *nd = &t->nodes[i];
		if (nd->n_values && (nd->values == 0 || nd->values > t->n_pool ||
				     nd->n_values > t->n_pool - nd->values))
			return -1;
	}
	size_t used = 0;
	for (size_t i = 0; i < (size_t)c->slots; i++) {
		uint64_t e = t->edge[i];
		if (!e)
			continue;
		uint64_t key = (e >> 32) - 1, child = e & 0xFFFFFFFFu;
		if ((e >> 32) == 0 || key >> 8 >= t->n_nodes || child == 0 || child >= t->n_nodes)
			return -1;
		used++;
	}
	return used == t->n_edges ? 0 : -1;
}

/* The tries of cache file `file`, when it holds the pattern file of len
 * bytes with CRC crc; else NULL. */
struct hyph *hyph_cache_load(const char *file, size_t len, uint32_t crc)
{
	size_t size = 0;
	int fd = cache_open(file, &size);
	if (fd < 0)
		return NULL;
	struct cache_head hd;
	void *map = MAP_FAILED;
	if (size >= sizeof hd && (unsigned long long)size < (1ull << 34) &&
	    pread(fd, &hd, sizeof hd, 0) == (ssize_t)sizeof hd && !memcmp(hd.magic, CACHE_MAGIC, 8) &&
	    hd.endian == CACHE_ENDIAN && hd.node_size == sizeof(struct node) &&
	    hd.hash_mark == hash_mark() && hd.src_len == len && hd.src_crc == crc)
		map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	size_t b0 = level_bytes(&hd.lv[0]), b1 = level_bytes(&hd.lv[1]);
	const unsigned char *body = (const unsigned char *)map + sizeof hd;
	struct hyph *h = NULL;
	if (b0 && b1 && size == sizeof hd + b0 + b1 && (hd.levels == 1 || hd.levels == 2) &&
	    hd.lmin > 0 && hd.lmin < 20 && hd.rmin > 0 && hd.rmin < 20 && hd.clmin > 0 &&
	    hd.clmin < 20 && hd.crmin > 0 && hd.crmin < 20 && hd.lv[0].n_patterns > 0 &&
	    zcrc32(0, body, b0 + b1) == hd.body_crc) {
		h = xcalloc(1, sizeof *h);
		h->map = map;
		h->map_len = size;
		if (level_map(&h->lv[0], &hd.lv[0], &body) || level_map(&h->lv[1], &hd.lv[1], &body)) {
			hyph_close(h);
			return NULL;
		}
		h->levels = hd.levels;
		h->lmin = hd.lmin;
		h->rmin = hd.rmin;
		h->clmin = hd.clmin;
		h->crmin = hd.crmin;
		hyph_set_roots(h);
		return h;
	}
	munmap(map, size);
	return NULL;
}

static int put_all(int fd, const void *p, size_t n, uint32_t *crc)
{
	static const char zeros[8];
	if (!p) /* padding */
		p = zeros;
	*crc = zcrc32(*crc, p, n);
	return fd_write_all(fd, p, n) ? -1 : 0;
}

/* Write h as cache file `file` for the pattern file of len bytes with
 * CRC crc. */
void hyph_cache_store(const struct hyph *h, const char *file, size_t len, uint32_t crc)
{
	char *tmp;
	int fd = cache_tmp_open(file, &tmp);
	if (fd < 0)
		return;
	struct cache_head hd;
	memset(&hd, 0, sizeof hd);
	memcpy(hd.magic, CACHE_MAGIC, 8);
	hd.endian = CACHE_ENDIAN;
	hd.node_size = sizeof(struct node);
	hd.src_len = len;
	hd.src_crc = crc;
	hd.levels = h->levels;
	hd.lmin = h->lmin;
	hd.rmin = h->rmin;
	hd.clmin = h->clmin;
	hd.crmin = h->crmin;
	hd.hash_mark = hash_mark();
	uint32_t body = 0;
	int ok = put_all(fd, &hd, sizeof hd, &(uint32_t){0}) == 0;
	for (int l = 0; l < 2 && ok; l++) {
		const struct trie *t = &h->lv[l];
		size_t slots = t->edge ? t->edge_mask + 1 : 0;
		hd.lv[l] = (struct cache_level){t->n_nodes, t->n_pool, t->n_edges, slots, t->n_patterns};
		ok = put_all(fd, t->nodes, t->n_nodes * sizeof *t->nodes, &body) == 0 &&
		     put_all(fd, t->pool, t->n_pool, &body) == 0 &&
		     put_all(fd, NULL, pad8(t->n_pool) - t->n_pool, &body) == 0 &&
		     (!slots || put_all(fd, t->edge, slots * sizeof *t->edge, &body) == 0);
	}
	hd.body_crc = body;
	ok = ok && pwrite(fd, &hd, sizeof hd, 0) == (ssize_t)sizeof hd;
	cache_commit(fd, tmp, file, ok);
}
