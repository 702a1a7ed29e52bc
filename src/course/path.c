/* path.c — resolve references inside the course folder and nowhere else
 * (see path.h). The lexical check catches `..`; realpath() then follows
 * every symlink so a link pointing out of the folder is caught too. */
#include "course/path.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"

int course_root_open(struct course_root *r, const char *dir)
{
	struct stat st;
	memset(r, 0, sizeof *r);
	char *real = realpath(dir, NULL);
	if (!real)
		return -1;
	if (stat(real, &st) || !S_ISDIR(st.st_mode)) {
		free(real);
		return -1;
	}
	r->dir = xstrdup(dir);
	r->real = real;
	return 0;
}

void course_root_close(struct course_root *r)
{
	free(r->dir);
	free(r->real);
	memset(r, 0, sizeof *r);
}

char *path_normalise(const char *base, const char *ref)
{
	struct buf joined = BUF_INIT;
	if (base && *base) {
		buf_puts(&joined, base);
		buf_putc(&joined, '/');
	}
	buf_puts(&joined, ref);
	char *s = buf_detach(&joined);
	/* in-place: components are copied down, `..` pops the last one */
	size_t w = 0;
	char *p = s;
	int ok = 1;
	while (*p) {
		char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (w == 0) {
				ok = 0;
				break;
			}
			while (w > 0 && s[w - 1] != '/')
				w--;
			if (w > 0)
				w--; /* the slash */
		} else {
			if (w > 0)
				s[w++] = '/';
			memmove(s + w, p, n);
			w += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (!ok) {
		free(s);
		return NULL;
	}
	s[w] = '\0';
	return s;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Web-style reference → plain path: cut ?query and #fragment, decode %XX
 * (a decoded NUL or slash-dot trick is caught later by the lexical and
 * real-path checks; NUL ends the string and is refused here). */
static char *web_to_path(const char *ref)
{
	size_t n = strcspn(ref, "?#");
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (ref[i] == '%' && i + 2 < n && (h = hexval(ref[i + 1])) >= 0 &&
		    (l = hexval(ref[i + 2])) >= 0) {
			int c = h * 16 + l;
			if (c == 0) {
				buf_free(&b);
				return NULL;
			}
			buf_putc(&b, c);
			i += 2;
		} else {
			buf_putc(&b, ref[i]);
		}
	}
	return buf_detach(&b);
}

/* The common case without realpath(): when no component of rel (a
 * normalised course-relative path) is a symlink, its real path is the
 * root's real path and rel. One lstat per component instead of
 * realpath's readlink per component of the whole path and a stat: a
 * thousand-lesson course made 24,000 readlink calls. Returns -1 when a
 * symlink is met (the caller takes the slow road), else the status. */
static int check_plain(const struct course_root *r, const char *rel, char **abs)
{
	struct buf full = BUF_INIT;
	if (strcmp(r->real, "/"))
		buf_puts(&full, r->real);
	size_t root_len = full.len;
	buf_putc(&full, '/');
	buf_puts(&full, rel);
	char *p = full.ptr;
	struct stat st;
	for (size_t i = root_len + 1;; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		int bad = lstat(p, &st);
		p[i] = c;
		if (bad) {
			buf_free(&full);
			return PATH_MISSING; /* as realpath: ENOENT or ENOTDIR */
		}
		if (S_ISLNK(st.st_mode)) {
			buf_free(&full);
			return -1;
		}
		if (!c)
			break;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_free(&full);
		return PATH_NOT_FILE;
	}
	*abs = buf_detach(&full);
	return PATH_OK;
}

static enum path_status check_real(const struct course_root *r, const char *rel, char **abs)
{
	if (*rel) {
		int st = check_plain(r, rel, abs);
		if (st >= 0)
			return (enum path_status)st;
	}
	struct buf full = BUF_INIT;
	buf_printf(&full, "%s/%s", r->real, rel);
	char *real = realpath(buf_cstr(&full), NULL);
	int err = errno;
	buf_free(&full);
	if (!real)
		return err == ELOOP ? PATH_LOOP : PATH_MISSING;
	size_t n = strlen(r->real);
	int inside = !strncmp(real, r->real, n) && (real[n] == '/' || real[n] == '\0');
	if (!strcmp(r->real, "/"))
		inside = 1; /* a course at / holds every file */
	if (!inside) {
		free(real);
		return PATH_OUTSIDE;
	}
	struct stat st;
	if (stat(real, &st) || !S_ISREG(st.st_mode)) {
		free(real);
		return PATH_NOT_FILE;
	}
	*abs = real;
	return PATH_OK;
}

enum path_status path_resolve(const struct course_root *r, const char *base,
			      const char *ref, enum path_mode mode, char **rel,
			      char **abs)
{
	*rel = NULL;
	*abs = NULL;
	char *plain = mode == PATH_SITE ? web_to_path(ref) : xstrdup(ref);
	if (!plain)
		return PATH_MISSING;
	enum path_status st;
	if (plain[0] == '/') {
		if (mode == PATH_STRICT) {
			free(plain);
			return PATH_OUTSIDE;
		}
		/* "/learn/<course>/rest" → "rest"; otherwise "/rest" → "rest" */
		const char *rest = plain + 1;
		if (!strncmp(plain, "/learn/", 7)) {
			const char *slash = strchr(plain + 7, '/');
			if (slash)
				rest = slash + 1;
		}
		*rel = path_normalise("", rest);
		if (!*rel) {
			free(plain);
			return PATH_OUTSIDE;
		}
		st = check_real(r, *rel, abs);
		if (st == PATH_MISSING && strncmp(plain, "/learn/", 7)) {
			/* an absolute file-system path such as /etc/passwd:
			 * say it is outside rather than "missing" */
			free(*rel);
			*rel = NULL;
			st = PATH_OUTSIDE;
		}
		free(plain);
		return st;
	}
	*rel = path_normalise(base, plain);
	if (!*rel) {
		free(plain);
		return PATH_OUTSIDE;
	}
	st = check_real(r, *rel, abs);
	if (st == PATH_MISSING && base && *base) {
		/* written relative to the course root, as Jekyll sites often do */
		char *alt = path_normalise("", plain);
		if (alt && check_real(r, alt, abs) == PATH_OK) {
			free(*rel);
			*rel = alt;
			st = PATH_OK;
		} else {
			free(alt);
		}
	}
	free(plain);
	return st;
}

const char *path_status_text(enum path_status s)
{
	switch (s) {
	case PATH_OK: return "found";
	case PATH_MISSING: return "not found in the course folder";
	case PATH_OUTSIDE: return "leaves the course folder; not read";
	case PATH_NOT_FILE: return "is not a regular file";
	case PATH_LOOP: return "is a symlink loop";
	}
	return "?";
}
