/* images.c — pictures: each asset becomes a device image on first use
 * (PNGs and GIFs that need decoding, and every SVG, were decoded ahead,
 * on two threads), drawn centred and scaled to the column; an image the
 * PDF cannot hold (unreadable) becomes a placeholder box with its alt
 * text and file name, and a warning at the Markdown line that uses it. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "image/svgdec.h"
#include "pdf/imgcache.h"
#include "pdf/pdf.h"

/* The start of the character at or before byte i of s. */
static size_t char_start(const char *s, size_t i)
{
	while (i && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* "[image: ALT]" cut to max_w as "[image: AL…]", keeping at least
 * "[image: ". The cut is where cutting a character at a time (the first
 * time five bytes) and measuring again would stop, found in one pass. */
static void clip_alt(struct pdf *P, struct buf *t, int font, double size, double max_w)
{
	if (t->len <= 12 || pdf_fit_prefix(P, font, size, t->ptr, t->len, "", max_w) == (long)t->len)
		return;
	size_t m = char_start(t->ptr, t->len - 5);
	long fit = pdf_fit_prefix(P, font, size, t->ptr, m, "…]", max_w);
	m = fit > 8 ? (size_t)fit : 8;
	t->len = m;
	t->ptr[m] = '\0';
	buf_puts(t, "…]");
}

/* The image's file name cut to max_w four bytes at a time (the steps
 * the placeholder always took), keeping at least eight bytes. */
static void clip_src(struct pdf *P, struct buf *t, int font, double size, double max_w)
{
	long fit = pdf_fit_prefix(P, font, size, t->ptr, t->len, "", max_w);
	size_t m = t->len;
	while (m > 8 && (long)m > fit)
		m = char_start(t->ptr, m - 4);
	t->len = m;
	t->ptr[m] = '\0';
}

static void image_placeholder(struct pdf *P, struct blk *bk, const char *alt, const char *src)
{
	layout_begin_item(&P->L);
	double h = 54;
	struct rgb bg = P->st.c_code_bg;
	layout_rect_op(&P->L, bk->x, 0, bk->w, h, bg);
	layout_line_op(&P->L, bk->x, 0, bk->x + bk->w, 0, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x, h, bk->x + bk->w, h, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x, 0, bk->x, h, 0.5, P->st.c_rule);
	layout_line_op(&P->L, bk->x + bk->w, 0, bk->x + bk->w, h, 0.5, P->st.c_rule);
	int it_font = face(P, FAM_BODY, 0, 1);
	struct buf t = BUF_INIT;
	buf_printf(&t, "[image: %s]", alt && *alt ? alt : "no description");
	/* clip long alt text to the box */
	double size = P->st.size_body;
	clip_alt(P, &t, it_font, size, bk->w - 20);
	double w = pdf_text_width(P, it_font, size, buf_cstr(&t));
	pdf_put_text(P, bk->x + (bk->w - w) / 2, 24, it_font, size, P->st.c_muted, buf_cstr(&t));
	if (src && *src) {
		buf_clear(&t);
		buf_puts(&t, src);
		int f = face(P, FAM_CODE, 0, 0);
		double s2 = P->st.size_small;
		clip_src(P, &t, f, s2, bk->w - 20);
		w = pdf_text_width(P, f, s2, buf_cstr(&t));
		pdf_put_text(P, bk->x + (bk->w - w) / 2, 40, f, s2, P->st.c_muted, buf_cstr(&t));
	}
	buf_free(&t);
	struct item *it = layout_end_item(&P->L, h, take_gap(P));
	it->lesson = (int)P->li;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
}

/* Warn about an image at its first use in a lesson (the author fixes
 * the Markdown line, not the asset), or at the asset itself when only the
 * cover uses it: "image SRC WHAT". */
static void asset_say(struct pdf *P, int a, const char *what)
{
	const char *src = P->b->assets[a].src, *path;
	int line, col;
	if (book_asset_pos(P->b, a, &path, &line, &col) < 0) {
		path = src;
		line = col = 0;
	}
	diag_add(P->d, DIAG_WARNING, path, line, col, "image %s %s", src, what);
}

/* An image the PDF cannot show. */
static void asset_warn(struct pdf *P, int a, const char *why)
{
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s; a placeholder is printed instead", why);
	asset_say(P, a, buf_cstr(&t));
	buf_free(&t);
}

/* What rasterising an SVG gave up: it was decoded on another thread, so
 * the warnings wait until here, where they come in asset order. */
static void svg_warn(struct pdf *P, int a, const struct png_pixels *px)
{
	struct buf t = BUF_INIT;
	if (px->svg_notes & SVGDEC_SIZE_CLAMPED) {
		buf_printf(&t, "declares %.0f×%.0f pixels, more than the 50-megapixel limit; "
			       "it is printed scaled down",
			   px->svg_declared_w, px->svg_declared_h);
		asset_say(P, a, buf_cstr(&t));
	}
	if (px->svg_notes & SVGDEC_DPI_LOWERED) {
		buf_clear(&t);
		buf_printf(&t, "is too large to print at images.dpi %g; it is printed at "
			       "%.0f pixels per inch",
			   P->st.image_dpi, px->w * SVGDEC_PX_PER_IN / px->svg_w);
		asset_say(P, a, buf_cstr(&t));
	}
	buf_free(&t);
}

static enum device_format asset_format(const char *media_type)
{
	if (!strcmp(media_type, "image/png"))
		return DEVICE_PNG;
	if (!strcmp(media_type, "image/jpeg"))
		return DEVICE_JPEG;
	if (!strcmp(media_type, "image/gif"))
		return DEVICE_GIF;
	return DEVICE_SVG;
}

/* Device image for an asset, loading it on first use; -1 if unusable. */
int pdf_asset_image(struct pdf *P, int a)
{
	if (a < 0 || (size_t)a >= P->b->n_assets)
		return -1;
	if (P->img[a] != -2)
		return P->img[a];
	const struct asset *as = &P->b->assets[a];
	P->img[a] = -1;
	if (as->status != ASSET_OK || !as->data || !as->media_type)
		return -1;
	enum device_format format = asset_format(as->media_type);
	const struct png_pixels *px = P->px ? &P->px[a] : NULL;
	if (format == DEVICE_SVG && px && px->state == 1)
		svg_warn(P, a, px);
	double w, h;
	int id = device_image(&P->dv, as->data, as->len, format, px, &w, &h);
	if (id < 0) {
		asset_warn(P, a, format == DEVICE_GIF ? "is a GIF that cannot be read"
				 : format != DEVICE_SVG ? "cannot be read by the PDF library"
				 : !svgdec_available()
				     ? "is an SVG, and librsvg (librsvg-2.so.2) is not installed"
				 : px && (px->svg_notes & SVGDEC_PICTURE_REFUSED)
				     ? "is an SVG that embeds a picture that is not a PNG, JPEG or GIF "
				       "of at most 50 megapixels"
				     : "is an SVG that cannot be read");
		return -1;
	}
	if (format == DEVICE_SVG) {
		w = px->svg_w; /* the device's size is the raster's, finer */
		h = px->svg_h;
	}
	P->img[a] = id;
	P->img_w[a] = w;
	P->img_h[a] = h;
	return id;
}

void pdf_image_box(struct pdf *P, struct blk *bk, int a, double max_h, int lesson)
{
	int id = pdf_asset_image(P, a);
	double w = P->img_w[a] * 0.75, h = P->img_h[a] * 0.75; /* 96 px per inch */
	if (w > bk->w) {
		h *= bk->w / w;
		w = bk->w;
	}
	if (h > max_h) {
		w *= max_h / h;
		h = max_h;
	}
	layout_begin_item(&P->L);
	layout_image_op(&P->L, bk->x + (bk->w - w) / 2, 0, w, h, id);
	struct item *it = layout_end_item(&P->L, h, take_gap(P));
	it->lesson = lesson;
	layout_item_decos(&P->L, it, bk->n_decos, bk->decos);
}

void pdf_block_image(struct pdf *P, cmark_node *img, struct blk *bk)
{
	int a = book_node_asset(P->b, img);
	int cover = book_node_has_class(img, "cover");
	if (P->gap < P->st.space_paragraph)
		P->gap = P->st.space_paragraph;
	char *alt = book_node_text(img);
	if (pdf_asset_image(P, a) >= 0) {
		/* no alternate text: decoration, as alt="" is in HTML (the
		 * loader has warned about it) */
		int tag = layout_tag_open(&P->L, alt && *alt ? TAG_FIGURE : TAG_ARTIFACT);
		if (alt && *alt)
			layout_tag_alt(&P->L, tag, alt, strlen(alt));
		pdf_image_box(P, bk, a, P->L.body_h * (cover ? 0.36 : 0.7), (int)P->li);
		layout_tag_close(&P->L, tag);
	} else {
		const char *src = cmark_node_get_url(img);
		int tag = layout_tag_open(&P->L, TAG_P);
		image_placeholder(P, bk, alt, a >= 0 ? P->b->assets[a].src : src);
		layout_tag_close(&P->L, tag);
	}
	free(alt);
	P->gap = P->st.space_paragraph + 2;
	P->seen_content = 1;
}

static int is_svg(const struct asset *as)
{
	return !strcmp(as->media_type, "image/svg+xml");
}

void pdf_images_plan(struct pdf *P)
{
	const struct book *b = P->b;
	/* Every SVG, then PNGs that must be decoded (transparency, 16-bit,
	 * interlaced) and every GIF. SVGs first: one costs more than several
	 * PNGs, so the other thread takes the PNGs meanwhile. */
	P->px = xcalloc(b->n_assets + 1, sizeof *P->px);
	P->pixel_jobs = xmalloc((b->n_assets + 1) * sizeof *P->pixel_jobs);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < b->n_assets; i++) {
			const struct asset *as = &b->assets[i];
			if (as->status != ASSET_OK || !as->data || !as->media_type)
				continue;
			if (pass == 0 ? is_svg(as)
				      : (!strcmp(as->media_type, "image/png") &&
					 !device_png_direct(as->data, as->len)) ||
					    !strcmp(as->media_type, "image/gif"))
				P->pixel_jobs[P->n_pixel_jobs++] = i;
		}
	}
	P->img = xmalloc((b->n_assets + 1) * sizeof *P->img);
	P->img_w = xcalloc(b->n_assets + 1, sizeof *P->img_w);
	P->img_h = xcalloc(b->n_assets + 1, sizeof *P->img_h);
	for (size_t i = 0; i < b->n_assets; i++)
		P->img[i] = -2;
}

/* An SVG is rasterised for the largest it can be drawn: the text area
 * (an image never leaves it), at the theme's images.dpi. Zeroed first:
 * the options' bytes are part of the cache key. */
static void svg_options(const struct pdf *P, struct svgdec_options *o)
{
	const struct style *st = &P->st;
	double px_per_pt = SVGDEC_PX_PER_IN / 72;
	memset(o, 0, sizeof *o);
	o->dpi = st->image_dpi;
	o->max_w = (st->page_w - st->margin_left - st->margin_right) * px_per_pt;
	o->max_h = (st->page_h - st->margin_top - st->margin_bottom) * px_per_pt;
	o->max_pixels = SVGDEC_MAX_PIXELS;
}

/* The book's fonts folder, where SVG text is set. */
static void svg_fonts_dir(const struct pdf *P, struct buf *dir)
{
	buf_printf(dir, "%s/fonts", P->opt->data_dir ? P->opt->data_dir : ".");
}

/* Asset a's cache key and file name into P->pixel_keys[a] and
 * P->pixel_names[a] (left empty when there is no cache), then its planes
 * from the cache into P->px[a]. Returns 1 when they came from it. */
static int from_cache(struct pdf *P, size_t a, const struct svgdec_options *svg)
{
	const struct asset *as = &P->b->assets[a];
	struct buf *key = &P->pixel_keys[a], *name = &P->pixel_names[a];
	struct buf fonts = BUF_INIT;
	int svg_pic = is_svg(as);
	if (svg_pic)
		svg_fonts_dir(P, &fonts);
	imgcache_key(as->media_type, as->data, as->len, as->src, svg_pic ? svg : NULL,
		     svg_pic ? sizeof *svg : 0, svg_pic ? buf_cstr(&fonts) : NULL, key, name);
	buf_free(&fonts);
	return key->len && imgcache_get(buf_cstr(name), key, &P->px[a]) == 0;
}

/* Decode asset a into P->px[a], and keep it in the cache under the key
 * from_cache made. */
static void decode_one(struct pdf *P, size_t a, const struct svgdec_options *svg)
{
	const struct asset *as = &P->b->assets[a];
	struct png_pixels *px = &P->px[a];
	struct buf deps = BUF_INIT;
	if (!strcmp(as->media_type, "image/gif")) {
		device_gif_decode(as->data, as->len, px);
	} else if (is_svg(as)) {
		/* SVG text is set in the book's fonts: fontconfig reads them
		 * all (a tenth of a small course's build), so only once an
		 * SVG is drawn */
		struct buf fonts = BUF_INIT;
		svg_fonts_dir(P, &fonts);
		svgdec_fonts(buf_cstr(&fonts));
		buf_free(&fonts);
		device_svg_decode(as->data, as->len, svg, px);
		const char *libs[2];
		imgcache_deps(libs, svgdec_libraries(libs), &deps);
	} else {
		device_png_decode(as->data, as->len, px);
	}
	const struct buf *key = &P->pixel_keys[a];
	if (key->len && (!is_svg(as) || deps.len))
		imgcache_put(buf_cstr(&P->pixel_names[a]), key, &deps, px);
	buf_free(&deps);
}

size_t pdf_images_from_cache(struct pdf *P)
{
	struct svgdec_options svg;
	svg_options(P, &svg);
	size_t hits = 0, n = P->b->n_assets + 1;
	P->pixel_keys = xcalloc(n, sizeof *P->pixel_keys);
	P->pixel_names = xcalloc(n, sizeof *P->pixel_names);
	for (size_t k = 0; k < P->n_pixel_jobs; k++) {
		size_t a = P->pixel_jobs[k];
		if (from_cache(P, a, &svg)) {
			/* the pictures left keep their order (SVGs first) */
			memmove(P->pixel_jobs + hits + 1, P->pixel_jobs + hits,
				(k - hits) * sizeof *P->pixel_jobs);
			P->pixel_jobs[hits++] = a;
		}
	}
	P->pixels_cached = hits;
	P->pixel_next = hits;
	return P->n_pixel_jobs - hits;
}

/* Decode PNGs, GIFs and SVGs from the shared job list until it is empty;
 * both threads run this, each taking the next job, and the image objects
 * are made later in asset order, so the PDF does not depend on who
 * decoded what. */
void pdf_images_decode(struct pdf *P)
{
	struct svgdec_options svg;
	svg_options(P, &svg);
	for (;;) {
		size_t k = __atomic_fetch_add(&P->pixel_next, 1, __ATOMIC_RELAXED);
		if (k >= P->n_pixel_jobs)
			break;
		decode_one(P, P->pixel_jobs[k], &svg);
	}
}

void pdf_images_load(struct pdf *P)
{
	const struct book *b = P->b;
	/* every asset, the unusable too (only marked so): the lessons are
	 * laid out on several threads, which then only read P->img */
	for (size_t i = 0; i < b->n_assets; i++)
		pdf_asset_image(P, (int)i);
}
