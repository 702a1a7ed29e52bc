/* device_impl.h — private to the device's files in src/pdf/ (device.c,
 * device_draw.c, device_image.c, device_deflate.c and pdffont.c): what
 * they share besides struct device itself. */
#ifndef OCTAVO_PDF_DEVICE_IMPL_H
#define OCTAVO_PDF_DEVICE_IMPL_H

#include <stddef.h>

#include <hpdf.h>

#include "pdf/device.h"
#include "typeset/layout.h"

/* libharu fails the whole document on a string over 65,535 bytes
 * (HPDF_STRING_OUT_OF_RANGE), and a lesson can hold a 200,000-character
 * heading or URL. Outline titles and info fields are clipped to this many
 * bytes (UTF-16 in the file at most doubles them); longer URIs get no link
 * annotation, their text still shows. */
#define DEVICE_MAX_TEXT 4096
#define DEVICE_MAX_URI 32768

/* The PDF destination of layout dest id, made on first use; NULL if the
 * id is out of range or its page unknown. */
HPDF_Destination device_dest(struct device *dv, const struct layout *L, int id);

/* A dictionary's write_fn for streams octavo compresses itself: libharu
 * drops a /Filter key from streams it does not compress, so the filter
 * name is written while the dictionary is. */
HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out);

/* Compress a page's content stream with zflate, if it is still plain. */
void device_compress_contents(HPDF_Page pg);

/* Page content streams deflated on a second thread while the next pages
 * are drawn (device_deflate.c). zpages_start makes the state for n pages,
 * zpages_add hands over each page once drawn, in drawing order, and puts
 * back into their pages the ones already deflated; zpages_finish waits
 * for the rest, puts them back and frees the state. Only the calling
 * thread touches libharu. */
struct zpages;
struct zpages *zpages_start(size_t n);
void zpages_add(struct device *dv, struct zpages *z, HPDF_Page pg);
void zpages_finish(struct device *dv, struct zpages *z);

/* --- device_mark.c: marked content for a tagged PDF -----------------
 * While a page is drawn, every glyph and picture goes into a marked-
 * content sequence of the element it belongs to (BDC with a fresh MCID)
 * and every rule, box and piece of furniture into an artifact, so that
 * each page's content is either in the structure tree or plainly not
 * part of the text. A sequence never spans a text object's end: the
 * caller ends the text object before mark_open. */
enum { MARK_NONE = -3, MARK_PAGINATION = -2, MARK_ARTIFACT = -1 };
#define MARK_DEPTH 16

struct marker {
	int open;      /* open now: a tag id, MARK_ARTIFACT, MARK_PAGINATION or MARK_NONE */
	int cur;       /* element the item's content belongs to now, -1 none */
	int cur_artifact; /* cur is a TAG_ARTIFACT */
	int force;     /* MARK_ARTIFACT or MARK_PAGINATION: everything is that, 0 no */
	int stack[MARK_DEPTH];
	int depth;
	int mcid;      /* next MCID on the page */
	int page;      /* layout page index */
	size_t key;    /* the page's place in drawing order */
};

void mark_page(struct marker *m, int page, size_t key);
/* The item's element, before its ops are drawn. */
void mark_item(struct marker *m, const struct layout *L, const struct item *it);
/* OP_TAG_BEGIN and OP_TAG_END. */
void mark_tag_op(struct marker *m, const struct layout *L, const struct op *o);
/* What content drawn now goes into (artifact: a rule or box). */
static inline int mark_want(const struct marker *m, int artifact)
{
	if (m->force)
		return m->force;
	return artifact || m->cur < 0 || m->cur_artifact ? MARK_ARTIFACT : m->cur;
}
/* Close what is open and open `want` (mark_want's answer). */
void mark_open(struct device *dv, HPDF_Page pg, const struct layout *L, struct marker *m,
	       int want);
/* Close what is open, at the page's end. */
void mark_close(HPDF_Page pg, struct marker *m);
/* Text drawn in the element open now (a Link's text is its annotation's
 * description). */
void mark_text(struct device *dv, const struct marker *m, const struct layout *L,
	       const char *s, size_t n);
/* A link annotation drawn in the element open now. */
void mark_annot(struct device *dv, const struct marker *m, const struct layout *L,
		HPDF_Annotation a, int link);
/* The PDF name of a tag type (ISO 32000-1 §14.8.4). */
const char *mark_type_name(int type);

#endif
