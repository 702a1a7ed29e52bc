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

#include <hpdf_conf.h>  /* HPDF_DEF_ITEMS_PER_BLOCK, as HPDF_Dict_New uses */
#include <hpdf_utils.h> /* HPDF_FToA, HPDF_NEEDS_ESCAPE */

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"

struct annot {
	struct buf text; /* its entries, /Rect to /Border, and /Contents */
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

static void annot_free(HPDF_Dict d)
{
	struct annot *a = d->attr;
	if (a) {
		buf_free(&a->text);
		free(a);
	}
	d->attr = NULL;
}

HPDF_Dict device_raw_dict(HPDF_MMgr mm)
{
	HPDF_Dict d = HPDF_GetMem(mm, sizeof *d);
	if (!d)
		return NULL;
	memset(d, 0, sizeof *d);
	d->header.obj_class = HPDF_OCLASS_DICT;
	d->mmgr = mm;
	d->error = mm->error;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->list = HPDF_List_New(mm, HPDF_DEF_ITEMS_PER_BLOCK);
	if (!d->list) {
		HPDF_FreeMem(mm, d);
		return NULL;
	}
	return d;
}

static void put_real(struct buf *b, HPDF_REAL v)
{
	char t[HPDF_REAL_LEN + 1];
	char *e = HPDF_FToA(t, v, t + HPDF_REAL_LEN);
	buf_put(b, t, (size_t)(e - t));
}

void device_put_ref(struct buf *b, const void *obj)
{
	buf_put_uint(b, ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF);
	buf_puts(b, " 0 R");
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
	HPDF_MMgr mm = dv->pdf->mmgr;
	if (!dest && (!uri || !*uri))
		return NULL;
	struct annot *a = malloc(sizeof *a);
	HPDF_Dict d = a ? device_raw_dict(mm) : NULL;
	if (!d) {
		free(a);
		if (!dv->error)
			dv->error = HPDF_FAILD_TO_ALLOC_MEM;
		return NULL;
	}
	buf_init(&a->text);
	a->struct_parent = -1;
	d->header.obj_class |= HPDF_OSUBCLASS_ANNOTATION;
	d->attr = a;
	d->write_fn = annot_write;
	d->free_fn = annot_free;
	if (HPDF_Xref_Add(dv->pdf->xref, d) != HPDF_OK)
		return NULL; /* libharu freed it (and a, through free_fn) */
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
		annots = HPDF_Array_New(mm);
		if (!annots || HPDF_Dict_Add(pg, "Annots", annots) != HPDF_OK)
			return NULL;
	}
	if (HPDF_Array_Add(annots, d) != HPDF_OK)
		return NULL;
	return d;
}

void device_annot_contents(HPDF_Annotation d, const struct buf *utf16)
{
	static const char hex[] = "0123456789ABCDEF";
	struct annot *a = d->attr;
	struct buf *b = &a->text;
	char *p = buf_space(b, 2 * utf16->len + 16), *p0 = p;
	memcpy(p, "/Contents <", 11);
	p += 11;
	for (size_t i = 0; i < utf16->len; i++) {
		unsigned char c = (unsigned char)utf16->ptr[i];
		*p++ = hex[c >> 4];
		*p++ = hex[c & 15];
	}
	*p++ = '>';
	*p++ = '\n';
	buf_commit(b, (size_t)(p - p0));
}

void device_annot_struct_parent(HPDF_Annotation d, long key)
{
	((struct annot *)d->attr)->struct_parent = key;
}
