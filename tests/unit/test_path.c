/* test_path.c — the one path-resolution function: references inside the
 * course resolve, and nothing outside it is ever reachable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "course/path.h"
#include "unit.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static enum path_status res(const struct course_root *r, const char *base, const char *ref,
			    enum path_mode mode, char *rel_out, size_t cap)
{
	char *rel, *abs;
	enum path_status st = path_resolve(r, base, ref, mode, &rel, &abs);
	snprintf(rel_out, cap, "%s", rel ? rel : "(none)");
	free(rel);
	free(abs);
	return st;
}

int main(void)
{
	char tmpl[] = "/tmp/octavo-path-XXXXXX";
	char *top = mkdtemp(tmpl);
	if (!top) {
		puts("not ok path: mkdtemp failed");
		return 1;
	}
	char p[512], rel[512];
	snprintf(p, sizeof p, "%s/course", top);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/course/assets", top);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/course/part", top);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/course/assets/pic.png", top);
	put(p, "x");
	snprintf(p, sizeof p, "%s/secret.png", top);
	put(p, "secret");
	snprintf(p, sizeof p, "%s/course/assets/out.png", top);
	symlink("../../secret.png", p);
	snprintf(p, sizeof p, "%s/course/assets/in.png", top);
	symlink("pic.png", p);
	snprintf(p, sizeof p, "%s/course/assets/loop.png", top);
	symlink("loop.png", p);

	char *n1 = path_normalise("a/b", "../c/./d");
	char *n2 = path_normalise("a", "../../x");
	CHECK_STR("normalise .. and .", n1, "a/c/d");
	CHECK("normalise refuses climbing above the root", n2 == NULL);
	free(n1);
	free(n2);

	struct course_root r;
	snprintf(p, sizeof p, "%s/course", top);
	CHECK("open course root", course_root_open(&r, p) == 0);
	CHECK("relative path", res(&r, "", "assets/pic.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK_STR("relative path rel", rel, "assets/pic.png");
	CHECK("relative to a lesson folder", res(&r, "part", "../assets/pic.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK("root-relative from a lesson folder", res(&r, "part", "assets/pic.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK("site-absolute /learn/<course>/", res(&r, "", "/learn/any_name/assets/pic.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK_STR("site-absolute rel", rel, "assets/pic.png");
	CHECK("leading / is the course root", res(&r, "", "/assets/pic.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK("percent-escapes, query and fragment", res(&r, "", "assets/p%69c.png?v=2#x", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK("missing file", res(&r, "", "assets/none.png", PATH_SITE, rel, sizeof rel) == PATH_MISSING);
	CHECK("refuses ..", res(&r, "", "../secret.png", PATH_SITE, rel, sizeof rel) == PATH_OUTSIDE);
	CHECK("refuses .. hidden in the middle", res(&r, "", "assets/../../secret.png", PATH_SITE, rel, sizeof rel) == PATH_OUTSIDE);
	CHECK("refuses %2e%2e", res(&r, "", "%2e%2e/secret.png", PATH_SITE, rel, sizeof rel) == PATH_OUTSIDE);
	snprintf(p, sizeof p, "%s/secret.png", top);
	CHECK("refuses an absolute file-system path", res(&r, "", p, PATH_SITE, rel, sizeof rel) == PATH_OUTSIDE);
	CHECK("refuses absolute in strict mode", res(&r, "", "/etc/passwd", PATH_STRICT, rel, sizeof rel) == PATH_OUTSIDE);
	CHECK("refuses a symlink pointing outside", res(&r, "", "assets/out.png", PATH_SITE, rel, sizeof rel) == PATH_OUTSIDE);
	CHECK("follows a symlink inside", res(&r, "", "assets/in.png", PATH_SITE, rel, sizeof rel) == PATH_OK);
	CHECK("symlink loop", res(&r, "", "assets/loop.png", PATH_SITE, rel, sizeof rel) == PATH_LOOP);
	CHECK("a folder is not a file", res(&r, "", "assets", PATH_SITE, rel, sizeof rel) == PATH_NOT_FILE);

	char *data;
	size_t len;
	snprintf(p, sizeof p, "%s/secret.png", top);
	CHECK("read respects the size limit", path_read(p, 3, &data, &len) == -2);
	CHECK("read whole file", path_read(p, 100, &data, &len) == 0 && len == 6 && !strcmp(data, "secret"));
	free(data);
	course_root_close(&r);

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		puts("# could not remove the temporary folder");
	return unit_done();
}
