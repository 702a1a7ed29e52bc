/* svgdec.c — SVG to RGB and alpha planes through librsvg and a cairo
 * image surface (see svgdec.h for why raster and what is never read).
 *
 * librsvg is opened with dlopen the first time an SVG is decoded, not
 * linked: it pulls in about 40 libraries (glib, cairo, pango, harfbuzz,
 * fontconfig…) whose loading and relocation alone took longer than laying
 * out the sample course's text, and most books have no SVG. Its headers
 * still give every function its exact type (__typeof__), so a call
 * through the table is checked like a direct one. */
#include "base/xmllib.h"
#include "image/svgdec.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <librsvg/rsvg.h>

#include "base/util.h"
#include "image/image.h"

/* librsvg's stable ABI name (the -dev package's .so is only a link) */
#define RSVG_SONAME "librsvg-2.so.2"

#define RS_FUNCS(X)                                                            \
	X(rsvg_handle_new_from_data)                                           \
	X(rsvg_handle_set_dpi)                                                 \
	X(rsvg_handle_get_intrinsic_size_in_pixels)                            \
	X(rsvg_handle_get_intrinsic_dimensions)                                \
	X(rsvg_handle_get_geometry_for_element)                                \
	X(rsvg_handle_render_document)                                         \
	X(g_object_unref)                                                      \
	X(g_error_free)                                                        \
	X(cairo_image_surface_create)                                          \
	X(cairo_image_surface_get_data)                                        \
	X(cairo_image_surface_get_stride)                                      \
	X(cairo_surface_status)                                                \
	X(cairo_surface_flush)                                                 \
	X(cairo_surface_destroy)                                               \
	X(cairo_create)                                                        \
	X(cairo_scale)                                                         \
	X(cairo_status)                                                        \
	X(cairo_destroy)                                                        \
	X(FcConfigCreate)                                                      \
	X(FcConfigAppFontAddFile)                                              \
	X(FcConfigSetCurrent)                                                  \
	X(FcConfigDestroy)

static struct {
#define RS_FIELD(f) __typeof__(f) *f;
	RS_FUNCS(RS_FIELD)
#undef RS_FIELD
	int ok;
} rs;
static pthread_once_t rs_once = PTHREAD_ONCE_INIT;

/* Open librsvg and find every function (glib's, cairo's and
 * fontconfig's through it: dlsym searches a library's dependencies). The handle stays open for
 * the process; librsvg cannot be unloaded safely. */
static void rs_open(void)
{
	/* libxml2's global set-up must not race (pictures_ok, librsvg) */
	if (!xmllib_open())
		return;
	void *lib = dlopen(RSVG_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return;
#define RS_SYM(f)                                                              \
	if (!(rs.f = (__typeof__(f) *)dlsym(lib, #f)))                         \
		return;
	RS_FUNCS(RS_SYM)
#undef RS_SYM
	rs.ok = 1;
}

int svgdec_available(void)
{
	pthread_once(&rs_once, rs_open);
	return rs.ok;
}

int svgdec_libraries(const char *paths[2])
{
	if (!svgdec_available())
		return 0;
	/* a function's address to the object it is in (POSIX lets a
	 * function pointer pass through void *) */
	const void *fns[2] = {(const void *)rs.rsvg_handle_new_from_data,
			      (const void *)rs.cairo_create};
	int n = 0;
	for (int i = 0; i < 2; i++) {
		Dl_info info;
		if (!dladdr(fns[i], &info) || !info.dli_fname || !*info.dli_fname)
			return 0;
		paths[n++] = info.dli_fname;
	}
	return n;
}

/* Text in an SVG is set by pango through fontconfig's current
 * configuration, which is the machine's: the same book would print
 * differently on two machines (and, with no fonts configured at all,
 * not even the same from run to run). Before librsvg first draws, make
 * the current configuration one that holds only the book's own fonts
 * folder, read by no configuration file, so SVG text uses the fonts the
 * rest of the book does. Octavo's own system-font lookup (font/sysfont.c)
 * keeps a configuration of its own and is not affected. */
static pthread_mutex_t fc_lock = PTHREAD_MUTEX_INITIALIZER;
static int fc_done;

void svgdec_fonts(const char *dir)
{
	if (!svgdec_available())
		return; /* no librsvg: no SVG is drawn */
	pthread_mutex_lock(&fc_lock);
	if (!fc_done) {
		fc_done = 1;
		FcConfig *c = rs.FcConfigCreate();
		/* file by file, in name order: adding the folder would make
		 * fontconfig try to write a cache for it */
		struct dirent **ents = NULL;
		int n = dir ? scandir(dir, &ents, NULL, alphasort) : -1;
		for (int i = 0; i < n; i++) {
			size_t len = strlen(ents[i]->d_name);
			if (c && len > 4 && !strcasecmp(ents[i]->d_name + len - 4, ".ttf")) {
				char *path = xmalloc(strlen(dir) + len + 2);
				sprintf(path, "%s/%s", dir, ents[i]->d_name);
				rs.FcConfigAppFontAddFile(c, (const FcChar8 *)path);
				free(path);
			}
			free(ents[i]);
		}
		free(ents);
		if (c)
			rs.FcConfigSetCurrent(c); /* takes its own reference */
		if (c)
			rs.FcConfigDestroy(c);
	}
	pthread_mutex_unlock(&fc_lock);
}

/* cairo refuses image surfaces with a side over this */
#define CAIRO_MAX_SIDE 32767.0

/* The SVG's own size in CSS px: width/height, else the viewBox, else the
 * extent of what it draws. 0 when none is positive and finite. */
static int natural_size(RsvgHandle *h, double *w, double *ht)
{
	gboolean has_w, has_h, has_vb;
	RsvgLength lw, lh;
	RsvgRectangle vb;
	if (rs.rsvg_handle_get_intrinsic_size_in_pixels(h, w, ht))
		goto check;
	rs.rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh,
	                                        &has_vb, &vb);
	if (has_vb) {
		*w = vb.width;
		*ht = vb.height;
	} else {
		RsvgRectangle ink, logical;
		if (!rs.rsvg_handle_get_geometry_for_element(h, NULL, &ink,
		                                             &logical, NULL))
			return 0;
		*w = logical.x + logical.width;
		*ht = logical.y + logical.height;
	}
check:
	return isfinite(*w) && isfinite(*ht) && *w > 0 && *ht > 0;
}

/* Clamp the natural size to max_pixels, fit it to the largest drawn size,
 * and choose the raster's pixel size for that at o->dpi (lowered when the
 * raster would be too big). -1 when a size overflows (a width of 1e308
 * with no largest size to fit it to). */
static int plan(const struct svgdec_options *o, struct svgdec_image *img,
                int *pw, int *ph)
{
	double w = img->w, h = img->h, max = (double)o->max_pixels;
	if (w * h > max) {
		double s = sqrt(max / (w * h));
		w *= s;
		h *= s;
		img->notes |= SVGDEC_SIZE_CLAMPED;
	}
	img->w = w;
	img->h = h;
	double fit = 1;
	if (o->max_w > 0 && w * fit > o->max_w)
		fit = o->max_w / w;
	if (o->max_h > 0 && h * fit > o->max_h)
		fit = o->max_h / h;
	double rw = w * fit * o->dpi / SVGDEC_PX_PER_IN,
	       rh = h * fit * o->dpi / SVGDEC_PX_PER_IN;
	if (!isfinite(rw) || !isfinite(rh) || !isfinite(rw * rh))
		return -1;
	double down = 1;
	if (rw * rh > max)
		down = sqrt(max / (rw * rh));
	if (rw * down > CAIRO_MAX_SIDE)
		down = CAIRO_MAX_SIDE / rw;
	if (rh * down > CAIRO_MAX_SIDE)
		down = CAIRO_MAX_SIDE / rh;
	if (down < 1)
		img->notes |= SVGDEC_DPI_LOWERED;
	rw = ceil(rw * down - 1e-6);
	rh = ceil(rh * down - 1e-6);
	*pw = rw < 1 ? 1 : (int)rw;
	*ph = rh < 1 ? 1 : (int)rh;
	return 0;
}

/* cairo's premultiplied native-endian ARGB words to straight RGB plus
 * alpha; a fully transparent pixel is white, so a viewer that ignores
 * the soft mask shows paper. alpha is freed and NULL when all opaque. */
static void unpremultiply(cairo_surface_t *s, struct pngdec_image *img)
{
	const unsigned char *data = rs.cairo_image_surface_get_data(s);
	int stride = rs.cairo_image_surface_get_stride(s);
	unsigned char *rgb = img->rgb, *al = img->alpha;
	int opaque = 1;
	for (unsigned long y = 0; y < img->h; y++) {
		const uint32_t *row =
		    (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (unsigned long x = 0; x < img->w; x++) {
			uint32_t p = row[x];
			unsigned a = p >> 24, c[3] = {(p >> 16) & 255,
			                              (p >> 8) & 255, p & 255};
			for (int k = 0; k < 3; k++)
				*rgb++ =
				    (unsigned char)(a == 0 ? 255
				                    : a == 255
				                        ? c[k]
				                        : (c[k] * 255 + a / 2) /
				                              a);
			*al++ = (unsigned char)a;
			opaque &= a == 255;
		}
	}
	if (opaque) {
		free(img->alpha);
		img->alpha = NULL;
	}
}

/* Draw the document, whose natural size is w × h CSS px, onto a pw × ph
 * surface and split it into planes. The scale, not the viewport, does the
 * resizing: an SVG without width, height or viewBox does not stretch to
 * its viewport. */
static int render(RsvgHandle *h, double w, double ht, int pw, int ph,
                  struct pngdec_image *img)
{
	cairo_surface_t *s =
	    rs.cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
	if (rs.cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rs.cairo_surface_destroy(s);
		return -1;
	}
	cairo_t *cr = rs.cairo_create(s);
	rs.cairo_scale(cr, pw / w, ph / ht);
	RsvgRectangle vp = {0, 0, w, ht};
	GError *err = NULL;
	gboolean ok = rs.rsvg_handle_render_document(h, cr, &vp, &err);
	if (err)
		rs.g_error_free(err);
	int rc = -1;
	if (ok && rs.cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
		rs.cairo_surface_flush(s);
		img->w = (unsigned long)pw;
		img->h = (unsigned long)ph;
		img->rgb = xmalloc((size_t)pw * (size_t)ph * 3);
		img->alpha = xmalloc((size_t)pw * (size_t)ph);
		unpremultiply(s, img);
		rc = 0;
	}
	rs.cairo_destroy(cr);
	rs.cairo_surface_destroy(s);
	return rc;
}

/* Decode up to cap bytes of the base64 text at s into out; returns the
 * number of bytes. Whitespace is skipped; decoding stops at anything
 * else that is not base64. */
static size_t base64_head(const char *s, unsigned char *out, size_t cap)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0;
	unsigned long acc = 0;
	int bits = 0;
	for (; *s && n < cap; s++) {
		const char *k = *s ? strchr(abc, *s) : NULL;
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
			continue;
		if (!k)
			break;
		acc = (acc << 6 | (unsigned long)(k - abc)) & 0xFFFFFF;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

/* Whether a data: URL's picture may be handed to librsvg, whose decoder
 * (gdk-pixbuf) allocates whatever size a picture claims: it must be a
 * PNG, JPEG or GIF whose header gives a size within max_pixels. */
static int data_picture_ok(const char *url, unsigned long max_pixels)
{
	const char *comma = strchr(url, ',');
	if (!comma || !strstr(url, ";base64") || strstr(url, ";base64") > comma)
		return 0;
	enum { HEAD = 256 * 1024 }; /* a JPEG's frame header may follow EXIF */
	unsigned char *head = xmalloc(HEAD);
	size_t n = base64_head(comma + 1, head, HEAD);
	int w = 0, h = 0;
	const char *mt = image_sniff(head, n, "", &w, &h);
	free(head);
	return mt && w > 0 && h > 0 &&
	       (unsigned long long)w * (unsigned long long)h <= max_pixels;
}

/* Every <image> (in any namespace prefix) whose href is a data: URL must
 * pass data_picture_ok. libxml2 reads the attribute values as librsvg
 * will, character references and internal entities expanded, so a data:
 * URL cannot hide from this check. 1 when all pass. */
static int pictures_ok(const unsigned char *d, size_t n,
                       unsigned long max_pixels)
{
	if (n > INT32_MAX || !xmllib_open())
		return 0;
	xmlDocPtr doc = xl.xmlReadMemory((const char *)d, (int)n, NULL, NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                  XML_PARSE_NOWARNING);
	if (!doc)
		return 1; /* librsvg refuses it as well */
	int ok = 1;
	xmlNodePtr root = xl.xmlDocGetRootElement(doc), node = root;
	while (node && ok) {
		if (node->type == XML_ELEMENT_NODE &&
		    !xl.xmlStrcmp(node->name, (const xmlChar *)"image")) {
			for (xmlAttrPtr a = node->properties; a && ok;
			     a = a->next) {
				if (xl.xmlStrcmp(a->name, (const xmlChar *)"href"))
					continue;
				xmlChar *v =
				    xl.xmlNodeListGetString(doc, a->children, 1);
				const char *u = (const char *)v;
				while (u && (*u == ' ' || *u == '\n' ||
				             *u == '\t' || *u == '\r'))
					u++;
				if (u && !strncasecmp(u, "data:", 5))
					ok = data_picture_ok(u, max_pixels);
				xl_free(v);
			}
		}
		/* depth-first, without recursion, through elements only: an
		 * entity reference's children are its declaration in the DTD,
		 * whose siblings lead back to the root */
		if (node->type == XML_ELEMENT_NODE && node->children) {
			node = node->children;
			continue;
		}
		while (node != root && !node->next)
			node = node->parent;
		node = node == root ? NULL : node->next;
	}
	xl.xmlFreeDoc(doc);
	return ok;
}

int svgdec_decode(const unsigned char *d, size_t n,
                  const struct svgdec_options *o, struct svgdec_image *img)
{
	memset(img, 0, sizeof *img);
	if (!svgdec_available())
		return -2;
	if (!d || !n || !o || !(o->dpi > 0) || !o->max_pixels)
		return -1;
	if (!pictures_ok(d, n, o->max_pixels))
		return -3;
	/* No base file and no RSVG_HANDLE_FLAG_UNLIMITED: librsvg then
	 * resolves no href but data: URLs, and keeps its XML limits. */
	GError *err = NULL;
	RsvgHandle *h = rs.rsvg_handle_new_from_data(d, n, &err);
	if (!h) {
		if (err)
			rs.g_error_free(err);
		return -1;
	}
	rs.rsvg_handle_set_dpi(h, SVGDEC_PX_PER_IN);
	int rc = -1;
	if (natural_size(h, &img->w, &img->h)) {
		int pw, ph;
		img->declared_w = img->w;
		img->declared_h = img->h;
		if (plan(o, img, &pw, &ph) == 0)
			rc = render(h, img->declared_w, img->declared_h, pw, ph,
			            &img->px);
	}
	rs.g_object_unref(h);
	if (rc)
		memset(img, 0, sizeof *img);
	return rc;
}
