/* fuzz_course.h — turn one fuzzer input into a small course folder.
 *
 * octavo reads folders, not buffers, so each fuzz input is written to disk
 * in a private temporary folder before book_load() runs on it. The input
 * is split at the byte 0x1E (ASCII record separator, which real lessons
 * never contain) into up to four parts:
 *     part 0 → 01_a.md        the lesson (front matter, Liquid, IAL, Markdown)
 *     part 1 → course.yml     written only when the input has a part 1
 *     part 2 → 02_b.md        a second lesson, for links and navigation
 *     part 3 → assets/a.png   image bytes the lessons may refer to
 * tests/fuzz/corpus.py packs and unpacks the same layout, so crash inputs
 * replay as ordinary courses in tests/regress/ under the real binary.
 * Header-only because each fuzz target is one translation unit. */
#ifndef OCTAVO_FUZZ_COURSE_H
#define OCTAVO_FUZZ_COURSE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_SEP 0x1e
/* not PATH_MAX: src/ has its own limits.h, and -Isrc shadows <limits.h> */
#define FUZZ_PATH_MAX 4096

static char fuzz_dir[FUZZ_PATH_MAX];     /* the course folder */
static char fuzz_scratch[FUZZ_PATH_MAX]; /* outputs, beside the course */

static const char *const fuzz_part_name[] = {
	"01_a.md", "course.yml", "02_b.md", "assets/a.png",
};

static void fuzz_path(char *out, const char *dir, const char *name)
{
	snprintf(out, FUZZ_PATH_MAX, "%s/%s", dir, name);
}

/* Make the folders once per process; /dev/shm keeps the disk out of the
 * loop when it exists. */
static void fuzz_setup(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fuzz_scratch, sizeof fuzz_scratch, "%s/octavo-fuzz-XXXXXX", base);
	if (!mkdtemp(fuzz_scratch)) {
		perror("mkdtemp");
		abort();
	}
	fuzz_path(fuzz_dir, fuzz_scratch, "course");
	char assets[FUZZ_PATH_MAX];
	fuzz_path(assets, fuzz_dir, "assets");
	if (mkdir(fuzz_dir, 0700) || mkdir(assets, 0700)) {
		perror("mkdir");
		abort();
	}
}

static void fuzz_write_file(const char *name, const uint8_t *p, size_t n)
{
	char path[FUZZ_PATH_MAX];
	fuzz_path(path, fuzz_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f)) {
		perror(path);
		abort();
	}
}

/* Replace the course folder's files by the parts of this input. */
static void fuzz_write_course(const uint8_t *data, size_t size)
{
	char path[FUZZ_PATH_MAX];
	for (size_t i = 0; i < sizeof fuzz_part_name / sizeof *fuzz_part_name; i++) {
		fuzz_path(path, fuzz_dir, fuzz_part_name[i]);
		unlink(path);
	}
	size_t part = 0, start = 0;
	for (size_t i = 0; i <= size && part < 4; i++) {
		if (i < size && (data[i] != FUZZ_SEP || part == 3))
			continue;
		fuzz_write_file(fuzz_part_name[part], data + start, i - start);
		part++;
		start = i + 1;
	}
}

#endif
