/* device_deflate.c — streams compressed by zflate and marked as Flate:
 * libharu would compress them at zlib's default level, which took more
 * time than drawing the pages (the cost: a slightly bigger file). Page
 * content is deflated on the thread that drew it (device_pages.c) and
 * put into its page here; fonts and images mark their streams with
 * device_flate_filter. And streams whose bytes octavo made and hands
 * over whole (device_hold). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pdf/device_impl.h"

/* The bytes of a held stream, read from the start when the file is
 * written. */
struct held {
	char *p;
	size_t len, pos;
};

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	struct held *h = s->attr;
	size_t want = *siz, n = h->len - h->pos;
	if (n > want)
		n = want;
	if (n)
		memcpy(ptr, h->p + h->pos, n);
	h->pos += n;
	*siz = (HPDF_UINT)n;
	/* as libharu's memory stream: short means the end */
	return n < want ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct held *h = s->attr;
	long base = mode == HPDF_SEEK_CUR ? (long)h->pos : mode == HPDF_SEEK_END ? (long)h->len : 0;
	if (base + pos < 0 || (size_t)(base + pos) > h->len)
		return HPDF_STREAM_EOF;
	h->pos = (size_t)(base + pos);
	return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct held *)s->attr)->pos;
}

static HPDF_UINT32 held_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct held *)s->attr)->len;
}

static void held_free(HPDF_Stream s)
{
	struct held *h = s->attr;
	free(h->p);
	free(h);
}

void device_hold(HPDF_Dict c, struct buf *b)
{
	struct held *h = malloc(sizeof *h);
	HPDF_Stream s = h ? HPDF_CallbackReader_New(c->mmgr, held_read, held_seek, held_tell,
						    held_size, h)
			  : NULL;
	if (!s) { /* copied, then */
		free(h);
		HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)b->ptr, (HPDF_UINT)b->len);
		buf_free(b);
		return;
	}
	h->len = b->len;
	h->pos = 0;
	/* a buffer grows by doubling: what it holds may be half its room,
	 * and a big book keeps thousands of them until the file is written */
	char *p = b->cap > b->len + 64 ? realloc(b->ptr, b->len + 1) : NULL;
	if (p)
		b->ptr = p;
	h->p = buf_detach(b);
	s->free_fn = held_free;
	HPDF_Stream_Free(c->stream);
	c->stream = s;
}

HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Replace c's bytes with their deflated form and mark it as Flate. */
void device_store_deflated(HPDF_Dict c, struct buf *out)
{
	device_hold(c, out);
	c->filter = HPDF_STREAM_FILTER_NONE;
	c->write_fn = device_flate_filter;
}
