/* hyph_impl.h — private to hyph.c and hyph_cache.c: the tries Liang's
 * algorithm walks, as hyph.c builds them from a pattern file and as
 * hyph_cache.c writes them to the cache and maps them back. */
#ifndef OCTAVO_HYPH_IMPL_H
#define OCTAVO_HYPH_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "typeset/hyph.h"

/* A trie node: the pattern ending here, as an offset into the value pool
 * (0 = none). Node 0 is the root; a node's children are found through
 * the trie's edge table. */
struct node {
	uint32_t values;
	uint8_t n_values;
	uint8_t pad[3]; /* named, so a node has no byte left unset when the
			 * trie is written to the cache */
};

/* One level of patterns. */
struct trie {
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	unsigned char *pool; /* each pattern's values, one digit per gap */
	size_t n_pool, cap_pool;
	size_t n_patterns;
	unsigned root[256];   /* the root's child per byte: the first step of
			       * every match, without a probe */
	/* While the file is read: the previous pattern's letters and the
	 * nodes along them. The files are sorted, so a pattern shares most
	 * of its letters with the one before, and its walk starts where the
	 * two part instead of at the root: looking up each child from the
	 * root for every pattern was most of the time the trie took to
	 * build. */
	unsigned char last[128];
	unsigned path[129];
	size_t n_last;
	/* Every node's children: a hash table of (node, byte) edges, one
	 * probe a step, for building and for hyphenating a word alike */
	uint64_t *edge;  /* (node << 8 | byte) + 1 << 32 | child, 0 = free */
	size_t edge_mask, n_edges;
};

struct hyph {
	struct trie lv[2];     /* lv[1] used only by two-level files */
	int levels;
	int lmin, rmin;        /* characters kept before / after a break */
	int clmin, crmin;      /* the same inside a compound's parts */
	void *map;             /* the cache file the tries stand in, or NULL */
	size_t map_len;
};

/* Where edge key (node << 8 | byte) + 1 starts its probe, before the
 * table's mask. */
static inline size_t hyph_edge_hash(uint64_t key)
{
	return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 32);
}

/* Each level's root[], from its edges. */
void hyph_set_roots(struct hyph *h);

/* --- hyph_cache.c ---------------------------------------------------
 * The cache file for pattern file path, or NULL when there is no cache
 * folder (malloc'd). */
char *hyph_cache_file(const char *path);
/* The tries cache file `file` holds for the pattern file of len bytes
 * with CRC crc, mapped; NULL when it holds anything else. */
struct hyph *hyph_cache_load(const char *file, size_t len, uint32_t crc);
/* Write h to `file` for that pattern file; silent when it cannot. */
void hyph_cache_store(const struct hyph *h, const char *file, size_t len, uint32_t crc);

#endif
