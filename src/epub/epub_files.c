/* epub_files.c — what each file in the package is called, and which
 * images go in. Lessons become chNN-<slug>.xhtml and images
 * images/imgNN-<name>: the index keeps names unique and in reading order,
 * the rest keeps them readable. An image that would break the book (cut
 * short, or SVG that is not XML) is left out with a warning; the lessons
 * then show its alt text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epub/epub.h"
#include "base/strmap.h"
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

/* Image i's file name in images/: "img03-photo.png". malloc'd. */
static char *image_file_name(const struct book *b, size_t i)
{
	struct buf n = BUF_INIT;
	/* the index keeps names unique without comparing them */
	buf_printf(&n, "img%02zu-", i + 1);
	safe_name(&n, basename_of(b->assets[i].src));
	return buf_detach(&n);
}

/* Whether an asset is a PNG, JPEG or GIF the package holds: what an
 * <image> in an SVG may show. */
static int raster_packaged(const struct asset *a)
{
	return a->status == ASSET_OK && a->data && a->media_type &&
	       strcmp(a->media_type, "image/svg+xml") && image_complete(a);
}

/* The course-relative path of `ref`, a relative link written in the SVG
 * at course-relative `svg`; NULL when it is not a plain relative path
 * (a scheme, data:, an absolute path, a query, escapes) or climbs out of
 * the course folder. malloc'd. */
static char *svg_ref_path(const char *svg, const char *ref)
{
	if (!*ref || *ref == '/' || strpbrk(ref, ":\\?#%"))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)ref; *p; p++)
		if (*p < 0x20)
			return NULL;
	struct buf out = BUF_INIT;
	const char *slash = strrchr(svg, '/');
	if (slash)
		buf_put(&out, svg, (size_t)(slash - svg + 1));
	while (*ref) {
		size_t n = strcspn(ref, "/");
		if (n == 2 && !strncmp(ref, "..", 2)) {
			if (out.len == 0) {
				buf_free(&out);
				return NULL;
			}
			/* drop the last folder, kept with its '/' */
			size_t k = out.len - 1;
			while (k > 0 && out.ptr[k - 1] != '/')
				k--;
			out.len = k;
			out.ptr[k] = '\0';
		} else if (n > 0 && !(n == 1 && ref[0] == '.')) {
			buf_put(&out, ref, n);
			if (ref[n] == '/')
				buf_putc(&out, '/');
		}
		ref += n + (ref[n] == '/');
	}
	return buf_detach(&out);
}

/* What the SVG cleaner asks of this book (struct svg_env). */
struct svg_lookup {
	const struct book *b;
	const char *svg;     /* the SVG's course-relative path */
	struct strmap srcs;  /* asset path → index, made at the first ask */
	int made;
};

static char *svg_image_href(void *arg, const char *ref, int *w, int *h)
{
	struct svg_lookup *L = arg;
	char *rel = svg_ref_path(L->svg, ref);
	if (!rel)
		return NULL;
	if (!L->made) {
		for (size_t j = 0; j < L->b->n_assets; j++)
			if (L->b->assets[j].status == ASSET_OK)
				strmap_put(&L->srcs, L->b->assets[j].src,
					   strlen(L->b->assets[j].src), (intptr_t)j);
		L->made = 1;
	}
	intptr_t j;
	char *name = NULL;
	if (strmap_get(&L->srcs, rel, strlen(rel), &j) && raster_packaged(&L->b->assets[j])) {
		name = image_file_name(L->b, (size_t)j);
		*w = L->b->assets[j].width_px;
		*h = L->b->assets[j].height_px;
	}
	free(rel);
	return name;
}

/* Clean SVG image i into e->asset_data[i]; a warning names what went.
 * Returns 0 when the file is not SVG at all. */
static int svg_usable(struct epub *e, size_t i, struct svg_lookup *L, const char *path,
		      int line, int col)
{
	const struct asset *a = &e->b->assets[i];
	struct svg_report rep = {NULL, 0};
	L->svg = a->src;
	struct svg_env env = {svg_image_href, L};
	e->asset_data[i] = epub_svg_clean(a->data, a->len, &env, &rep, &e->asset_len[i]);
	if (!e->asset_data[i]) {
		diag_add(e->d, DIAG_WARNING, path, line, col,
			 "SVG image %s is not well-formed XML; the EPUB shows its alt text instead",
			 a->src);
		return 0;
	}
	if (rep.n == 1)
		diag_add(e->d, DIAG_WARNING, path, line, col,
			 "SVG image %s: %s left out of the EPUB (it could run script or "
			 "reach outside the book)", a->src, rep.first);
	else if (rep.n > 1)
		diag_add(e->d, DIAG_WARNING, path, line, col,
			 "SVG image %s: %s and %zu more left out of the EPUB (they could run "
			 "script or reach outside the book)", a->src, rep.first, rep.n - 1);
	return 1;
}

/* Whether image i can go into the book; when not, a warning says why.
 * An SVG image is cleaned here, into e->asset_data[i]. */
static int image_usable(struct epub *e, size_t i, struct svg_lookup *L)
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
		ok = svg_usable(e, i, L, path, line, col);
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
	struct svg_lookup L = {b, NULL, STRMAP_INIT, 0};
	for (size_t i = 0; i < b->n_assets; i++) {
		const struct asset *a = &b->assets[i];
		if (a->status != ASSET_OK || !a->data || !a->media_type ||
		    !image_usable(e, i, &L))
			continue;
		char *file = image_file_name(b, i);
		struct buf n = BUF_INIT;
		buf_printf(&n, "images/%s", file);
		free(file);
		e->asset_href[i] = buf_detach(&n);
		e->has_images = 1;
	}
	strmap_free(&L.srcs);
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
