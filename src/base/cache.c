/* cache.c — the cache folder and writing a file into it whole (see
 * cache.h). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/cache.h"
#include "base/util.h"
#include "base/zflate.h"

char *cache_dir(void)
{
	const char *d = getenv("OCTAVO_CACHE_DIR");
	struct buf p = BUF_INIT;
	if (d) {
		if (!*d)
			return NULL;
		buf_puts(&p, d);
	} else if ((d = getenv("XDG_CACHE_HOME")) && d[0] == '/') {
		buf_printf(&p, "%s/octavo", d);
	} else if ((d = getenv("HOME")) && d[0] == '/') {
		buf_printf(&p, "%s/.cache/octavo", d);
	} else {
		return NULL;
	}
	return buf_detach(&p);
}

char *cache_file(const char *name)
{
	char *dir = cache_dir();
	if (!dir)
		return NULL;
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", dir, name);
	free(dir);
	return buf_detach(&p);
}

int cache_open(const char *file, size_t *size)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < 0) {
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

int cache_read(const char *name, size_t max, struct buf *out)
{
	char *file = cache_file(name);
	if (!file)
		return -1;
	size_t n = 0;
	int fd = cache_open(file, &n);
	free(file);
	if (fd < 0)
		return -1;
	int ok = n > 0 && n <= max;
	if (ok) {
		char *p = buf_space(out, n);
		ok = read(fd, p, n) == (ssize_t)n;
		if (ok)
			buf_commit(out, n);
	}
	close(fd);
	return ok ? 0 : -1;
}

void cache_stamp(const struct stat *st, unsigned long long stamp[7])
{
	unsigned long long v[7] = {st->st_dev,
				   st->st_ino,
				   (unsigned long long)st->st_size,
				   (unsigned long long)st->st_ctim.tv_sec,
				   (unsigned long long)st->st_ctim.tv_nsec,
				   (unsigned long long)st->st_mtim.tv_sec,
				   (unsigned long long)st->st_mtim.tv_nsec};
	memcpy(stamp, v, sizeof v);
}

/* Make folder dir and the ones above it that are missing. */
static int make_dirs(char *dir)
{
	for (char *s = dir + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		int bad = mkdir(dir, 0700) && errno != EEXIST;
		*s = c;
		if (bad)
			return -1;
		if (!c)
			return 0;
	}
}

int cache_tmp_open(const char *file, char **tmp)
{
	*tmp = NULL;
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int ok = slash && slash != dir;
	if (ok) {
		*slash = '\0';
		ok = make_dirs(dir) == 0;
	}
	free(dir);
	if (!ok)
		return -1;
	static unsigned counter; /* two threads of a process write apart */
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s.tmp-%ld-%u", file, (long)getpid(),
		   __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
	int fd = open(buf_cstr(&t), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_free(&t);
		return -1;
	}
	*tmp = buf_detach(&t);
	return fd;
}

void cache_commit(int fd, char *tmp, const char *file, int ok)
{
	if (close(fd) || !ok || rename(tmp, file))
		unlink(tmp);
	free(tmp);
}

static const unsigned char *build_id;
static size_t build_id_len;

/* The main program's NT_GNU_BUILD_ID note, among its PT_NOTE segments
 * (the first object dl_iterate_phdr visits is the program itself). */
static int find_note(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		size_t left = ph->p_memsz;
		while (left >= sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
			size_t name = (nh->n_namesz + 3) & ~(size_t)3;
			size_t desc = (nh->n_descsz + 3) & ~(size_t)3;
			if (sizeof *nh + name + desc > left)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(p + sizeof *nh, "GNU", 4) && nh->n_descsz > 0) {
				build_id = p + sizeof *nh + name;
				build_id_len = nh->n_descsz;
				return 1;
			}
			p += sizeof *nh + name + desc;
			left -= sizeof *nh + name + desc;
		}
	}
	return 1; /* only the program itself */
}

static void find_build_id(void)
{
	dl_iterate_phdr(find_note, NULL);
}

size_t cache_build_id(const unsigned char **id)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, find_build_id);
	*id = build_id;
	return build_id_len;
}

uint32_t cache_parts_crc(const struct cache_part *v, int n)
{
	uint32_t crc = 0;
	for (int i = 0; i < n; i++)
		crc = zcrc32(crc, v[i].p, v[i].n);
	return crc;
}

void cache_write(const char *name, const void *head, size_t head_len,
		 const struct cache_part *v, int n)
{
	char *file = cache_file(name);
	if (!file)
		return;
	char *tmp;
	int fd = cache_tmp_open(file, &tmp);
	if (fd >= 0) {
		int ok = fd_write_all(fd, head, head_len) == 0;
		for (int i = 0; i < n && ok; i++)
			ok = fd_write_all(fd, v[i].p, v[i].n) == 0;
		cache_commit(fd, tmp, file, ok);
	}
	free(file);
}
