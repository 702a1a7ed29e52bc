/* test_fontcache.c — the PDF's cached font streams: a key changes with
 * every input the streams are made from, the file's name only with the
 * font (and the glyph set's slot), and a file is returned only for its
 * own key and only whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "base/buf.h"
#include "base/cache.h"
#include "pdf/fontcache.h"
#include "unit.h"

/* A font as fontset has it after loading: only what the key reads. */
static struct font fake_font(unsigned char *data, size_t len)
{
	struct font f;
	memset(&f, 0, sizeof f);
	f.data = data;
	f.len = len;
	for (int i = 0; i < 7; i++)
		f.stamp[i] = 1000 + (unsigned long long)i;
	return f;
}

/* key and name for f, the glyphs gids[0..n) and the characters chars. */
static int key_of(const struct font *f, const uint16_t *gids, size_t n, const char *chars,
		  struct buf *key, struct buf *name)
{
	struct buf c = BUF_INIT;
	buf_puts(&c, chars);
	buf_clear(key);
	buf_clear(name);
	int rc = fontcache_key(f, gids, n, &c, key, name);
	buf_free(&c);
	return rc;
}

static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

int main(void)
{
	char dir[] = "/tmp/octavo-fontcache-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("not ok fontcache: no temporary folder\n");
		return 1;
	}
	setenv("OCTAVO_CACHE_DIR", dir, 1);
	const unsigned char *id;
	if (!cache_build_id(&id)) {
		printf("ok fontcache: # SKIP this build has no build ID\n");
		return 0;
	}

	/* an sfnt header and a directory of one table: 28 bytes */
	unsigned char data[64] = {0, 1, 0, 0, 0, 1};
	struct font f = fake_font(data, sizeof data);
	uint16_t g1[] = {3, 7, 9}, g2[] = {3, 7, 10};
	struct buf k1 = BUF_INIT, n1 = BUF_INIT, k2 = BUF_INIT, n2 = BUF_INIT;
	CHECK("fontcache: a key is made", key_of(&f, g1, 3, "abc", &k1, &n1) == 0);
	key_of(&f, g1, 3, "abd", &k2, &n2);
	CHECK("fontcache: other characters, another key, the same file",
	      !same(&k1, &k2) && same(&n1, &n2));
	key_of(&f, g2, 3, "abc", &k2, &n2);
	CHECK("fontcache: other glyphs, another key", !same(&k1, &k2));
	struct font g = fake_font(data, sizeof data);
	g.stamp[3]++; /* the file changed */
	key_of(&g, g1, 3, "abc", &k2, &n2);
	CHECK("fontcache: a changed font file, another key and file",
	      !same(&k1, &k2) && !same(&n1, &n2));
	data[20] = 1; /* a table directory byte */
	key_of(&f, g1, 3, "abc", &k2, &n2);
	CHECK("fontcache: another table directory, another key", !same(&k1, &k2));
	data[20] = 0;

	/* kept and found again, for its own key only */
	struct buf file = BUF_INIT, map = BUF_INIT, cmap = BUF_INIT;
	size_t raw = 1234;
	buf_puts(&file, "program");
	buf_puts(&map, "map");
	buf_puts(&cmap, "cmap");
	struct fontcache_streams s = {&file, &map, &cmap, &raw};
	fontcache_put(buf_cstr(&n1), &k1, &s);
	struct buf f2 = BUF_INIT, m2 = BUF_INIT, c2 = BUF_INIT;
	size_t raw2 = 0;
	struct fontcache_streams t = {&f2, &m2, &c2, &raw2};
	CHECK("fontcache: found again",
	      fontcache_get(buf_cstr(&n1), &k1, &t) == 0 && same(&file, &f2) && same(&map, &m2) &&
		  same(&cmap, &c2) && raw2 == 1234);
	buf_clear(&f2);
	key_of(&f, g1, 3, "abd", &k2, &n2);
	CHECK("fontcache: not for another key",
	      fontcache_get(buf_cstr(&n2), &k2, &t) == -1 && f2.len == 0);

	/* a damaged file is not used */
	char *path = cache_file(buf_cstr(&n1));
	FILE *fp = fopen(path, "r+b");
	int flipped = 0;
	if (fp && fseek(fp, -2, SEEK_END) == 0) {
		int c = fgetc(fp);
		flipped = fseek(fp, -2, SEEK_END) == 0 && fputc(c ^ 0x40, fp) != EOF;
	}
	if (fp)
		fclose(fp);
	buf_clear(&f2);
	CHECK("fontcache: a damaged file is not used",
	      flipped && fontcache_get(buf_cstr(&n1), &k1, &t) == -1 && f2.len == 0);
	if (truncate(path, 10) == 0)
		CHECK("fontcache: a cut file is not used", fontcache_get(buf_cstr(&n1), &k1, &t) == -1);
	unlink(path);
	free(path);
	char sub[sizeof dir + 8];
	snprintf(sub, sizeof sub, "%s/fonts", dir);
	rmdir(sub);
	rmdir(dir);

	setenv("OCTAVO_CACHE_DIR", "", 1);
	CHECK("fontcache: no cache folder, no key", key_of(&f, g1, 3, "abc", &k2, &n2) == -1);

	buf_free(&k1);
	buf_free(&n1);
	buf_free(&k2);
	buf_free(&n2);
	buf_free(&file);
	buf_free(&map);
	buf_free(&cmap);
	buf_free(&f2);
	buf_free(&m2);
	buf_free(&c2);
	return unit_done();
}
