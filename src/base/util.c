/* util.c — the one allocation-failure policy (see util.h), and reading
 * a whole file. */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
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
	long c = sysconf(_SC_NPROCESSORS_ONLN);
	return c > 0 ? (int)(c > 64 ? 64 : c) : 1;
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
