/* util.c — the one allocation-failure policy (see util.h), and reading
 * a whole file. */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("octavo: error: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xgrow_more(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / size)
			oom();
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int jobs_or_cores(int jobs)
{
	if (jobs > 0)
		return jobs;
	/* counted once: glibc's sysconf opens and reads
	 * /sys/devices/system/cpu/online at each call, and a build asked
	 * before each of its six thread starts (the racing first calls
	 * store the same number) */
	static int cores;
	int n = __atomic_load_n(&cores, __ATOMIC_RELAXED);
	if (!n) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (int)(c > 64 ? 64 : c) : 1;
		__atomic_store_n(&cores, n, __ATOMIC_RELAXED);
	}
	return n;
}

/* The main heap starts on a 2 MB boundary (plus one page) and its first
 * extension is marked for transparent huge pages (MADV_HUGEPAGE, which
 * the kernel's default "madvise" mode waits for): the main thread's
 * allocations then fill 2 MB pages, one fault each, instead of taking a
 * fresh 4 KB page at a time. On these machines a fresh 4 KB page costs
 * about 1.6 us (the kernel clearing and accounting it), a 2 MB one about
 * 60 us, and the Rust course's build took about 1,050 faults, 690 of
 * them on the main thread, most of those in the heap: 450 fewer now.
 * The page before the boundary holds what malloc writes when it sets the
 * heap up (before the advice can be given); a 2 MB range already touched
 * in 4 KB pages is never made huge. Nothing here is needed for
 * correctness: when the break cannot be moved, the heap was set up
 * before us (a sanitizer's or valgrind's allocator), or the kernel has
 * no huge pages, malloc works as before. */
static void heap_on_huge_pages(void)
{
	const uintptr_t huge = (uintptr_t)2 << 20, lead = 4096;
	if (mallinfo2().arena != 0) /* the main heap exists already */
		return;
	uintptr_t cur = (uintptr_t)sbrk(0);
	if (cur == (uintptr_t)-1)
		return;
	uintptr_t at = ((cur + lead + huge - 1) & ~(huge - 1)) - lead;
	if (at != cur && sbrk((intptr_t)(at - cur)) == (void *)-1)
		return;
	void *first = malloc(1); /* sets the heap up, M_TOP_PAD beyond it */
	uintptr_t end = (uintptr_t)sbrk(0), from = at + lead;
	if (first && (uintptr_t)first >= at && (uintptr_t)first < from && end > from + huge)
		madvise((void *)from, (end - from) & ~(huge - 1), MADV_HUGEPAGE);
	free(first);
}

void malloc_setup(void)
{
	/* malloc grows a thread's heap by 64 MB at a time instead of by what
	 * each call needs: every growth is an mprotect, which holds the
	 * process's memory map against every other thread's page faults.
	 * 1,000 lessons made 5,025 of them (strace), now 32; both formats
	 * 0.696 -> 0.666 s (3 x 6 runs, alternating). Memory freed at a
	 * heap's top is kept for reuse: peak resident memory 237 -> 257 MB. */
	mallopt(M_TOP_PAD, 64 << 20);
	/* One malloc arena per core and one more, not glibc's eight: each
	 * arena reserves 64 MB of address space, and a small course's peak
	 * address space on 2 cores went from 290-446 MB to about 220 MB (24
	 * runs), so a build under `ulimit -v` (tests/t-hostile.sh) no longer
	 * fails now and then to map libzip. The one more is the EPUB's
	 * thread, which runs beside the PDF's -j threads: with one arena per
	 * core, whichever thread started last shared an arena with another,
	 * and each malloc that missed its thread's cache waited on the
	 * other's. When the PDF's layout helper drew the main thread's
	 * arena, 2,000 lessons made 19,332 futex calls instead of 3,225, and
	 * the build took 1,075 ms instead of 934 (median of 8, alternating). */
	mallopt(M_ARENA_MAX, jobs_or_cores(0) + 1);
	heap_on_huge_pages();
}

int free_at_exit = 1;

void *xmap_zeroed(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		oom();
	return p;
}

void *xmap_file(int fd, size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED && errno == ENOMEM)
		oom();
	return p == MAP_FAILED ? NULL : p;
}

void xunmap(void *p, size_t n)
{
	if (p)
		munmap(p, n ? n : 1);
}

int path_read(const char *abs, size_t limit, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = open(abs, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st)) {
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > limit) {
		close(fd);
		return -2;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *p = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > limit + 1) {
				free(p);
				close(fd);
				return -2;
			}
			cap *= 2;
			p = xrealloc(p, cap);
		}
		ssize_t got = read(fd, p + n, cap - n - 1);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(p);
			close(fd);
			errno = e;
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (n > limit) {
		free(p);
		return -2;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

int fd_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 && errno ? errno : EIO;
		c += k, n -= (size_t)k;
	}
	return 0;
}
