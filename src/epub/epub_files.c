/* epub_files.c — what each file in the package is called, and which
 * images go in. Lessons become chNN-<slug>.xhtml and images
 * images/imgNN-<name>: the index keeps names unique and in reading order,
 * the rest keeps them readable. An image that would break the book (cut
 * short, or SVG that is not XML) is left out with a warning; the lessons
 * then show its alt text. */
#include <string.h>

#include "epub/epub.h"
#include "base/util.h"

/* A file-name-safe form of s: letters, digits, '-', '_' and '.' kept,
 * everything else '_', at most 40 bytes. */
static void safe_name(struct buf *out, const char *s)
{
	size_t k = 0;
	for (; s && *s && k < 40; s++, k++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		buf_putc(out, ok ? c : '_');
	}
	if (k == 0)
		buf_puts(out, "x");
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Whether a PNG, JPEG or GIF ends the way its format says it must. A
 * truncated file still has a readable header (so the loader accepts it),
 * but epubcheck rejects the book and readers show a broken image. */
static int image_complete(const struct asset *a)
{
	const unsigned char *p = a->data;
	size_t n = a->len;
	if (!strcmp(a->media_type, "image/png"))
		return n >= 20 && !memcmp(p + n - 8, "IEND", 4);
	if (!strcmp(a->media_type, "image/jpeg")) {
		/* the end-of-image marker, maybe followed by padding */
		for (size_t i = n; i >= 2 && i + 64 >= n; i--)
			if (p[i - 2] == 0xFF && p[i - 1] == 0xD9)
				return 1;
		return 0;
	}
	if (!strcmp(a->media_type, "image/gif"))
		return n >= 14 && p[n - 1] == 0x3B;
	return 1;
}

/* Whether image i can go into the book; when not, a warning says why.
 * An SVG image is cleaned here, into e->asset_data[i]. */
static int image_usable(struct epub *e, size_t i)
{
	const struct book *b = e->b;
	const struct asset *a = &b->assets[i];
	/* warn at the image's first use in a lesson, where the author
	 * looks; a cover-only image falls back to the file itself */
	const char *path;
	int line, col;
	struct buf where = BUF_INIT;
	if (book_asset_pos(b, (int)i, &path, &line, &col) < 0) {
		buf_printf(&where, "%s/%s", b->root ? b->root : ".", a->src);
		path = buf_cstr(&where);
	}
	int ok = 1;
	if (!image_complete(a)) {
		diag_add(e->d, DIAG_WARNING, path, line, col,
			 "image %s is cut short; the EPUB shows its alt text instead", a->src);
		ok = 0;
	} else if (!strcmp(a->media_type, "image/svg+xml")) {
		e->asset_data[i] = epub_svg_clean(a->data, a->len, &e->asset_len[i]);
		if (!e->asset_data[i]) {
			diag_add(e->d, DIAG_WARNING, path, line, col,
				 "SVG image %s is not well-formed XML; the EPUB shows its alt text instead",
				 a->src);
			ok = 0;
		}
	}
	buf_free(&where);
	return ok;
}

void epub_name_files(struct epub *e)
{
	const struct book *b = e->b;
	e->lesson_href = xcalloc(b->n_lessons ? b->n_lessons : 1, sizeof *e->lesson_href);
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct buf n = BUF_INIT;
		/* the index keeps names unique without comparing them */
		buf_printf(&n, "ch%02zu-", i + 1);
		safe_name(&n, b->lessons[i].slug);
		buf_puts(&n, ".xhtml");
		e->lesson_href[i] = buf_detach(&n);
	}
	size_t na = b->n_assets ? b->n_assets : 1;
	e->asset_href = xcalloc(na, sizeof *e->asset_href);
	e->asset_data = xcalloc(na, sizeof *e->asset_data);
	e->asset_len = xcalloc(na, sizeof *e->asset_len);
	e->cover_asset = -1;
	for (size_t i = 0; i < b->n_assets; i++) {
		const struct asset *a = &b->assets[i];
		if (a->status != ASSET_OK || !a->data || !a->media_type || !image_usable(e, i))
			continue;
		struct buf n = BUF_INIT;
		buf_printf(&n, "images/img%02zu-", i + 1);
		safe_name(&n, basename_of(a->src));
		e->asset_href[i] = buf_detach(&n);
		e->has_images = 1;
	}
	if (b->cover >= 0 && (size_t)b->cover < b->n_assets && e->asset_href[b->cover])
		e->cover_asset = b->cover;
}

void epub_add_images(struct epub *e)
{
	const struct book *b = e->b;
	for (size_t i = 0; i < b->n_assets; i++) {
		if (!e->asset_href[i])
			continue;
		struct buf name = BUF_INIT;
		buf_printf(&name, "OEBPS/%s", e->asset_href[i]);
		epub_add_entry(e, buf_cstr(&name));
		buf_free(&name);
		struct entry *en = &e->entries[e->n_entries - 1];
		en->ext = e->asset_data[i] ? e->asset_data[i] : b->assets[i].data;
		en->ext_len = e->asset_data[i] ? e->asset_len[i] : b->assets[i].len;
		/* PNG, JPEG and GIF are compressed already: deflating them again
		 * costs time and saves nothing */
		en->store = strcmp(b->assets[i].media_type, "image/svg+xml") != 0;
	}
}
