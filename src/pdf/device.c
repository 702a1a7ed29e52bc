/* device.c — draws layout display lists with libharu.
 *
 * libharu reports errors through a callback; we record the first one and
 * check once at the end instead of after every call, because every later
 * call on a failed document fails harmlessly. Text is written as 2-byte
 * codes, the BMP code points, in Type 0 fonts this file builds itself:
 * each embeds a subset of its TrueType file holding the glyphs used.
 * Nothing here reads the clock: dates come from the caller, so the same
 * book gives the same bytes. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/bytes.h"
#include "pdf/device.h"
#include "image/gifdec.h"
#include "pdf/pdffont.h"
#include "base/util.h"
#include "image/pngdec.h"
#include "base/zflate.h"

/* libharu fails the whole document on a string over 65,535 bytes
 * (HPDF_STRING_OUT_OF_RANGE), and a lesson can hold a 200,000-character
 * heading or URL. Outline titles and info fields are clipped to this many
 * bytes (UTF-16 in the file at most doubles them); longer URIs get no link
 * annotation, their text still shows. */
#define DEVICE_MAX_TEXT 4096
#define DEVICE_MAX_URI 32768

/* s, or its first DEVICE_MAX_TEXT bytes cut at a character start in tmp. */
static const char *clip_text(const char *s, char tmp[DEVICE_MAX_TEXT + 1])
{
	size_t n = strlen(s);
	if (n <= DEVICE_MAX_TEXT)
		return s;
	n = DEVICE_MAX_TEXT;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return tmp;
}

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct device *dv = user;
	if (!dv->error) {
		dv->error = code;
		dv->detail = detail;
	}
}

int device_open(struct device *dv, struct fontset *fs, struct diags *d, const char *path)
{
	memset(dv, 0, sizeof *dv);
	dv->fs = fs;
	dv->pdf = HPDF_New(on_error, dv);
	if (!dv->pdf) {
		diag_add(d, DIAG_FATAL, path, 0, 0, "cannot start the PDF library");
		return -1;
	}
	HPDF_SetCompressionMode(dv->pdf, HPDF_COMP_ALL);
	/* outline titles and document info are UTF-8 (page text is not
	 * encoded by libharu: see show_text) */
	HPDF_UseUTFEncodings(dv->pdf);
	HPDF_SetCurrentEncoder(dv->pdf, "UTF-8");
	HPDF_SetPageMode(dv->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	return 0;
}

void device_close(struct device *dv)
{
	if (dv->pdf)
		HPDF_Free(dv->pdf);
	for (int i = 0; i < FONTSET_MAX; i++) {
		pdffont_free(dv->font_objs[i]); /* before the bitmaps its thread reads */
		free(dv->shown[i]);
	}
	free(dv->images);
	free(dv->pages);
	free(dv->dests);
	memset(dv, 0, sizeof *dv);
}

void device_info(struct device *dv, const char *title, const char *author,
		 const char *subject, const char *keywords, time_t when)
{
	char tmp[DEVICE_MAX_TEXT + 1];
	if (title)
		HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_TITLE, clip_text(title, tmp));
	if (author)
		HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_AUTHOR, clip_text(author, tmp));
	if (subject)
		HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_SUBJECT, clip_text(subject, tmp));
	if (keywords)
		HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_KEYWORDS, clip_text(keywords, tmp));
	HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_CREATOR, "octavo");
	HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_PRODUCER, "octavo with libharu");
	if (when >= 0) {
		struct tm tm;
		gmtime_r(&when, &tm);
		HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				tm.tm_min,         tm.tm_sec,     'Z',        0,
				0};
		HPDF_SetInfoDateAttr(dv->pdf, HPDF_INFO_CREATION_DATE, dt);
		HPDF_SetInfoDateAttr(dv->pdf, HPDF_INFO_MOD_DATE, dt);
	}
}

/* Whether a JPEG reaches a start-of-scan segment: libharu embeds a JPEG
 * after reading only its frame header, so a file cut short before its
 * image data would make a PDF that readers (and qpdf) reject. */
static int jpeg_has_scan(const unsigned char *p, size_t n)
{
	size_t i = 2;
	while (i + 4 <= n) {
		if (p[i] != 0xFF)
			return 0;
		unsigned m = p[i + 1];
		if (m == 0xFF || m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
			i += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == 0xDA)
			return 1;
		if (m == 0xD9)
			return 0;
		i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
	}
	return 0;
}

/* libharu drops a /Filter key from streams it does not compress itself,
 * so the PNG passthrough writes its filter name while the dictionary is
 * being written. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* An opaque, non-interlaced PNG of 8-bit grey, RGB or palette colour goes
 * into the PDF as it is: its IDAT data is already a Flate stream with PNG
 * row filters, which PDF readers undo with /Predictor 15. That skips
 * decoding and recompressing, the slowest part of a book with pictures.
 * libharu has no call for a pre-compressed image, so the image dictionary
 * is built with its object functions. Returns NULL to take the slow path. */
/* Whether PNG data d can go in as it is (see png_passthrough); when idat
 * is not NULL its IDAT data is gathered there. */
static int png_scan(const unsigned char *d, size_t n, struct buf *idat,
		    const unsigned char **plte_out, size_t *plte_len_out)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (n < 33 || memcmp(d, sig, 8) || memcmp(d + 12, "IHDR", 4))
		return 0;
	unsigned long w = be32(d + 16), h = be32(d + 20);
	int depth = d[24], ctype = d[25], interlace = d[28];
	if (!w || !h || w > 20000 || h > 20000 || interlace || depth != 8 ||
	    (ctype != 0 && ctype != 2 && ctype != 3))
		return 0;
	const unsigned char *plte = NULL;
	size_t plte_len = 0, idat_len = 0;
	for (size_t at = 8; at + 12 <= n;) {
		size_t len = be32(d + at);
		const unsigned char *type = d + at + 4;
		if (len > n - at - 12)
			break;
		if (!memcmp(type, "tRNS", 4))
			return 0; /* transparency: decode and split off an alpha mask */
		if (!memcmp(type, "PLTE", 4)) {
			plte = d + at + 8;
			plte_len = len;
		} else if (!memcmp(type, "IDAT", 4)) {
			if (idat)
				buf_put(idat, d + at + 8, len);
			idat_len += len;
		} else if (!memcmp(type, "IEND", 4)) {
			break;
		}
		at += 12 + len;
	}
	if (!idat_len || (ctype == 3 && (!plte || plte_len % 3 || plte_len == 0 || plte_len > 768)))
		return 0;
	if (plte_out) {
		*plte_out = plte;
		*plte_len_out = plte_len;
	}
	return 1;
}

int device_png_direct(const unsigned char *d, size_t n)
{
	return png_scan(d, n, NULL, NULL, NULL);
}

/* An image XObject stream of w × h pixels, registered with the document,
 * for the callers to describe its samples and fill its stream (libharu 2.3
 * has no public call for image data that is already compressed). */
static HPDF_Dict image_dict(struct device *dv, unsigned long w, unsigned long h)
{
	HPDF_Doc pdf = dv->pdf;
	HPDF_Dict im = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!im)
		return NULL;
	im->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	HPDF_Dict_AddName(im, "Type", "XObject");
	HPDF_Dict_AddName(im, "Subtype", "Image");
	HPDF_Dict_AddNumber(im, "Width", (HPDF_INT)w);
	HPDF_Dict_AddNumber(im, "Height", (HPDF_INT)h);
	return im;
}

static HPDF_Image png_passthrough(struct device *dv, const unsigned char *d, size_t n)
{
	const unsigned char *plte = NULL;
	size_t plte_len = 0;
	struct buf idat = BUF_INIT;
	if (!png_scan(d, n, &idat, &plte, &plte_len)) {
		buf_free(&idat);
		return NULL;
	}
	unsigned long w = be32(d + 16), h = be32(d + 20);
	int depth = d[24], ctype = d[25];
	HPDF_Doc pdf = dv->pdf;
	HPDF_Dict im = image_dict(dv, w, h);
	if (!im) {
		buf_free(&idat);
		return NULL;
	}
	HPDF_Dict_AddNumber(im, "BitsPerComponent", depth);
	int colours = 1;
	if (ctype == 0) {
		HPDF_Dict_AddName(im, "ColorSpace", "DeviceGray");
	} else if (ctype == 2) {
		HPDF_Dict_AddName(im, "ColorSpace", "DeviceRGB");
		colours = 3;
	} else {
		HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
		HPDF_Dict_Add(im, "ColorSpace", cs);
		HPDF_Array_AddName(cs, "Indexed");
		HPDF_Array_AddName(cs, "DeviceRGB");
		HPDF_Array_AddNumber(cs, (HPDF_INT)(plte_len / 3 - 1));
		HPDF_Array_Add(cs, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)plte, (HPDF_UINT)plte_len));
	}
	im->write_fn = write_flate_filter;
	HPDF_Dict parms = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict_Add(im, "DecodeParms", parms);
	HPDF_Dict_AddNumber(parms, "Predictor", 15);
	HPDF_Dict_AddNumber(parms, "Colors", colours);
	HPDF_Dict_AddNumber(parms, "BitsPerComponent", depth);
	HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT)w);
	im->filter = HPDF_STREAM_FILTER_NONE; /* the data is compressed already */
	HPDF_Stream_Write(im->stream, (const HPDF_BYTE *)idat.ptr, (HPDF_UINT)idat.len);
	buf_free(&idat);
	return dv->error ? NULL : (HPDF_Image)im;
}

/* Raw 8-bit samples, Flate-compressed by zflate: libharu would copy the
 * samples through its memory streams byte by byte and compress them at
 * the default level, which for a screenshot with transparency cost more
 * than laying out a lesson. NULL if the compressor fails. */
static unsigned char *deflate_fast(const unsigned char *px, size_t n, size_t *out_len)
{
	struct buf z = BUF_INIT;
	if (zflate(px, n, &z)) {
		buf_free(&z);
		return NULL;
	}
	*out_len = z.len;
	return (unsigned char *)buf_detach(&z);
}

/* An image dictionary over Flate-compressed 8-bit samples. */
static HPDF_Image raw_image(struct device *dv, const unsigned char *z, size_t zn, unsigned long w,
			    unsigned long h, int colours)
{
	HPDF_Dict im = image_dict(dv, w, h);
	if (!im)
		return NULL;
	HPDF_Dict_AddName(im, "ColorSpace", colours == 3 ? "DeviceRGB" : "DeviceGray");
	HPDF_Dict_AddNumber(im, "BitsPerComponent", 8);
	im->write_fn = write_flate_filter;
	im->filter = HPDF_STREAM_FILTER_NONE; /* compressed already */
	HPDF_Stream_Write(im->stream, z, (HPDF_UINT)zn);
	return dv->error ? NULL : (HPDF_Image)im;
}

void device_png_free(struct png_pixels *px)
{
	free(px->rgb);
	free(px->alpha);
	memset(px, 0, sizeof *px);
}

/* Compress the planes a decoder returned (rc 0) into px and free them;
 * px->state is 1, or -1 when the decoder failed (img is then empty). */
static void pixels_deflate(int rc, struct pngdec_image *img, struct png_pixels *px)
{
	memset(px, 0, sizeof *px);
	px->state = -1;
	if (rc)
		return;
	px->w = img->w;
	px->h = img->h;
	px->rgb = deflate_fast(img->rgb, (size_t)img->w * img->h * 3, &px->rgb_len);
	if (px->rgb && img->alpha)
		px->alpha = deflate_fast(img->alpha, (size_t)img->w * img->h, &px->alpha_len);
	if (px->rgb && (!img->alpha || px->alpha))
		px->state = 1;
	pngdec_free(img);
	if (px->state != 1) {
		device_png_free(px);
		px->state = -1;
	}
}

/* Decode a PNG ourselves to 8-bit RGB plus an 8-bit alpha plane (libharu
 * 2.3 draws 16-bit PNGs garbled and drops palette transparency, so every
 * PNG that cannot go in as it is takes this one path), and compress both.
 * It touches no libharu state, so books with many pictures decode them on
 * two threads. */
void device_png_decode(const unsigned char *data, size_t len, struct png_pixels *px)
{
	struct pngdec_image img;
	pixels_deflate(pngdec_decode(data, len, &img), &img, px);
}

/* A GIF's first frame becomes the same two planes, so it takes the PNG
 * path from here on: one image, its transparency a soft mask. */
void device_gif_decode(const unsigned char *data, size_t len, struct png_pixels *px)
{
	struct pngdec_image img;
	pixels_deflate(gifdec_decode(data, len, &img), &img, px);
}

/* The image objects for a decoded PNG or GIF (decoded now if pre is NULL
 * or not yet decoded). */
static HPDF_Image load_pixels(struct device *dv, const unsigned char *data, size_t len,
			      enum device_format format, const struct png_pixels *pre)
{
	struct png_pixels own;
	const struct png_pixels *px = pre;
	if (!px || !px->state) {
		if (format == DEVICE_GIF)
			device_gif_decode(data, len, &own);
		else
			device_png_decode(data, len, &own);
		px = &own;
	}
	HPDF_Image im = NULL;
	if (px->state == 1) {
		im = raw_image(dv, px->rgb, px->rgb_len, px->w, px->h, 3);
		if (im && px->alpha) {
			HPDF_Image mask = raw_image(dv, px->alpha, px->alpha_len, px->w, px->h, 1);
			if (mask)
				HPDF_Image_AddSMask(im, mask);
		}
	}
	if (px == &own)
		device_png_free(&own);
	return im;
}

int device_image(struct device *dv, const unsigned char *data, size_t len,
		 enum device_format format, const struct png_pixels *pre, double *w_px,
		 double *h_px)
{
	unsigned long before = dv->error;
	HPDF_Image im = NULL;
	if (format == DEVICE_PNG) {
		im = png_passthrough(dv, data, len);
		if (!im) {
			dv->error = before;
			HPDF_ResetError(dv->pdf);
			im = load_pixels(dv, data, len, format, pre);
		}
	} else if (format == DEVICE_GIF) {
		im = load_pixels(dv, data, len, format, pre);
	} else if (jpeg_has_scan(data, len)) {
		im = HPDF_LoadJpegImageFromMem(dv->pdf, data, (HPDF_UINT)len);
	}
	if (!im) {
		/* a bad image is the book's problem, not a failed document */
		dv->error = before;
		HPDF_ResetError(dv->pdf);
		return -1;
	}
	dv->images = xgrow(dv->images, &dv->cap_images, dv->n_images + 1, sizeof *dv->images);
	dv->images[dv->n_images] = im;
	*w_px = HPDF_Image_GetWidth(im);
	*h_px = HPDF_Image_GetHeight(im);
	return (int)dv->n_images++;
}

HPDF_Font device_font(struct device *dv, int id)
{
	if (id < 0 || id >= dv->fs->n || !dv->shown_ready)
		return NULL;
	if (!dv->fonts[id] && !dv->font_objs[id] && dv->bad_font != id + 1) {
		dv->fonts[id] = pdffont_new(dv->pdf, &dv->fs->f[id], dv->shown[id], &dv->font_objs[id]);
		if (!dv->fonts[id] && !dv->bad_font)
			dv->bad_font = id + 1;
	}
	return dv->fonts[id];
}

static HPDF_Destination dest_of(struct device *dv, const struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_dests || L->dests[id].page < 0)
		return NULL;
	if (!dv->dests[id]) {
		HPDF_Page pg = dv->pages[L->dests[id].page];
		HPDF_Destination d = HPDF_Page_CreateDestination(pg);
		HPDF_Destination_SetFitH(d, (HPDF_REAL)(L->page_h - L->dests[id].y + 4));
		dv->dests[id] = d;
	}
	return dv->dests[id];
}

struct pen {
	int in_text;
	int font;
	double size;
	struct rgb fill, stroke;
	double line_w;
	int fill_set, stroke_set;
	long long tx, ty; /* start of the current text line, 1/100 pt (Td is relative) */
	struct buf out;  /* scratch for raw operators */
};

/* v / 10^places for a content stream, with no trailing zeros: digits by
 * hand, since snprintf with %f cost more than libharu's own call. */
static void put_fixed(struct buf *b, long long v, int places)
{
	char t[40];
	int n = sizeof t;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int digits = 0;
	for (int i = 0; i < places; i++) {
		unsigned d = (unsigned)(u % 10);
		u /= 10;
		if (d || digits) {
			t[--n] = (char)('0' + d);
			digits++;
		}
	}
	if (digits)
		t[--n] = '.';
	do {
		t[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--n] = '-';
	buf_put(b, t + n, sizeof t - (size_t)n);
}

/* Show UTF-8 text at (x, y) in the current font by writing "Td" and a
 * literal string of 2-byte codes (the BMP code points, which the fonts'
 * CIDToGIDMap and ToUnicode map expect) straight into the page's content stream. HPDF_Page_TextOut
 * does the same with a byte-wise clear of a 512-byte buffer per number and
 * a glyph search plus width sum per character; it was a tenth of the time
 * of the sample course. The font's subset holds these glyphs because
 * device_draw marks every character each font shows before any font is
 * made. */
static void show_text(HPDF_Page pg, struct pen *p, double x, double y, const char *s, size_t n)
{
	struct buf *b = &p->out;
	buf_clear(b);
	/* whole hundredths, so relative moves never add up rounding errors */
	long long X = llround(x * 100), Y = llround(y * 100);
	put_fixed(b, X - p->tx, 2);
	buf_putc(b, ' ');
	put_fixed(b, Y - p->ty, 2);
	buf_puts(b, " Td (");
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		if (cp > 0xFFFF)
			cp = 0;
		unsigned char by[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
		for (int k = 0; k < 2; k++) {
			/* a literal string holds any byte but these four; a raw CR
			 * would be read as a line end */
			if (by[k] == '(' || by[k] == ')' || by[k] == '\\')
				buf_putc(b, '\\');
			if (by[k] == '\r')
				buf_puts(b, "\\r");
			else
				buf_putc(b, by[k]);
		}
		i += len;
	}
	buf_puts(b, ") Tj\012");
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
	p->tx = X;
	p->ty = Y;
}

static void end_text(HPDF_Page pg, struct pen *p)
{
	if (p->in_text) {
		HPDF_Page_EndText(pg);
		p->in_text = 0;
	}
}

/* "/Fn size Tf", written raw like text: HPDF_Page_SetFontAndSize clears
 * a 512-byte buffer byte by byte per call, 2% of a build. libharu still
 * names the font and lists it in the page's resources. */
static void set_font(HPDF_Page pg, struct pen *p, HPDF_Font f, double size_pt)
{
	const char *name = HPDF_Page_GetLocalFontName(pg, f);
	if (!name)
		return;
	struct buf *b = &p->out;
	buf_clear(b);
	buf_putc(b, '/');
	buf_puts(b, name); /* "F1", "F2"...: nothing to escape */
	buf_putc(b, ' ');
	put_fixed(b, llround(size_pt * 10000), 4);
	buf_puts(b, " Tf\012");
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
}

static void set_fill(HPDF_Page pg, struct pen *p, struct rgb c)
{
	if (!p->fill_set || memcmp(&p->fill, &c, sizeof c)) {
		/* written raw, like text: HPDF_Page_SetRGBFill clears a 512-byte
		 * buffer byte by byte per call */
		struct buf *b = &p->out;
		buf_clear(b);
		put_fixed(b, llround(c.r * 10000), 4);
		buf_putc(b, ' ');
		put_fixed(b, llround(c.g * 10000), 4);
		buf_putc(b, ' ');
		put_fixed(b, llround(c.b * 10000), 4);
		buf_puts(b, " rg\012");
		HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
		HPDF_Stream_Write(a->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
		p->fill = c;
		p->fill_set = 1;
	}
}

/* Remember which code points font id drew, for its ToUnicode map. */
static void mark_shown(struct device *dv, int id, const char *s, size_t n)
{
	if (!dv->shown[id])
		dv->shown[id] = xcalloc(0x10000 / 8, 1);
	unsigned char *bits = dv->shown[id];
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		if (cp < 0xFFFF) /* U+FFFF is no character; the cmap's end marker */
			bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		i += len;
	}
}

static void draw_op(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		    const struct op *o, double ox, double oy)
{
	double H = L->page_h;
	switch (o->kind) {
	case OP_TEXT: {
		HPDF_Font f = device_font(dv, o->font);
		if (!f || !o->len)
			return;
		if (!p->in_text) {
			HPDF_Page_BeginText(pg);
			p->in_text = 1;
			p->tx = p->ty = 0;
			p->font = -1;
		}
		if (p->font != o->font || p->size != o->size) {
			set_font(pg, p, f, o->size);
			p->font = o->font;
			p->size = o->size;
		}
		set_fill(pg, p, o->colour);
		show_text(pg, p, ox + o->x, H - (oy + o->y), layout_op_text(L, o), o->len);
		break;
	}
	case OP_RECT:
		end_text(pg, p);
		set_fill(pg, p, o->colour);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
				    (HPDF_REAL)o->w, (HPDF_REAL)o->h);
		HPDF_Page_Fill(pg);
		break;
	case OP_LINE:
		end_text(pg, p);
		if (!p->stroke_set || memcmp(&p->stroke, &o->colour, sizeof o->colour)) {
			HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)o->colour.r, (HPDF_REAL)o->colour.g,
					       (HPDF_REAL)o->colour.b);
			p->stroke = o->colour;
			p->stroke_set = 1;
		}
		if (p->line_w != o->size) {
			HPDF_Page_SetLineWidth(pg, (HPDF_REAL)o->size);
			p->line_w = o->size;
		}
		HPDF_Page_MoveTo(pg, (HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y)));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y + o->h)));
		HPDF_Page_Stroke(pg);
		break;
	case OP_IMAGE:
		end_text(pg, p);
		if (o->target >= 0 && (size_t)o->target < dv->n_images)
			HPDF_Page_DrawImage(pg, dv->images[o->target], (HPDF_REAL)(ox + o->x),
					    (HPDF_REAL)(H - (oy + o->y + o->h)), (HPDF_REAL)o->w,
					    (HPDF_REAL)o->h);
		break;
	case OP_LINK: {
		if (o->target < 0 || (size_t)o->target >= L->n_links)
			return;
		const struct link *lk = &L->links[o->target];
		HPDF_Rect r = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(H - (oy + o->y + o->h)),
			       (HPDF_REAL)(ox + o->x + o->w), (HPDF_REAL)(H - (oy + o->y))};
		HPDF_Annotation a = NULL;
		if (lk->dest >= 0) {
			HPDF_Destination d = dest_of(dv, L, lk->dest);
			if (d)
				a = HPDF_Page_CreateLinkAnnot(pg, r, d);
		} else if (lk->uri && strlen(lk->uri) <= DEVICE_MAX_URI) {
			a = HPDF_Page_CreateURILinkAnnot(pg, r, lk->uri);
		}
		if (a) {
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			HPDF_LinkAnnot_SetHighlightMode(a, HPDF_ANNOT_INVERT_BOX);
		}
		break;
	}
	case OP_DEST:
		break;
	}
}

static void draw_item(struct device *dv, const struct layout *L, HPDF_Page pg, struct pen *p,
		      const struct item *it, double ox, double oy)
{
	for (size_t k = it->op_first; k < it->op_first + it->op_count; k++)
		draw_op(dv, L, pg, p, &L->ops[k], ox, oy);
}

/* Box backgrounds: each item paints its slice, reaching up over the gap
 * to the previous item when that item belongs to the same box. */
static void draw_decos(const struct layout *L, HPDF_Page pg, struct pen *p,
		       const struct page *page, size_t k)
{
	const struct place *pl = &L->places[k];
	const struct item *it = &L->items[pl->item];
	const struct item *prev = k > page->first ? &L->items[L->places[k - 1].item] : NULL;
	for (int i = 0; i < it->n_decos; i++) {
		const struct deco *dc = &layout_item_deco(L, it)[i];
		int joined = 0;
		if (prev)
			for (int j = 0; j < prev->n_decos; j++)
				if (layout_item_deco(L, prev)[j].id == dc->id)
					joined = 1;
		double top = L->body_y + pl->y - (joined ? it->space_before : 0);
		double bottom = L->body_y + pl->y + it->height;
		double x = L->body_x + dc->x;
		end_text(pg, p);
		set_fill(pg, p, dc->bg);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom),
				    (HPDF_REAL)dc->w, (HPDF_REAL)(bottom - top));
		HPDF_Page_Fill(pg);
		if (dc->bar) {
			set_fill(pg, p, dc->bar_colour);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)(L->page_h - bottom), 2.5f,
					    (HPDF_REAL)(bottom - top));
			HPDF_Page_Fill(pg);
		}
	}
}

static int compressible(HPDF_Dict c);
static int deflate_stream(HPDF_Dict c, struct buf *out);
static void store_deflated(HPDF_Dict c, const struct buf *out);

/* Pages are deflated on a second thread while the next ones are drawn:
 * the worker only reads the streams of pages already drawn, and the main
 * thread, which alone calls libharu, puts each result back into its page
 * as soon as it is ready (so finished pages do not pile up uncompressed). */
struct zpages {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	HPDF_Dict *c;     /* content stream of each page in drawing order, NULL: leave */
	struct buf *out;
	int *ok;
	size_t drawn;     /* pages [0, drawn) may be deflated */
	size_t done;      /* pages [0, done) are deflated */
	int finished;     /* no more pages will come */
};

static void *zpages_run(void *arg)
{
	struct zpages *z = arg;
	for (;;) {
		pthread_mutex_lock(&z->mu);
		while (z->done == z->drawn && !z->finished)
			pthread_cond_wait(&z->cv, &z->mu);
		if (z->done == z->drawn) {
			pthread_mutex_unlock(&z->mu);
			return NULL;
		}
		size_t k = z->done;
		pthread_mutex_unlock(&z->mu);
		if (z->c[k])
			z->ok[k] = deflate_stream(z->c[k], &z->out[k]);
		pthread_mutex_lock(&z->mu);
		z->done = k + 1;
		pthread_mutex_unlock(&z->mu);
	}
}

/* Put the deflated pages [*stored, upto) back. */
static void zpages_store(struct device *dv, struct zpages *z, size_t *stored, size_t upto)
{
	for (; *stored < upto; (*stored)++) {
		size_t k = *stored;
		if (z->c[k] && z->ok[k] && !dv->error)
			store_deflated(z->c[k], &z->out[k]);
		buf_free(&z->out[k]);
	}
}

void device_draw(struct device *dv, const struct layout *L, const size_t *order, size_t n)
{
	dv->pages = xcalloc(L->n_pages ? L->n_pages : 1, sizeof *dv->pages);
	dv->dests = xcalloc(L->n_dests ? L->n_dests : 1, sizeof *dv->dests);
	dv->n_pages = L->n_pages;
	for (size_t i = 0; i < n; i++) {
		HPDF_Page pg = HPDF_AddPage(dv->pdf);
		HPDF_Page_SetWidth(pg, (HPDF_REAL)L->page_w);
		HPDF_Page_SetHeight(pg, (HPDF_REAL)L->page_h);
		dv->pages[order[i]] = pg;
	}
	/* every character each font will show, before any font object is made */
	for (size_t i = 0; i < n; i++) {
		const struct page *page = &L->pages[order[i]];
		for (size_t k = page->first; k <= page->first + page->count; k++) {
			long item = k < page->first + page->count ? (long)L->places[k].item : page->furniture;
			if (item < 0)
				continue;
			const struct item *it = &L->items[item];
			for (size_t j = it->op_first; j < it->op_first + it->op_count; j++) {
				const struct op *o = &L->ops[j];
				if (o->kind == OP_TEXT && o->len && o->font >= 0 && o->font < dv->fs->n)
					mark_shown(dv, o->font, layout_op_text(L, o), o->len);
			}
		}
	}
	dv->shown_ready = 1;
	struct zpages z;
	memset(&z, 0, sizeof z);
	z.c = xcalloc(n ? n : 1, sizeof *z.c);
	z.out = xcalloc(n ? n : 1, sizeof *z.out);
	z.ok = xcalloc(n ? n : 1, sizeof *z.ok);
	pthread_mutex_init(&z.mu, NULL);
	pthread_cond_init(&z.cv, NULL);
	pthread_t worker;
	int threaded = pthread_create(&worker, NULL, zpages_run, &z) == 0;
	size_t stored = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *page = &L->pages[order[i]];
		HPDF_Page pg = dv->pages[order[i]];
		struct pen p;
		memset(&p, 0, sizeof p);
		p.line_w = 1;
		for (size_t k = page->first; k < page->first + page->count; k++) {
			const struct place *pl = &L->places[k];
			draw_decos(L, pg, &p, page, k);
			draw_item(dv, L, pg, &p, &L->items[pl->item], L->body_x, L->body_y + pl->y);
		}
		if (page->furniture >= 0)
			draw_item(dv, L, pg, &p, &L->items[page->furniture], L->body_x, L->body_y);
		end_text(pg, &p);
		buf_free(&p.out);
		/* compressed now rather than at save: holding every page's
		 * uncompressed stream until then was a tenth of the peak
		 * memory of a 1,000-lesson book */
		HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;
		z.c[i] = pa && compressible(pa->contents) ? pa->contents : NULL;
		if (!threaded) {
			if (z.c[i])
				z.ok[i] = deflate_stream(z.c[i], &z.out[i]);
			zpages_store(dv, &z, &stored, i + 1);
			continue;
		}
		pthread_mutex_lock(&z.mu);
		z.drawn = i + 1;
		size_t done = z.done;
		pthread_cond_signal(&z.cv);
		pthread_mutex_unlock(&z.mu);
		zpages_store(dv, &z, &stored, done);
	}
	if (threaded) {
		pthread_mutex_lock(&z.mu);
		z.finished = 1;
		pthread_cond_signal(&z.cv);
		pthread_mutex_unlock(&z.mu);
		pthread_join(worker, NULL);
	}
	zpages_store(dv, &z, &stored, n);
	pthread_mutex_destroy(&z.mu);
	pthread_cond_destroy(&z.cv);
	free(z.c);
	free(z.out);
	free(z.ok);
}

HPDF_Outline device_outline(struct device *dv, const struct layout *L, HPDF_Outline parent,
			    const char *title, int dest, int open)
{
	char tmp[DEVICE_MAX_TEXT + 1];
	HPDF_Outline o = HPDF_CreateOutline(dv->pdf, parent, clip_text(title, tmp),
					    HPDF_GetEncoder(dv->pdf, "UTF-8"));
	if (!o)
		return NULL;
	HPDF_Outline_SetOpened(o, open ? HPDF_TRUE : HPDF_FALSE);
	HPDF_Destination d = dest_of(dv, L, dest);
	if (d)
		HPDF_Outline_SetDestination(o, d);
	return o;
}

void device_page_label(struct device *dv, size_t first_page, int roman)
{
	HPDF_AddPageLabel(dv->pdf, (HPDF_UINT)first_page,
			  roman ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN : HPDF_PAGE_NUM_STYLE_DECIMAL, 1,
			  NULL);
}

/* Page content streams are compressed here by zflate and marked as
 * Flate; libharu would compress them at zlib's default level, which took
 * more time than drawing the pages. The cost: a slightly bigger file. */
static int compressible(HPDF_Dict c)
{
	return c && c->stream && c->stream->type == HPDF_STREAM_MEMORY &&
	       c->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !c->write_fn;
}

/* Deflate the bytes of stream c into out; it only reads c, so it may run
 * on another thread while libharu works on other objects. */
static int deflate_stream(HPDF_Dict c, struct buf *out)
{
	/* libharu keeps a stream as a list of blocks: gather them first */
	struct buf raw = BUF_INIT;
	HPDF_UINT nb = HPDF_MemStream_GetBufCount(c->stream);
	for (HPDF_UINT i = 0; i < nb; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(c->stream, i, &len);
		if (p && len)
			buf_put(&raw, p, len);
	}
	int ok = zflate(raw.ptr ? raw.ptr : "", raw.len, out) == 0;
	buf_free(&raw);
	return ok;
}

/* Replace c's bytes with their deflated form and mark it as Flate. */
static void store_deflated(HPDF_Dict c, const struct buf *out)
{
	HPDF_MemStream_FreeData(c->stream);
	HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)out->ptr, (HPDF_UINT)out->len);
	c->filter = HPDF_STREAM_FILTER_NONE;
	c->write_fn = write_flate_filter;
}

static void compress_stream(HPDF_Dict c)
{
	if (!compressible(c))
		return;
	struct buf out = BUF_INIT;
	if (deflate_stream(c, &out))
		store_deflated(c, &out);
	buf_free(&out);
}

static void compress_contents(struct device *dv, HPDF_Page pg)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	compress_stream(a ? a->contents : NULL);
	(void)dv;
}

int device_save(struct device *dv, const char *path, struct diags *d)
{
	/* a page drawn by device_draw is compressed already (the check in
	 * compress_contents skips it); this catches any drawn on afterwards */
	for (size_t i = 0; i < dv->n_pages && !dv->error; i++)
		if (dv->pages[i])
			compress_contents(dv, dv->pages[i]);
	/* the font streams, filled in a fixed order whichever thread
	 * finished first */
	for (int i = 0; i < FONTSET_MAX; i++)
		if (dv->font_objs[i] && pdffont_finish(dv->font_objs[i]) && !dv->bad_font)
			dv->bad_font = i + 1;
	if (dv->bad_font) {
		diag_add(d, DIAG_FATAL, dv->fs->f[dv->bad_font - 1].path, 0, 0,
			 "cannot embed this font in the PDF (its TrueType tables are damaged)");
		return -1;
	}
	if (!dv->error)
		HPDF_SaveToFile(dv->pdf, path);
	if (dv->error) {
		diag_add(d, DIAG_FATAL, path, 0, 0, "cannot write the PDF (libharu error 0x%04lX, %lu)",
			 dv->error, dv->detail);
		return -1;
	}
	return 0;
}
