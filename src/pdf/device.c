/* device.c — the libharu document: open, close, document info, fonts and
 * destinations made on first use, the outline, page labels, and saving.
 * The pages are drawn by device_draw.c, images made by device_image.c.
 *
 * libharu reports errors through a callback; we record the first one and
 * check once at the end instead of after every call, because every later
 * call on a failed document fails harmlessly. Text is written as 2-byte
 * codes, the BMP code points, in Type 0 fonts built by pdffont.c: each
 * embeds a subset of its TrueType file holding the glyphs used. Nothing
 * here reads the clock: dates come from the caller, so the same book
 * gives the same bytes. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf_conf.h> /* HPDF_DEF_ITEMS_PER_BLOCK, as HPDF_Dict_New uses */

#include "base/util.h"
#include "pdf/device_impl.h"
#include "pdf/pdffont.h"
#include "pdf/tags.h"

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct device *dv = user;
	if (!dv->error) {
		dv->error = code;
		dv->detail = detail;
	}
}

int device_open(struct device *dv, struct fontset *fs, struct diags *d, const char *path)
{
	memset(dv, 0, sizeof *dv);
	dv->links_cut_lesson = -2;
	dv->link_text_tag = -1;
	dv->fs = fs;
	dv->pdf = HPDF_New(on_error, dv);
	if (!dv->pdf) {
		diag_add(d, DIAG_FATAL, path, 0, 0, "cannot start the PDF library");
		return -1;
	}
	HPDF_SetCompressionMode(dv->pdf, HPDF_COMP_ALL);
	/* The header says PDF 1.7 (ISO 32000-1), what the book is written to:
	 * libharu starts every document at 1.3 and moves it on for none of
	 * what octavo adds, so the files said 1.3 while holding soft masks
	 * (1.4), MarkInfo and XMP metadata (1.4), a page's /Tabs (1.5) and a
	 * PDF/UA-1 claim, whose base is ISO 32000-1. */
	dv->pdf->pdf_version = HPDF_VER_17;
	/* No libharu encoder: the document info, the outline and the link
	 * texts are made UTF-16 here (info_text, mark_text_string), and the
	 * page text is glyph codes (show_text). Setting up libharu's UTF-8
	 * encoder alone was 1.4 million instructions, 1.7 % of the Rust
	 * course's PDF, on the thread every stage waits for. */
	HPDF_SetPageMode(dv->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	return 0;
}

/* The structure tree's entries out of libharu's cross-reference table,
 * before it frees what the table holds: they are not its objects. */
static void drop_tree_entries(struct device *dv)
{
	HPDF_List l = dv->pdf->xref->entries;
	size_t first = dv->tree_first, n = dv->n_tree_objs;
	if (!n)
		return;
	memmove(l->obj + first, l->obj + first + n, (l->count - first - n) * sizeof *l->obj);
	l->count -= (HPDF_UINT)n;
	HPDF_FreeMem(dv->pdf->mmgr, dv->tree_root_ref);
	dv->n_tree_objs = 0;
}

void device_close(struct device *dv)
{
	tags_wait(dv);
	if (dv->pdf && free_at_exit) { /* tens of thousands of objects (util.h) */
		drop_tree_entries(dv);
		HPDF_Free(dv->pdf);
	}
	for (int i = 0; i < FONTSET_MAX; i++) {
		pdffont_free(dv->font_objs[i]);
		free(dv->shown[i]);
	}
	free(dv->images);
	free(dv->pages);
	free(dv->dests);
	free(dv->marks);
	buf_free(&dv->link_text);
	buf_free(&dv->tree_text);
	free(dv->tree_objs);
	memset(dv, 0, sizeof *dv);
}

/* The info entry `key`: text s as libharu's UTF-8 encoder wrote it, a
 * hex string of UTF-16, but with a character past U+FFFF as its
 * surrogate pair, where libharu wrote a space (text_utf16, as the outline
 * and the links). Replacing an entry keeps its place in the dictionary. */
static void info_text(struct device *dv, const char *key, const char *s)
{
	uint16_t u[DEVICE_MAX_TEXT + 1];
	unsigned char be[2 * (DEVICE_MAX_TEXT + 1)];
	size_t k = text_utf16(s, u);
	for (size_t i = 0; i < k; i++) {
		be[2 * i] = (unsigned char)(u[i] >> 8);
		be[2 * i + 1] = (unsigned char)u[i];
	}
	HPDF_Dict_Add(dv->pdf->info, key, HPDF_Binary_New(dv->pdf->mmgr, be, (HPDF_UINT)(2 * k)));
}

void device_info(struct device *dv, const char *title, const char *author,
		 const char *subject, const char *keywords, time_t when)
{
	if (!dv->pdf->info) /* HPDF_New made it, with libharu's /Producer */
		HPDF_SetInfoAttr(dv->pdf, HPDF_INFO_PRODUCER, "");
	if (!dv->pdf->info) /* out of memory: the save reports it */
		return;
	if (title)
		info_text(dv, "Title", title);
	if (author)
		info_text(dv, "Author", author);
	if (subject)
		info_text(dv, "Subject", subject);
	if (keywords)
		info_text(dv, "Keywords", keywords);
	info_text(dv, "Creator", "octavo");
	info_text(dv, "Producer", "octavo with libharu");
	if (when >= 0) {
		struct tm tm;
		gmtime_r(&when, &tm);
		HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				tm.tm_min,         tm.tm_sec,     'Z',        0,
				0};
		HPDF_SetInfoDateAttr(dv->pdf, HPDF_INFO_CREATION_DATE, dt);
		HPDF_SetInfoDateAttr(dv->pdf, HPDF_INFO_MOD_DATE, dt);
	}
}

HPDF_Font device_font(struct device *dv, int id)
{
	if (id < 0 || id >= dv->fs->n || !dv->shown_ready)
		return NULL;
	if (!dv->fonts[id] && !dv->font_objs[id] && dv->bad_font != id + 1) {
		dv->fonts[id] = pdffont_new(dv->pdf, &dv->fs->f[id], dv->shown[id], &dv->font_objs[id]);
		if (!dv->fonts[id] && !dv->bad_font)
			dv->bad_font = id + 1;
	}
	return dv->fonts[id];
}

HPDF_Destination device_dest(struct device *dv, const struct layout *L, int id)
{
	if (id < 0 || (size_t)id >= L->n_dests || L->dests[id].page < 0)
		return NULL;
	if (!dv->dests[id]) {
		HPDF_Page pg = dv->pages[L->dests[id].page];
		HPDF_Destination d = HPDF_Page_CreateDestination(pg);
		HPDF_Destination_SetFitH(d, (HPDF_REAL)(L->page_h - L->dests[id].y + 4));
		dv->dests[id] = d;
	}
	return dv->dests[id];
}

/* An empty dictionary, as HPDF_Dict_New makes it (libharu 2.3.0) but
 * cleared with memset rather than its byte loop. */
static HPDF_Dict raw_dict(HPDF_MMgr mm)
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

/* A raw object's record: its text first (device_raw_object). */
static void raw_free(HPDF_Dict d)
{
	if (d->attr) {
		buf_free(d->attr);
		free(d->attr);
	}
	d->attr = NULL;
}

HPDF_Dict device_raw_object(struct device *dv, void *rec, HPDF_UINT16 subclass,
			    HPDF_Dict_OnWriteFunc write_fn)
{
	HPDF_Dict d = rec ? raw_dict(dv->pdf->mmgr) : NULL;
	if (!d) {
		free(rec);
		if (!dv->error)
			dv->error = HPDF_FAILD_TO_ALLOC_MEM;
		return NULL;
	}
	d->header.obj_class |= subclass;
	d->attr = rec;
	d->write_fn = write_fn;
	d->free_fn = raw_free;
	if (HPDF_Xref_Add(dv->pdf->xref, d) != HPDF_OK)
		return NULL; /* libharu freed it, and rec through raw_free */
	return d;
}

void device_put_ref(struct buf *b, const void *obj)
{
	buf_put_uint(b, ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF);
	buf_puts(b, " 0 R");
}

void device_page_label(struct device *dv, size_t first_page, int roman)
{
	HPDF_AddPageLabel(dv->pdf, (HPDF_UINT)first_page,
			  roman ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN : HPDF_PAGE_NUM_STYLE_DECIMAL, 1,
			  NULL);
}

/* The file, written through a buffer of our own: libharu's file writer
 * calls fwrite for every token of every object, a few hundred thousand
 * calls in a big tagged book. A book of more than ASYNC_PAGES pages is
 * written by a thread of its own, a buffer at a time, while this one
 * fills the other: the kernel's copy of 1,000 lessons' 26 MB into the
 * page cache was 14 ms of the calling thread's 55 ms save (strace -c). */
#define SYNC_BUF (1 << 16)
#define ASYNC_BUF (1 << 20)
#define ASYNC_PAGES 64

struct writer {
	int fd;
	int err;     /* errno of the first failure, 0 none (under mu when async) */
	size_t len, cap;
	unsigned char *buf; /* being filled */
	/* async: the thread writes `out` while this one fills `buf` */
	int async;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *out, *spare; /* out: handed over, NULL none; spare: free */
	size_t out_len;
	int done;
};

static void *write_thread(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->out && !w->done)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->out)
			break;
		unsigned char *p = w->out;
		size_t n = w->out_len;
		int err = w->err;
		pthread_mutex_unlock(&w->mu);
		if (!err)
			err = fd_write_all(w->fd, p, n);
		pthread_mutex_lock(&w->mu);
		if (err && !w->err)
			w->err = err;
		w->spare = p;
		w->out = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Write what the buffer holds (async: hand it to the thread once it has
 * written the one before); -1 once a write failed. */
static int flush(struct writer *w)
{
	if (!w->async) {
		if (!w->err && w->len)
			w->err = fd_write_all(w->fd, w->buf, w->len);
		w->len = 0;
		return w->err ? -1 : 0;
	}
	pthread_mutex_lock(&w->mu);
	while (w->out)
		pthread_cond_wait(&w->cv, &w->mu);
	w->out = w->buf;
	w->out_len = w->len;
	w->buf = w->spare;
	w->spare = NULL;
	w->len = 0;
	int err = w->err;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return err ? -1 : 0;
}

/* Every run goes through the buffer, a big one (the structure tree) in
 * pieces: copying it costs less than a write of its own. */
static HPDF_STATUS write_fn(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	struct writer *w = s->attr;
	while (n) {
		if (w->len == w->cap && flush(w))
			return HPDF_FILE_IO_ERROR;
		size_t k = w->cap - w->len;
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p += k;
		n -= (HPDF_UINT)k;
	}
	return HPDF_OK;
}

/* A writer on fd, on a thread of its own if async and the thread starts. */
static struct writer *writer_open(int fd, int async)
{
	struct writer *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->cap = async ? ASYNC_BUF : SYNC_BUF;
	w->buf = xmalloc(w->cap);
	if (async) {
		w->spare = xmalloc(w->cap);
		pthread_mutex_init(&w->mu, NULL);
		pthread_cond_init(&w->cv, NULL);
		w->async = thread_start(&w->th, write_thread, w) == 0;
		if (!w->async) { /* written here, from the bigger buffer */
			pthread_mutex_destroy(&w->mu);
			pthread_cond_destroy(&w->cv);
			free(w->spare);
		}
	}
	return w;
}

/* Write what is left, close the file and free w: 0, or the errno of the
 * first failure. */
static int writer_close(struct writer *w)
{
	flush(w);
	if (w->async) {
		pthread_mutex_lock(&w->mu);
		w->done = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w->spare);
	}
	int err = w->err;
	if (close(w->fd) && !err)
		err = errno;
	free(w->buf);
	free(w);
	return err;
}

/* What libharu writes first, by PDF version (hpdf_doc.c, 2.3.0). */
static const char *const pdf_header[] = {
	"%PDF-1.2\n%\267\276\255\252\n", "%PDF-1.3\n%\267\276\255\252\n",
	"%PDF-1.4\n%\267\276\255\252\n", "%PDF-1.5\n%\267\276\255\252\n",
	"%PDF-1.6\n%\267\276\255\252\n", "%PDF-1.7\n%\267\276\255\252\n",
};

static HPDF_STATUS put(HPDF_Stream s, const void *p, size_t n)
{
	return HPDF_Stream_Write(s, p, (HPDF_UINT)n);
}

/* One line of the cross-reference table: a 10-digit offset, a 5-digit
 * generation, the entry's type, and both \r and \n (libharu writes both,
 * for Acrobat 8.15). */
static void xref_line(struct buf *b, unsigned long off, unsigned gen, char type)
{
	char *line = buf_space(b, 20);
	for (int i = 9; i >= 0; i--, off /= 10)
		line[i] = (char)('0' + off % 10);
	memcpy(line + 10, " 00000 n\r\n", 10);
	for (int i = 15; gen; i--, gen /= 10)
		line[i] = (char)('0' + gen % 10);
	line[17] = type;
	buf_commit(b, 20);
}

/* The structure tree's objects (tags.c): their text, made in their
 * numbers' order, written at once; tree_at gets each one's offset. */
static HPDF_STATUS write_tree(struct device *dv, HPDF_Stream s, unsigned long *tree_at)
{
	tags_wait(dv); /* the text is written on a thread */
	for (size_t k = 0; k < dv->n_tree_objs; k++)
		tree_at[k] = s->size + dv->tree_objs[k].off;
	return put(s, dv->tree_text.ptr, dv->tree_text.len);
}

/* The file as HPDF_SaveToStream writes it (libharu 2.3.0: header, every
 * object in the cross-reference table's order, the table, the trailer),
 * but for the structure tree's objects (tags.c), which are not libharu's
 * and are written from their text as they come in the table. octavo
 * never encrypts and makes one table, as HPDF_New does. */
static HPDF_STATUS write_doc(struct device *dv, HPDF_Stream s)
{
	HPDF_Doc pdf = dv->pdf;
	HPDF_Xref x = pdf->xref;
	HPDF_List l = x->entries;
	if (pdf->encrypt_on || x->prev || x->start_offset || (unsigned)pdf->pdf_version > 5)
		return HPDF_INVALID_DOCUMENT;
	HPDF_STATUS ret = HPDF_Stream_WriteStr(s, pdf_header[pdf->pdf_version]);
	if (!ret)
		ret = HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog);
	if (!ret)
		ret = HPDF_Dict_Add(pdf->trailer, "Info", pdf->info);
	size_t first = dv->tree_first, n_tree = dv->n_tree_objs;
	unsigned long *tree_at = n_tree ? xmalloc(n_tree * sizeof *tree_at) : NULL;
	char head[32];
	for (size_t i = 1; i < l->count && !ret; i++) {
		if (n_tree && i == first) {
			ret = write_tree(dv, s, tree_at);
			i += n_tree - 1;
			continue;
		}
		HPDF_XrefEntry e = l->obj[i];
		e->byte_offset = s->size;
		char *h = fmt_uint(head, i);
		*h++ = ' ';
		h = fmt_uint(h, e->gen_no);
		memcpy(h, " obj\n", 5);
		ret = put(s, head, (size_t)(h + 5 - head));
		if (!ret)
			ret = HPDF_Obj_WriteValue(e->obj, s, NULL);
		if (!ret)
			ret = HPDF_Stream_WriteStr(s, "\nendobj\n");
	}
	if (!ret) {
		struct buf b = BUF_INIT;
		x->addr = s->size;
		buf_puts(&b, "xref\n0 ");
		buf_put_uint(&b, l->count);
		buf_putc(&b, '\n');
		for (size_t i = 0; i < l->count; i++) {
			const HPDF_XrefEntry_Rec *e = l->obj[i];
			if (n_tree && i >= first && i < first + n_tree)
				xref_line(&b, tree_at[i - first], 0, HPDF_IN_USE_ENTRY);
			else
				xref_line(&b, e->byte_offset, e->gen_no, e->entry_typ);
		}
		ret = put(s, b.ptr, b.len);
		buf_free(&b);
	}
	free(tree_at);
	if (!ret)
		ret = HPDF_Dict_AddNumber(x->trailer, "Size", (HPDF_INT32)l->count);
	if (!ret)
		ret = HPDF_Stream_WriteStr(s, "trailer\n");
	if (!ret)
		ret = HPDF_Dict_Write(x->trailer, s, NULL);
	if (!ret) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "\nstartxref\n");
		buf_put_uint(&b, x->addr);
		buf_puts(&b, "\n%%EOF\n");
		ret = put(s, b.ptr, b.len);
		buf_free(&b);
	}
	return ret;
}

/* Save to path; a failure is left in dv->error, with errno as detail. */
static void save(struct device *dv, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		dv->error = HPDF_FILE_OPEN_ERROR;
		dv->detail = (unsigned long)errno;
		return;
	}
	struct writer *w = writer_open(fd, dv->n_pages > ASYNC_PAGES);
	HPDF_Stream s = HPDF_CallbackWriter_New(dv->pdf->mmgr, write_fn, w);
	if (s) {
		HPDF_STATUS ret = write_doc(dv, s);
		if (ret && !dv->error)
			dv->error = ret;
		HPDF_Stream_Free(s);
	}
	int err = writer_close(w);
	if (err && (!dv->error || dv->error == HPDF_FILE_IO_ERROR)) {
		dv->error = HPDF_FILE_IO_ERROR;
		dv->detail = (unsigned long)err;
	}
}

int device_save(struct device *dv, const char *path, struct diags *d)
{
	/* the font streams, filled in a fixed order whichever thread
	 * finished first */
	for (int i = 0; i < FONTSET_MAX; i++) {
		if (!dv->font_objs[i])
			continue;
		if (pdffont_finish(dv->font_objs[i]) && !dv->bad_font)
			dv->bad_font = i + 1;
		dv->n_fonts++;
		dv->fonts_cached += pdffont_was_cached(dv->font_objs[i]);
	}
	if (dv->bad_font) {
		diag_add(d, DIAG_FATAL, dv->fs->f[dv->bad_font - 1].path, 0, 0,
			 "cannot embed this font in the PDF (its TrueType tables are damaged)");
		return -1;
	}
	if (!dv->error)
		save(dv, path);
	tags_wait(dv);
	/* the system's reason (a full or read-only disk) is what the user
	 * needs: save() keeps errno as the detail */
	if (dv->error == HPDF_FILE_OPEN_ERROR || dv->error == HPDF_FILE_IO_ERROR) {
		int e = (int)dv->detail;
		diag_add(d, DIAG_FATAL, path, 0, 0, "cannot write: %s",
			 e ? strerror(e) : "the system refused to write the file");
		return -1;
	}
	if (dv->error) {
		diag_add(d, DIAG_FATAL, path, 0, 0, "cannot write the PDF (libharu error 0x%04lX, %lu)",
			 dv->error, dv->detail);
		return -1;
	}
	return 0;
}
