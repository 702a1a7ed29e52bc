/* test_imgcache.c — the PDF's cached pictures: a key changes with every
 * input the planes are made from, a file is returned only for its own
 * key, only whole, only while the libraries named with it are the files
 * they were, and only with sizes a decoder could have made. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/cache.h"
#include "base/zflate.h"
#include "pdf/imgcache.h"
#include "unit.h"

static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

static void key_of(const char *kind, const char *data, const char *src, const void *opt,
		   size_t opt_len, const char *fonts, struct buf *key, struct buf *name)
{
	buf_clear(key);
	buf_clear(name);
	imgcache_key(kind, (const unsigned char *)data, strlen(data), src, opt, opt_len, fonts, key,
		     name);
}

/* A decoded picture: 2 × 1 pixels, with an alpha plane when alpha. */
static struct png_pixels pixels(int alpha)
{
	struct png_pixels px;
	memset(&px, 0, sizeof px);
	px.state = 1;
	px.w = 2;
	px.h = 1;
	px.rgb = (unsigned char *)strdup("deflated rgb");
	px.rgb_len = strlen("deflated rgb");
	if (alpha) {
		px.alpha = (unsigned char *)strdup("alpha");
		px.alpha_len = 5;
	}
	px.svg_w = 640;
	px.svg_h = 250;
	px.svg_notes = 3;
	return px;
}

static int same_pixels(const struct png_pixels *a, const struct png_pixels *b)
{
	return a->state == b->state && a->w == b->w && a->h == b->h && a->rgb_len == b->rgb_len &&
	       !memcmp(a->rgb, b->rgb, a->rgb_len) && a->alpha_len == b->alpha_len &&
	       (!a->alpha_len || !memcmp(a->alpha, b->alpha, a->alpha_len)) &&
	       a->svg_w == b->svg_w && a->svg_h == b->svg_h && a->svg_notes == b->svg_notes;
}

static void pixels_free(struct png_pixels *px)
{
	free(px->rgb);
	free(px->alpha);
	memset(px, 0, sizeof *px);
}

/* The file's header, as imgcache.c writes it. */
struct head {
	char magic[8];
	uint32_t key_len, deps_len;
	uint64_t rgb_len, alpha_len, w, h;
	double svg_w, svg_h, svg_declared_w, svg_declared_h;
	int32_t svg_notes;
	uint32_t crc;
};

/* Rewrite the header of the file at path with change(), and its CRC to
 * match, as a file written so would have. */
static int rewrite(const char *path, void (*change)(struct head *))
{
	FILE *fp = fopen(path, "r+b");
	if (!fp)
		return -1;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	unsigned char *b = malloc((size_t)n);
	rewind(fp);
	int ok = n > (long)sizeof(struct head) && fread(b, 1, (size_t)n, fp) == (size_t)n;
	if (ok) {
		struct head h;
		memcpy(&h, b, sizeof h);
		change(&h);
		h.crc = zcrc32(0, b + sizeof h, (size_t)n - sizeof h);
		memcpy(b, &h, sizeof h);
		rewind(fp);
		ok = fwrite(b, 1, (size_t)n, fp) == (size_t)n;
	}
	fclose(fp);
	free(b);
	return ok ? 0 : -1;
}

static void zero_width(struct head *h) { h->w = 0; }
static void nan_size(struct head *h) { h->svg_w = NAN; }
static void huge(struct head *h) { h->h = 1u << 21; }
static void same_head(struct head *h) { (void)h; }

int main(void)
{
	char dir[] = "/tmp/octavo-imgcache-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("not ok imgcache: no temporary folder\n");
		return 1;
	}
	setenv("OCTAVO_CACHE_DIR", dir, 1);
	const unsigned char *id;
	if (!cache_build_id(&id)) {
		printf("ok imgcache: # SKIP this build has no build ID\n");
		return 0;
	}
	/* a fonts folder of one .ttf, and a "library" file */
	char fonts[sizeof dir + 16], font[sizeof dir + 32], lib[sizeof dir + 16];
	snprintf(fonts, sizeof fonts, "%s/fonts", dir);
	snprintf(font, sizeof font, "%s/A.ttf", fonts);
	snprintf(lib, sizeof lib, "%s/lib.so", dir);
	mkdir(fonts, 0700);
	FILE *fp = fopen(font, "w");
	if (fp)
		fclose(fp);
	fp = fopen(lib, "w");
	if (fp)
		fclose(fp);

	struct buf k1 = BUF_INIT, n1 = BUF_INIT, k2 = BUF_INIT, n2 = BUF_INIT;
	double opt[2] = {300, 600}, opt2[2] = {150, 600};
	key_of("image/svg+xml", "<svg/>", "a/x.svg", opt, sizeof opt, fonts, &k1, &n1);
	key_of("image/svg+xml", "<svg/>", "a/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: the same inputs, the same key and name", same(&k1, &k2) && same(&n1, &n2));
	CHECK("imgcache: named in pictures/", !strncmp(buf_cstr(&n1), "pictures/", 9));
	key_of("image/svg+xml", "<svg />", "a/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: other bytes, another key", !same(&k1, &k2));
	key_of("image/png", "<svg/>", "a/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: another kind, another key", !same(&k1, &k2));
	key_of("image/svg+xml", "<svg/>", "a/x.svg", opt2, sizeof opt2, fonts, &k2, &n2);
	CHECK("imgcache: other settings, another key", !same(&k1, &k2));
	key_of("image/svg+xml", "<svg/>", "b/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: another path, the same key, another name",
	      same(&k1, &k2) && !same(&n1, &n2));
	fp = fopen(font, "w"); /* a byte longer: another stamp */
	if (fp) {
		fputs("x", fp);
		fclose(fp);
	}
	key_of("image/svg+xml", "<svg/>", "a/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: a font rewritten, another key", !same(&k1, &k2));
	key_of("image/svg+xml", "<svg/>", "a/x.svg", opt, sizeof opt, fonts, &k1, &n1);

	/* kept and found again, for its own key only */
	struct png_pixels px = pixels(1), got;
	struct buf deps = BUF_INIT;
	const char *libs[1] = {lib};
	imgcache_deps(libs, 1, &deps);
	imgcache_put(buf_cstr(&n1), &k1, &deps, &px);
	memset(&got, 0, sizeof got);
	CHECK("imgcache: found again", imgcache_get(buf_cstr(&n1), &k1, &got) == 0 &&
					    same_pixels(&px, &got));
	pixels_free(&got);
	key_of("image/svg+xml", "<svg  />", "a/x.svg", opt, sizeof opt, fonts, &k2, &n2);
	CHECK("imgcache: not for another key",
	      imgcache_get(buf_cstr(&n1), &k2, &got) == -1 && got.state == 0);

	/* the header's sizes are checked, with the CRC made good */
	char *path = cache_file(buf_cstr(&n1));
	CHECK("imgcache: a rewritten header is read", rewrite(path, same_head) == 0 &&
		  imgcache_get(buf_cstr(&n1), &k1, &got) == 0);
	pixels_free(&got);
	CHECK("imgcache: no width, not used",
	      rewrite(path, zero_width) == 0 && imgcache_get(buf_cstr(&n1), &k1, &got) == -1);
	imgcache_put(buf_cstr(&n1), &k1, &deps, &px);
	CHECK("imgcache: a size that is no number, not used",
	      rewrite(path, nan_size) == 0 && imgcache_get(buf_cstr(&n1), &k1, &got) == -1);
	imgcache_put(buf_cstr(&n1), &k1, &deps, &px);
	CHECK("imgcache: 2^21 rows, not used",
	      rewrite(path, huge) == 0 && imgcache_get(buf_cstr(&n1), &k1, &got) == -1);

	/* a library rewritten since: not used */
	imgcache_put(buf_cstr(&n1), &k1, &deps, &px);
	fp = fopen(lib, "w");
	if (fp) {
		fputs("a newer library", fp);
		fclose(fp);
	}
	CHECK("imgcache: another library, not used",
	      imgcache_get(buf_cstr(&n1), &k1, &got) == -1 && got.state == 0);

	/* opaque, and no libraries: the empty parts keep the CRC whole */
	struct png_pixels op = pixels(0);
	struct buf none = BUF_INIT;
	imgcache_put(buf_cstr(&n1), &k1, &none, &op);
	CHECK("imgcache: opaque, found again",
	      imgcache_get(buf_cstr(&n1), &k1, &got) == 0 && same_pixels(&op, &got) && !got.alpha);
	pixels_free(&got);

	/* a damaged or cut file is not used */
	fp = fopen(path, "r+b");
	int flipped = 0;
	if (fp && fseek(fp, -2, SEEK_END) == 0) {
		int c = fgetc(fp);
		flipped = fseek(fp, -2, SEEK_END) == 0 && fputc(c ^ 0x40, fp) != EOF;
	}
	if (fp)
		fclose(fp);
	CHECK("imgcache: a damaged file is not used",
	      flipped && imgcache_get(buf_cstr(&n1), &k1, &got) == -1);
	if (truncate(path, 20) == 0)
		CHECK("imgcache: a cut file is not used", imgcache_get(buf_cstr(&n1), &k1, &got) == -1);
	unlink(path);
	free(path);

	setenv("OCTAVO_CACHE_DIR", "", 1);
	CHECK("imgcache: no cache folder, no key",
	      imgcache_key("image/png", (const unsigned char *)"x", 1, "a/x.png", NULL, 0, NULL,
			   &k2, &n2) == -1);

	unlink(font);
	unlink(lib);
	char pics[sizeof dir + 16];
	snprintf(pics, sizeof pics, "%s/pictures", dir);
	rmdir(pics);
	rmdir(fonts);
	rmdir(dir);
	pixels_free(&px);
	pixels_free(&op);
	buf_free(&deps);
	buf_free(&k1);
	buf_free(&n1);
	buf_free(&k2);
	buf_free(&n2);
	return unit_done();
}
