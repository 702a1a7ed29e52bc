/* device_deflate.c — streams compressed by zflate and marked as Flate:
 * libharu would compress them at zlib's default level, which took more
 * time than drawing the pages (the cost: a slightly bigger file). Page
 * content is deflated on the thread that drew it (device_pages.c) and
 * put into its page here; fonts and images mark their streams with
 * device_flate_filter. */

#include "base/buf.h"
#include "pdf/device_impl.h"

HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Replace c's bytes with their deflated form and mark it as Flate. */
void device_store_deflated(HPDF_Dict c, const struct buf *out)
{
	HPDF_MemStream_FreeData(c->stream);
	HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)out->ptr, (HPDF_UINT)out->len);
	c->filter = HPDF_STREAM_FILTER_NONE;
	c->write_fn = device_flate_filter;
}
