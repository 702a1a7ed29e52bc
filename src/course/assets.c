/* assets.c — step 4 of the load, images: every image a lesson shows and
 * every cover named in course.yml, _config.yml or front matter becomes one
 * entry of book->assets, read once (bytes, media type, pixel size) however
 * often it is used. Missing, remote, unsupported, oversized and escaping
 * images are kept as assets with a status, so a back end shows the alt
 * text, and each file that uses one is told why once. */
#include "course/course.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/loadlimits.h"
#include "course/path.h"
#include "course/yamlx.h"
#include "image/image.h"

/* One image reference, sorted before it is looked up or read. */
struct asset_ref {
	const char *ref;          /* as written */
	char scheme[16];          /* its URL scheme, lower-cased, or "" */
	enum asset_status status; /* as far as the reference tells */
	enum path_status ps;      /* a file: what path_resolve said */
	char *rel, *abs;          /* path_resolve's paths, or NULL */
	char *key;                /* the same for every use of one image */
};

/* Sort r->ref, written in course folder `base`: remote, another scheme,
 * empty, or a file (found in the course, missing or outside). */
static void asset_ref_sort(struct loader *L, const char *base, struct asset_ref *r)
{
	const char *ref = r->ref;
	url_scheme(ref, r->scheme, sizeof r->scheme);
	r->rel = r->abs = NULL;
	r->ps = PATH_MISSING;
	if (!strcmp(r->scheme, "http") || !strcmp(r->scheme, "https") || !strncmp(ref, "//", 2)) {
		r->status = ASSET_REMOTE;
		r->key = xstrdup(ref);
	} else if (*r->scheme) {
		r->status = ASSET_UNSUPPORTED;
		r->key = xstrdup(ref);
	} else if (!*ref) {
		r->status = ASSET_MISSING;
		r->key = xstrdup("");
	} else {
		r->ps = path_resolve(&L->root, base, ref, PATH_SITE, &r->rel, &r->abs);
		r->status = r->ps == PATH_OK ? ASSET_OK
			    : r->ps == PATH_OUTSIDE ? ASSET_OUTSIDE
						    : ASSET_MISSING;
		r->key = xstrdup(r->rel ? r->rel : ref);
	}
}

static void asset_ref_free(struct asset_ref *r)
{
	free(r->key);
	free(r->rel);
	free(r->abs);
}

/* Read the image file `abs` into a, which is ASSET_OK so far; when it
 * cannot be shown, a->status says so and msg why. */
static void asset_read(struct asset *a, const char *abs, struct buf *msg)
{
	char *data;
	size_t len;
	int r = path_read(abs, LIMIT_ASSET_BYTES, &data, &len);
	if (r) {
		a->status = ASSET_CORRUPT;
		buf_printf(msg, "image %s %s", a->src,
			   r == -2 ? "is larger than the 64 MiB limit" : "cannot be read");
		return;
	}
	int w, h;
	const char *mt = image_sniff((unsigned char *)data, len, a->src, &w, &h);
	if (!mt && image_named_like(a->src)) {
		a->status = ASSET_CORRUPT;
		buf_printf(msg, "image %s is not a readable image file", a->src);
	} else if (!mt) {
		a->status = ASSET_UNSUPPORTED;
		buf_printf(msg, "image %s is not PNG, JPEG, GIF or SVG; shown as its alt text",
			   a->src);
	} else if (strcmp(mt, "image/svg+xml") &&
		   (w <= 0 || h <= 0 ||
		    (unsigned long long)w * (unsigned long long)h > LIMIT_IMAGE_PIXELS)) {
		a->status = ASSET_CORRUPT;
		if (w <= 0 || h <= 0)
			buf_printf(msg, "image %s has no readable size", a->src);
		else
			buf_printf(msg, "image %s claims %d×%d pixels, more than the 50-megapixel limit",
				   a->src, w, h);
	} else {
		a->media_type = mt;
		a->width_px = w;
		a->height_px = h;
		a->data = (unsigned char *)data;
		a->len = len;
		data = NULL;
	}
	free(data);
}

/* Why an image that is not a file of the course is not shown, into msg. */
static void asset_why_not(const struct asset_ref *r, struct buf *msg)
{
	const char *ref = r->ref;
	if (r->status == ASSET_MISSING) {
		if (!*ref)
			buf_printf(msg, "image has an empty source");
		else if (r->ps == PATH_LOOP)
			buf_printf(msg, "image %s is a symlink loop", ref);
		else
			buf_printf(msg, "image %s %s", ref, path_status_text(r->ps));
	} else if (r->status == ASSET_OUTSIDE) {
		buf_printf(msg, "image %s leaves the course folder; not read", ref);
	} else if (r->status == ASSET_UNSUPPORTED) {
		buf_printf(msg, "image %s:… is not a file; shown as its alt text", r->scheme);
	} else if (r->status == ASSET_REMOTE) {
		/* the book is built offline and reproducibly, so a remote image
		 * is never downloaded; say so rather than lose it quietly */
		buf_printf(msg, "image %s is not fetched (octavo never downloads); shown as its alt text",
			   ref);
	}
}

/* Find or add the asset for `ref` written in course folder `base`.
 * Returns its index. *why is the problem with it (owned by the loader),
 * or NULL when it is fine — but only the first time a given file (the
 * lesson `owner`, or SIZE_MAX for course.yml) refers to it, so a missing
 * cover that the body shows again through {{page.cover}} is reported
 * once per file. */
static int asset_for(struct loader *L, const char *base, const char *ref, size_t owner,
		     const char **why)
{
	struct book *b = L->b;
	*why = NULL;
	/* the same reference from the same folder is the same asset: a
	 * thousand lessons naming one cover looked it up a thousand times,
	 * an lstat per component of its path each time (6,000 system calls
	 * on the main thread for the bench's 1,000 lessons) */
	struct buf rk = BUF_INIT;
	buf_puts(&rk, base);
	buf_putc(&rk, '\0');
	buf_puts(&rk, ref);
	intptr_t v;
	struct asset_ref r = {.ref = ref};
	int known = strmap_get(&L->asset_by_ref, rk.ptr, rk.len, &v);
	if (!known) {
		asset_ref_sort(L, base, &r);
		known = strmap_get(&L->asset_by_key, r.key, strlen(r.key), &v);
		if (known) {
			asset_ref_free(&r);
			strmap_put(&L->asset_by_ref, rk.ptr, rk.len, v);
		}
	}
	if (known) {
		buf_free(&rk);
		if (L->asset_owner[v] != owner) {
			L->asset_owner[v] = owner;
			*why = L->asset_why[v];
		}
		return (int)v;
	}
	size_t cap = b->n_assets;
	b->assets = xgrow(b->assets, &cap, b->n_assets + 1, sizeof *b->assets);
	struct asset *a = &b->assets[b->n_assets];
	memset(a, 0, sizeof *a);
	a->src = xstrdup(r.rel ? r.rel : ref);
	a->status = r.status;
	struct buf msg = BUF_INIT;
	if (r.status == ASSET_OK)
		asset_read(a, r.abs, &msg);
	else
		asset_why_not(&r, &msg);
	size_t wcap = L->cap_why;
	L->asset_why = xgrow(L->asset_why, &wcap, b->n_assets + 1, sizeof *L->asset_why);
	L->asset_owner = xgrow(L->asset_owner, &L->cap_why, b->n_assets + 1,
			       sizeof *L->asset_owner);
	L->asset_why[b->n_assets] = msg.len ? buf_detach(&msg) : NULL;
	L->asset_owner[b->n_assets] = owner;
	*why = L->asset_why[b->n_assets];
	buf_free(&msg);
	strmap_put(&L->asset_by_key, r.key, strlen(r.key), (intptr_t)b->n_assets);
	strmap_put(&L->asset_by_ref, rk.ptr, rk.len, (intptr_t)b->n_assets);
	buf_free(&rk);
	asset_ref_free(&r);
	return (int)b->n_assets++;
}

void resolve_image(struct loader *L, size_t li, cmark_node *n)
{
	struct lesson *l = &L->b->lessons[li];
	struct lesson_priv *lp = l->front;
	char *dirown;
	const char *why;
	const char *url = cmark_node_get_url(n);
	int a = asset_for(L, lesson_dir(l, &dirown), url ? url : "", li, &why);
	free(dirown);
	info_of(lp, n)->asset = a;
	if (why)
		node_diag(l, n, DIAG_WARNING, "%s", why);
}

/* A `cover:` value → asset, warning at the value in the YAML. */
static int cover_asset(struct loader *L, const char *base, const struct ynode *v,
		       size_t owner, const char *path, struct diags *d)
{
	const char *ref = yscalar(v);
	if (!ref)
		return -1;
	const char *why;
	int a = asset_for(L, base, ref, owner, &why);
	if (why)
		diag_add(d, DIAG_WARNING, path, v->line, v->col, "cover %s", why);
	return a;
}

void set_covers(struct loader *L)
{
	struct book *b = L->b;
	b->cover = -1;
	if (L->course && ymap_get(L->course, "cover"))
		b->cover = cover_asset(L, "", ymap_get(L->course, "cover"), SIZE_MAX,
				       L->course_yml_path, &L->course_d);
	else if (L->site && ymap_get(L->site, "cover"))
		b->cover = cover_asset(L, "", ymap_get(L->site, "cover"), SIZE_MAX,
				       "_config.yml", &L->course_d);
	for (size_t i = 0; i < b->n_lessons; i++) {
		struct lesson *l = &b->lessons[i];
		struct lesson_priv *lp = l->front;
		const struct ynode *v = ymap_get(lp->fm.yaml.root, "cover");
		if (!v)
			continue;
		char *dirown;
		l->cover = cover_asset(L, lesson_dir(l, &dirown), v, i, l->path, &lp->diags);
		free(dirown);
	}
	if (b->cover < 0 && b->n_lessons)
		b->cover = b->lessons[0].cover;
}
