/* cache.h — the folder where octavo keeps what it worked out on an
 * earlier build and can trust again: the compiled hyphenation patterns
 * (hyph_cache.c), the PDF's font subsets (pdf/fontcache.c) and the
 * pictures it decoded (pdf/imgcache.c). Nothing
 * in it is needed: a missing, damaged or foreign file is made again, and
 * a file that cannot be written is left out without a word. */
#ifndef OCTAVO_CACHE_H
#define OCTAVO_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "base/buf.h"

/* The cache folder: $OCTAVO_CACHE_DIR (set empty: no cache), else
 * $XDG_CACHE_HOME/octavo, else $HOME/.cache/octavo; malloc'd, or NULL
 * for none. */
char *cache_dir(void);

/* A file of the cache folder, "DIR/name"; malloc'd, or NULL (no cache). */
char *cache_file(const char *name);

/* Open cache file `file` for reading: only a regular file, and without
 * blocking (a FIFO put in its place must not hang the build). Returns
 * the file descriptor and its size in *size, or -1. */
int cache_open(const char *file, size_t *size);

/* The whole of cache file `name` (cache_file), when it holds 1 to max
 * bytes, appended to out. Returns 0, or -1 (out as it was). */
int cache_read(const char *name, size_t max, struct buf *out);

/* A file's stamp: its device, inode, size, and change and modification
 * times to the nanosecond, which a rewrite of the file changes. The
 * caches name a file by it (a font, an SVG's fonts and libraries). */
void cache_stamp(const struct stat *st, unsigned long long stamp[7]);

/* Open a new temporary file beside `file` for writing, making the
 * folders above it; *tmp gets its name (malloc'd). Returns the file
 * descriptor, or -1 (then *tmp is NULL). */
int cache_tmp_open(const char *file, char **tmp);

/* Close fd; when ok, rename tmp to file, else (or when that fails)
 * remove tmp. Frees tmp. A reader never sees half a file. */
void cache_commit(int fd, char *tmp, const char *file, int ok);

/* A cache file's body, after its header: parts written one after the
 * other. */
struct cache_part {
	const void *p;
	size_t n;
};

/* The CRC-32 of the parts in order, for the header to carry. */
uint32_t cache_parts_crc(const struct cache_part *v, int n);

/* Write head (head_len bytes) and then the parts to cache file `name`
 * (cache_file), all or nothing: cache_tmp_open, then cache_commit. */
void cache_write(const char *name, const void *head, size_t head_len,
		 const struct cache_part *v, int n);

/* The build ID of this octavo binary (the linker's NT_GNU_BUILD_ID
 * note), in *id; its length, or 0 when it has none. A cache file made by
 * another build of octavo may have been made by other code, so files
 * whose contents depend on octavo's own algorithms carry it. */
size_t cache_build_id(const unsigned char **id);

#endif
