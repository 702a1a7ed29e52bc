/* device_annot.c — link annotations, each written from its own text.
 * libharu makes a link annotation of a dozen objects (its rectangle's
 * numbers, its border, its action, each an allocation; about 3 KB) and
 * writes it token by token: a course with thousands of links spent more
 * on them, on the one thread that makes and saves the file, than on
 * anything else there. Here the annotation is a dictionary of libharu's
 * only for its number and its place in the page's /Annots; its entries
 * are text, written as libharu would write them (hpdf_annotation.c and
 * hpdf_pages.c, 2.3.0: the same keys in the same order, numbers through
 * its own HPDF_FToA), so the file's bytes are the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_utils.h> /* HPDF_FToA, HPDF_NEEDS_ESCAPE */

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"

struct annot {
	struct buf text; /* its entries, /Rect to /Border, and /Contents
			    (first: device_raw_object) */
	long struct_parent; /* -1: none yet */
};

static HPDF_STATUS annot_write(HPDF_Dict d, HPDF_Stream s)
{
	const struct annot *a = d->attr;
	HPDF_STATUS ret = HPDF_Stream_Write(s, (const HPDF_BYTE *)a->text.ptr, (HPDF_UINT)a->text.len);
	if (!ret && a->struct_parent >= 0) {
		char line[48];
		int n = snprintf(line, sizeof line, "/StructParent %ld\n", a->struct_parent);
		ret = HPDF_Stream_Write(s, (const HPDF_BYTE *)line, (HPDF_UINT)n);
	}
	return ret;
}

static void put_real(struct buf *b, HPDF_REAL v)
{
	char t[HPDF_REAL_LEN + 1];
	char *e = HPDF_FToA(t, v, t + HPDF_REAL_LEN);
	buf_put(b, t, (size_t)(e - t));
}

/* A literal string as HPDF_Stream_WriteEscapeText writes it: every byte
 * it deems special as a backslash and three octal digits. */
static void put_literal(struct buf *b, const char *s)
{
	buf_putc(b, '(');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (HPDF_NEEDS_ESCAPE(c)) {
			char e[4] = {'\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
				     (char)('0' + (c & 7))};
			buf_put(b, e, 4);
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, ')');
}

HPDF_Annotation device_link_annot(struct device *dv, HPDF_Page pg, HPDF_Rect r,
				  HPDF_Destination dest, const char *uri)
{
	if (!dest && (!uri || !*uri))
		return NULL;
	struct annot *a = calloc(1, sizeof *a);
	if (a)
		a->struct_parent = -1;
	HPDF_Dict d = device_raw_object(dv, a, HPDF_OSUBCLASS_ANNOTATION, annot_write);
	if (!d)
		return NULL;
	if (r.top < r.bottom) { /* as HPDF_Annotation_New */
		HPDF_REAL t = r.top;
		r.top = r.bottom;
		r.bottom = t;
	}
	struct buf *b = &a->text;
	buf_puts(b, "/Rect [ ");
	put_real(b, r.left);
	buf_putc(b, ' ');
	put_real(b, r.bottom);
	buf_putc(b, ' ');
	put_real(b, r.right);
	buf_putc(b, ' ');
	put_real(b, r.top);
	buf_puts(b, " ]\n/Type /Annot\n/Subtype /Link\n");
	if (dest) {
		buf_puts(b, "/Dest ");
		device_put_ref(b, dest);
		buf_putc(b, '\n');
	} else {
		buf_puts(b, "/A <<\n/Type /Action\n/S /URI\n/URI ");
		put_literal(b, uri);
		buf_puts(b, "\n>>\n");
	}
	buf_puts(b, "/P ");
	device_put_ref(b, pg);
	/* HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0); the highlight stays
	 * libharu's default, which writes nothing */
	buf_puts(b, "\n/Border [ 0 0 0 ]\n");
	/* the page's /Annots, as AddAnnotation makes it */
	HPDF_Array annots = HPDF_Dict_GetItem(pg, "Annots", HPDF_OCLASS_ARRAY);
	if (!annots) {
		annots = HPDF_Array_New(dv->pdf->mmgr);
		if (!annots || HPDF_Dict_Add(pg, "Annots", annots) != HPDF_OK)
			return NULL;
	}
	if (HPDF_Array_Add(annots, d) != HPDF_OK)
		return NULL;
	return d;
}

void device_annot_contents(HPDF_Annotation d, const char *s)
{
	struct buf *b = &((struct annot *)d->attr)->text;
	buf_puts(b, "/Contents ");
	mark_text_string(b, s);
	buf_putc(b, '\n');
}

void device_annot_struct_parent(HPDF_Annotation d, long key)
{
	((struct annot *)d->attr)->struct_parent = key;
}
