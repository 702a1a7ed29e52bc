/* device_outline.c — the outline (the viewer's bookmarks), each item
 * written from a record of its own. libharu makes an item of half a
 * dozen objects, links it to its parent and siblings by searching their
 * dictionaries, and counts every item's descendants again for each of
 * its ancestors when the file is written; a book of 1,000 lessons has
 * 3,000 items, made and written on the one thread that makes the file.
 * Here each item is a dictionary of libharu's only for its number, made
 * when libharu would make it (so the objects are numbered as before),
 * and its entries are written as libharu writes them (hpdf_outline.c,
 * 2.3.0: /Title, /Type, /Prev, /Parent, /Dest, /First and /Last, /Next,
 * /Count, in the order its calls add them), so the file's bytes are the
 * same; but for a title with characters past U+FFFF, which libharu's
 * UTF-8 encoder writes as spaces and this writes as surrogate pairs. */
#include <stdlib.h>

#include "base/buf.h"
#include "pdf/device_impl.h"

struct ol_item {
	struct buf title;      /* a hex text string (mark_text_string); first:
				  device_raw_object */
	struct ol_item *parent, *first, *last, *prev, *next;
	int open;              /* shown open: its children count in its parent's /Count */
	int root;              /* the outline dictionary itself */
	HPDF_Destination dest; /* NULL: none */
	HPDF_Dict obj;
};

/* What libharu's CountChild counts: the children, and the children of
 * open ones, all the way down. */
static int count_open(const struct ol_item *it)
{
	int n = 0;
	for (const struct ol_item *c = it->first; c; c = c->next)
		n += 1 + (c->open ? count_open(c) : 0);
	return n;
}

static void put_key_ref(struct buf *b, const char *key, const void *obj)
{
	buf_puts(b, key);
	device_put_ref(b, obj);
	buf_putc(b, '\n');
}

static HPDF_STATUS ol_write(HPDF_Dict d, HPDF_Stream s)
{
	const struct ol_item *it = d->attr;
	struct buf b = BUF_INIT;
	if (!it->root) {
		buf_puts(&b, "/Title ");
		buf_put(&b, it->title.ptr, it->title.len);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "/Type /Outlines\n");
	if (it->prev)
		put_key_ref(&b, "/Prev ", it->prev->obj);
	if (it->parent)
		put_key_ref(&b, "/Parent ", it->parent->obj);
	if (it->dest)
		put_key_ref(&b, "/Dest ", it->dest);
	if (it->first) {
		put_key_ref(&b, "/First ", it->first->obj);
		put_key_ref(&b, "/Last ", it->last->obj);
	}
	if (it->next)
		put_key_ref(&b, "/Next ", it->next->obj);
	int count = count_open(it);
	if (count) { /* negative for a closed item, as libharu's BeforeWrite */
		buf_puts(&b, "/Count ");
		if (!it->open)
			buf_putc(&b, '-');
		buf_put_uint(&b, (unsigned)count);
		buf_putc(&b, '\n');
	}
	HPDF_STATUS ret = HPDF_Stream_Write(s, (const HPDF_BYTE *)b.ptr, (HPDF_UINT)b.len);
	buf_free(&b);
	return ret;
}

/* A new item's record and numbered dictionary; NULL on failure. */
static struct ol_item *item_new(struct device *dv)
{
	struct ol_item *it = calloc(1, sizeof *it);
	HPDF_Dict d = device_raw_object(dv, it, HPDF_OSUBCLASS_OUTLINE, ol_write);
	if (!d)
		return NULL;
	it->obj = d;
	return it;
}

HPDF_Outline device_outline(struct device *dv, const struct layout *L, HPDF_Outline parent,
			    const char *title, int dest, int open)
{
	struct ol_item *up;
	if (parent) {
		up = parent->attr;
	} else {
		if (!dv->outline_root) { /* as HPDF_CreateOutline makes it, on first use */
			struct ol_item *root = item_new(dv);
			if (!root)
				return NULL;
			root->root = 1;
			root->open = 1;
			if (HPDF_Dict_Add(dv->pdf->catalog, "Outlines", root->obj) != HPDF_OK)
				return NULL;
			dv->outline_root = root;
		}
		up = dv->outline_root;
	}
	struct ol_item *it = item_new(dv);
	if (!it)
		return NULL;
	mark_text_string(&it->title, title);
	it->open = open;
	it->parent = up;
	if (up->last) {
		up->last->next = it;
		it->prev = up->last;
	} else {
		up->first = it;
	}
	up->last = it;
	it->dest = device_dest(dv, L, dest);
	return it->obj;
}
