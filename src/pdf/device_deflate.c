/* device_deflate.c — streams compressed by zflate and marked as Flate:
 * libharu would compress them at zlib's default level, which took more
 * time than drawing the pages (the cost: a slightly bigger file). Page
 * content is deflated on the thread that drew it (device_pages.c); this
 * is what puts the result into the page, and catches a stream left
 * plain. */
#include <stdlib.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/zflate.h"
#include "pdf/device_impl.h"

HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Whether c is a plain memory stream libharu would compress itself. */
static int compressible(HPDF_Dict c)
{
	return c && c->stream && c->stream->type == HPDF_STREAM_MEMORY &&
	       c->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !c->write_fn;
}

/* Deflate the bytes of stream c into out. */
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
void device_store_deflated(HPDF_Dict c, const struct buf *out)
{
	HPDF_MemStream_FreeData(c->stream);
	HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)out->ptr, (HPDF_UINT)out->len);
	c->filter = HPDF_STREAM_FILTER_NONE;
	c->write_fn = device_flate_filter;
}

static void compress_stream(HPDF_Dict c)
{
	if (!compressible(c))
		return;
	struct buf out = BUF_INIT;
	if (deflate_stream(c, &out))
		device_store_deflated(c, &out);
	buf_free(&out);
}

void device_compress_contents(HPDF_Page pg)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	compress_stream(a ? a->contents : NULL);
}

