/* path.h — the one path-resolution function: every file octavo reads from
 * a course (lessons, course.yml, _config.yml, images, covers) is found
 * through path_resolve(), which refuses anything that leaves the course
 * folder — by `..`, by an absolute path, or by a symlink pointing outside
 * (checked on the real path, after every link is followed). */
#ifndef OCTAVO_PATH_H
#define OCTAVO_PATH_H

#include <stddef.h>

struct course_root {
	char *dir;  /* as the user named it: "lessons" */
	char *real; /* realpath of dir */
};

enum path_status {
	PATH_OK,
	PATH_MISSING,  /* no such file */
	PATH_OUTSIDE,  /* leaves the course folder */
	PATH_NOT_FILE, /* a folder or a device, not a regular file */
	PATH_LOOP      /* symlink loop */
};

enum path_mode {
	PATH_STRICT, /* course.yml entries: an absolute path is OUTSIDE */
	PATH_SITE    /* links and images written for the web site:
			"/learn/<course>/x" and "/x" mean course-root "x" */
};

/* Open the course root: 0, or -1 when it is not a readable folder. */
int course_root_open(struct course_root *r, const char *dir);
void course_root_close(struct course_root *r);

/* Resolve `ref`, written in a file that sits in course-relative folder
 * `base` ("" for the root). *rel gets the normalised course-relative path
 * (malloc'd; set for every status except OUTSIDE), *abs the real path
 * (malloc'd, PATH_OK only). Percent-escapes, `?query` and `#fragment`
 * are taken off first in PATH_SITE mode. */
enum path_status path_resolve(const struct course_root *r, const char *base,
			      const char *ref, enum path_mode mode, char **rel,
			      char **abs);

/* Normalise a relative path lexically ("a/./b/../c" → "a/c"); NULL when
 * `..` climbs above the start. malloc'd. */
char *path_normalise(const char *base, const char *ref);

/* Human text for a status, for diagnostics. */
const char *path_status_text(enum path_status s);

#endif
