/* device_deflate.c — the pages' content streams, compressed by zflate and
 * marked as Flate: libharu would compress them at zlib's default level,
 * which took more time than drawing the pages (the cost: a slightly bigger
 * file). They are compressed while the book is drawn rather than at save,
 * on a second thread: holding every page's uncompressed stream until the
 * end was a tenth of the peak memory of a 1,000-lesson book. */
#include <pthread.h>
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
	c->write_fn = device_flate_filter;
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

void device_compress_contents(HPDF_Page pg)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	compress_stream(a ? a->contents : NULL);
}

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
	/* the calling thread's own */
	pthread_t worker;
	int threaded;     /* the worker runs; else each page is deflated as it comes */
	size_t added;     /* pages handed over */
	size_t stored;    /* pages [0, stored) are back in their page */
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

struct zpages *zpages_start(size_t n)
{
	struct zpages *z = xcalloc(1, sizeof *z);
	z->c = xcalloc(n ? n : 1, sizeof *z->c);
	z->out = xcalloc(n ? n : 1, sizeof *z->out);
	z->ok = xcalloc(n ? n : 1, sizeof *z->ok);
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	z->threaded = pthread_create(&z->worker, NULL, zpages_run, z) == 0;
	return z;
}

void zpages_add(struct device *dv, struct zpages *z, HPDF_Page pg)
{
	size_t i = z->added++;
	HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;
	z->c[i] = pa && compressible(pa->contents) ? pa->contents : NULL;
	if (!z->threaded) {
		if (z->c[i])
			z->ok[i] = deflate_stream(z->c[i], &z->out[i]);
		zpages_store(dv, z, &z->stored, i + 1);
		return;
	}
	pthread_mutex_lock(&z->mu);
	z->drawn = i + 1;
	size_t done = z->done;
	pthread_cond_signal(&z->cv);
	pthread_mutex_unlock(&z->mu);
	zpages_store(dv, z, &z->stored, done);
}

void zpages_finish(struct device *dv, struct zpages *z)
{
	if (z->threaded) {
		pthread_mutex_lock(&z->mu);
		z->finished = 1;
		pthread_cond_signal(&z->cv);
		pthread_mutex_unlock(&z->mu);
		pthread_join(z->worker, NULL);
	}
	zpages_store(dv, z, &z->stored, z->added);
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->cv);
	free(z->c);
	free(z->out);
	free(z->ok);
	free(z);
}
