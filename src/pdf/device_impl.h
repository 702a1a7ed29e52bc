/* device_impl.h — private to the device's files in src/pdf/ (device.c,
 * device_draw.c, device_pages.c, device_mark.c, device_annot.c,
 * device_image.c, device_deflate.c, pdffont.c and tags.c): what
 * they share besides struct device itself. */
#ifndef OCTAVO_PDF_DEVICE_IMPL_H
#define OCTAVO_PDF_DEVICE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "base/buf.h"
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

/* --- device_annot.c: link annotations, written from their own text ---
 * A link annotation on page pg over rectangle r, to destination dest or
 * else to uri (none for an empty one), made and written as libharu's
 * HPDF_Page_CreateLinkAnnot / CreateURILinkAnnot with border 0 would
 * make and write it. NULL on failure (dv->error or libharu's has it). */
HPDF_Annotation device_link_annot(struct device *dv, HPDF_Page pg, HPDF_Rect r,
				  HPDF_Destination dest, const char *uri);
/* Its /Contents: text s (mark_text_string). */
void device_annot_contents(HPDF_Annotation a, const char *s);
/* Its /StructParent, written after the rest. */
void device_annot_struct_parent(HPDF_Annotation a, long key);
/* --- device.c: objects whose entries octavo writes itself ----------
 * A numbered dictionary of libharu's, of the given subclass, whose
 * entries write_fn writes from rec: a malloc'd record that starts with a
 * struct buf, both freed with the dictionary. NULL on failure (dv->error
 * or libharu's says why), rec freed too; NULL rec counts as a failure. */
HPDF_Dict device_raw_object(struct device *dv, void *rec, HPDF_UINT16 subclass,
			    HPDF_Dict_OnWriteFunc write_fn);
/* "n 0 R" for indirect object obj. */
void device_put_ref(struct buf *b, const void *obj);

/* A dictionary's write_fn for streams octavo compresses itself: libharu
 * drops a /Filter key from streams it does not compress, so the filter
 * name is written while the dictionary is. */
HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out);

/* Put the deflated bytes z into stream object c and mark it as Flate;
 * z is left empty (device_hold). */
void device_store_deflated(HPDF_Dict c, struct buf *z);
/* The bytes of stream object c are b's, taken over, not copied: libharu's
 * memory streams copy a byte at a time, in and out again, which cost a
 * big book more than its save did otherwise. b is left empty. */
void device_hold(HPDF_Dict c, struct buf *b);

/* --- device_draw.c: one page's content, on any thread ---------------
 * A page is drawn without a libharu call: its operators go into a
 * buffer, written exactly as libharu's own page calls would write them,
 * and what libharu has to be told is written down as events, in drawing
 * order: a font made on its first use in the book, a font or image named
 * in the page's resources, a marked-content sequence and a link
 * annotation for the structure tree, the text of a link. device_pages.c
 * replays them on the calling thread, page after page in drawing order,
 * so every object is made in the same order whatever -j is. */
enum draw_ev_kind { EV_FONT_MAKE, EV_FONT_NAME, EV_XOBJECT, EV_MARK, EV_LINK_TEXT, EV_LINK };

struct draw_ev {
	enum draw_ev_kind kind;
	int a;            /* FONT_*: font id; XOBJECT: image id; MARK, LINK_TEXT: tag id;
			     LINK: the marker's force */
	int b;            /* FONT_NAME, XOBJECT: the resource's number (F1, X1); MARK: MCID;
			     LINK: the marker's element, -1 none */
	int c;            /* LINK: the element is an artifact */
	int lesson;       /* LINK: lesson of the item drawn */
	size_t n;         /* LINK_TEXT: bytes */
	const void *p;    /* LINK_TEXT: the text; LINK: the op */
	double ox, oy;    /* LINK: the item's origin */
};

/* A page drawn: its content stream and its events. */
struct page_draw {
	struct buf raw;
	struct draw_ev *ev;
	size_t n_ev, cap_ev;
	unsigned long error; /* the libharu error its calls would have raised, 0 none */
};

/* What every page's drawing reads, and nothing writes meanwhile. */
struct draw_ctx {
	const struct device *dv;
	const struct layout *L;
	const uint16_t *codes[FONTSET_MAX]; /* a system font's glyph codes (pdffont_glyph_codes) */
	const unsigned char *again; /* tagged, per place: its item stood on an earlier page */
};

/* Draw layout page `page`, the key-th page drawn, into *out (zeroed). */
void draw_page(const struct draw_ctx *c, size_t page, size_t key, struct page_draw *out);
void draw_ev_add(struct page_draw *pd, const struct draw_ev *ev);

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
/* Close what is open and open `want` (mark_want's answer); a sequence
 * of an element is recorded as an EV_MARK. */
void mark_open(struct page_draw *pd, const struct layout *L, struct marker *m, int want);
/* Close what is open, at the page's end. */
void mark_close(struct page_draw *pd, struct marker *m);
/* Whether text drawn now is a Link's (its annotation's description). */
static inline int mark_is_link_text(const struct marker *m, const struct layout *L)
{
	return !m->force && m->cur >= 0 && L->tags[m->cur].type == TAG_LINK;
}
/* Text of Link element tag drawn (replayed in drawing order). */
void mark_link_text(struct device *dv, int tag, const char *s, size_t n);
/* A link annotation drawn in the element open now. */
void mark_annot(struct device *dv, const struct marker *m, const struct layout *L,
		HPDF_Annotation a, int link);
/* The PDF name of a tag type (ISO 32000-1 §14.8.4). */
const char *mark_type_name(int type);
/* The UTF-16 code units of a PDF text string, its byte order mark
 * first, for s's first DEVICE_MAX_TEXT bytes at most (cut where a
 * character starts), a character past U+FFFF as its surrogate pair;
 * returns how many. */
size_t text_utf16(const char *s, uint16_t u[DEVICE_MAX_TEXT + 1]);
/* text_utf16 of s as a PDF hex string ("<FEFF...>"), as libharu writes a
 * UTF-8 string but for characters past U+FFFF. */
void mark_text_string(struct buf *b, const char *s);

#endif
