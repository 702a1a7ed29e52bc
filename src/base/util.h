/* util.h — src/base/: what every stage stands on.
 *
 * This folder holds the few pieces every other folder uses and that know
 * nothing of courses, books or pages: allocation with one failure policy
 * and reading a whole file (below), the growable byte buffer (buf.h), the
 * diagnostics list and its path:line:col printing (diag.h), a string map
 * (strmap.h), big-endian readers (bytes.h) and the one Flate compressor
 * (zflate.h). It includes nothing outside itself.
 *
 * Allocation: a command-line tool that
 * runs out of memory prints one line and exits with status 2. Every other
 * module allocates through these, so no caller checks for NULL. */
#ifndef OCTAVO_UTIL_H
#define OCTAVO_UTIL_H

#include <pthread.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* xgrow when the array must grow (util.c). */
void *xgrow_more(void *p, size_t *cap, size_t need, size_t size);
/* Grow an array so it holds at least `need` elements of `size` bytes;
 * *cap is updated. Doubling keeps appends amortised O(1). Inline for
 * the common case, room already there: the layout appends to its arrays
 * about 700,000 times for 100 lessons. */
static inline void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	return need <= *cap ? p : xgrow_more(p, cap, need, size);
}
/* n zeroed bytes of mapped memory, for a large table that is filled
 * sparsely: its pages cost a fault only where written, where calloc from
 * a padded heap clears them all. Freed with xunmap(p, n). */
void *xmap_zeroed(size_t n);
/* The n bytes of file fd mapped read-only, or NULL when the file cannot
 * be mapped; the address space running out is the allocation failure
 * policy's (it exits), not an unreadable file. Unmap with xunmap. */
void *xmap_file(int fd, size_t n);
void xunmap(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* The threads -j N asks for: N, or with 0 one per online core (at most
 * 64); never less than 1. Loading and the PDF's layout both use it. */
int jobs_or_cores(int jobs);

/* Set malloc up for this program; called first in main, before anything
 * allocates (util.c says what it sets and why). */
void malloc_setup(void);
/* Run fn(ctx, 0..n-1) on `jobs` threads (0 = online CPUs; pool.c). Each
 * call must touch only its own item; results therefore never depend on
 * timing. */
void run_parallel(int jobs, size_t n, void (*fn)(void *, size_t), void *ctx);
/* pthread_create(t, NULL, fn, arg) for a thread that is to run beside
 * this one: it starts on another core than this thread's (pool.c says
 * why), then may run anywhere. 0 or pthread_create's error. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

/* Read a whole file of at most `limit` bytes: 0, -1 (errno set), or -2
 * when larger than limit. *data is NUL-terminated. */
int path_read(const char *abs, size_t limit, char **data, size_t *len);
/* Write all n bytes at p to fd (again after a signal or a short write):
 * 0, or the errno of the failure (EIO when the write wrote nothing). */
int fd_write_all(int fd, const void *p, size_t n);

/* Whether memory still held when octavo is about to exit is freed. The
 * command line clears it: giving a big book's objects back one by one
 * (libharu's document, the lessons' trees) took a tenth of the build,
 * and the system takes them back at once. OCTAVO_FREE_AT_EXIT=1 keeps
 * it set, for the leak checks (valgrind, AddressSanitizer). Default 1. */
extern int free_at_exit;

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
