/* epub_zip.c — the package's entries zipped with libzip, in the order they
 * were added, with fixed timestamps and file attributes, so the same book
 * gives the same bytes on every run. mimetype goes first and stored, as
 * the EPUB container format demands. Every other file is deflated ahead,
 * on -j threads, by libdeflate (zflate_raw), and handed to libzip as
 * deflated data, which it copies as it is: libzip's own deflating (zlib,
 * one file after another) was three quarters of the time of writing an
 * EPUB. Also the dates a zip can hold: 1980 to 2107, two-second steps. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "epub/epub.h"
#include "base/util.h"
#include "base/zflate.h"

/* libzip is opened with dlopen when the first EPUB is zipped, not linked:
 * it brings OpenSSL's libcrypto, bzip2 and xz, whose loading and
 * relocation took 1.3 ms of every run's start, a tenth of a small
 * course's PDF, which never zips anything. Its header still types every
 * call through the table (__typeof__). libzip's stable ABI name: */
#define ZIP_SONAME "libzip.so.4"

#define ZIP_FUNCS(X) \
	X(zip_close)                               \
	X(zip_discard)                             \
	X(zip_error_fini)                          \
	X(zip_error_code_zip)                      \
	X(zip_error_init)                          \
	X(zip_error_set)                           \
	X(zip_error_to_data)                       \
	X(zip_error_strerror)                      \
	X(zip_file_add)                            \
	X(zip_file_set_dostime)                    \
	X(zip_file_set_external_attributes)        \
	X(zip_get_error)                           \
	X(zip_open_from_source)                    \
	X(zip_set_file_compression)                \
	X(zip_source_buffer)                       \
	X(zip_source_buffer_create)                \
	X(zip_source_close)                        \
	X(zip_source_error)                        \
	X(zip_source_free)                         \
	X(zip_source_function)                     \
	X(zip_source_keep)                         \
	X(zip_source_make_command_bitmap)          \
	X(zip_source_open)                         \
	X(zip_source_read)                         \
	X(zip_source_stat)                         \
	X(zip_stat_init)                           \
	X(zip_strerror)

static struct {
#define ZIP_FIELD(f) __typeof__(f) *f;
	ZIP_FUNCS(ZIP_FIELD)
#undef ZIP_FIELD
	int ok;
	char why[200]; /* the loader's reason, when not ok */
} zl;
static pthread_once_t zl_once = PTHREAD_ONCE_INIT;

/* RTLD_DEEPBIND: libzip and what it brings look their symbols up among
 * themselves first. OpenSSL's libcrypto is linked to bind all of its
 * 4,000 references at load, and each lookup went through octavo's
 * thirteen libraries before reaching libcrypto's own definitions:
 * 2.5M instructions, and 0.3 ms of the EPUB's thread on the Rust
 * course. octavo and libzip share no symbol either would want the other
 * to provide, and no memory allocated by one is freed by the other.
 * The sanitizers' runtimes refuse RTLD_DEEPBIND (they must see every
 * malloc), so their builds open it as before. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ZIP_DEEPBIND 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ZIP_DEEPBIND 0
#endif
#endif
#ifndef ZIP_DEEPBIND
#define ZIP_DEEPBIND RTLD_DEEPBIND
#endif

/* The handle stays open for the process, like a linked library's. */
static void zl_open(void)
{
	void *lib = dlopen(ZIP_SONAME, RTLD_NOW | RTLD_LOCAL | ZIP_DEEPBIND);
	if (!lib) {
		const char *why = dlerror();
		snprintf(zl.why, sizeof zl.why, "%s", why ? why : "");
		return;
	}
#define ZIP_SYM(f)                                                             \
	if (!(zl.f = (__typeof__(f) *)dlsym(lib, #f))) {                       \
		snprintf(zl.why, sizeof zl.why, "%s has no %s", ZIP_SONAME, #f); \
		return;                                                        \
	}
	ZIP_FUNCS(ZIP_SYM)
#undef ZIP_SYM
	zl.ok = 1;
}

/* Why libzip could not be opened, for the user: not installed; or out of
 * memory (the loader could not map it or a library it needs: a `ulimit
 * -v`, or a machine with no memory left), which installing would not
 * fix; or damaged. */
static void zl_failed(struct epub *e, const char *out_path)
{
	if (strstr(zl.why, "No such file"))
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0,
			 "cannot write the EPUB: %s (libzip) is missing; install it (make deps)",
			 ZIP_SONAME);
	else if (strstr(zl.why, "failed to map") || strstr(zl.why, "Cannot allocate memory"))
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0,
			 "cannot write the EPUB: out of memory loading %s (%s)", ZIP_SONAME,
			 zl.why);
	else
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0,
			 "cannot write the EPUB: cannot load %s (%s); reinstall libzip (make deps)",
			 ZIP_SONAME, zl.why);
}

void epub_preload(void)
{
	pthread_once(&zl_once, zl_open);
}

time_t epub_zip_date(const struct book *b)
{
	time_t t = book_time(b, -1);
	return t >= DOS_EPOCH && t < DOS_END ? t : (time_t)-1;
}

static void dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm tm;
	if (t < DOS_EPOCH)
		t = DOS_EPOCH;
	gmtime_r(&t, &tm);
	if (tm.tm_year + 1900 > 2107) {
		tm.tm_year = 2107 - 1900;
		tm.tm_mon = 11;
		tm.tm_mday = 31;
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 58;
	}
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* libdeflate's level for every file but mimetype: its fastest, which
 * still beats zlib's level 3 (what libzip was asked for before) in size
 * as well as time: 1,000 lessons 2.88 MB -> 2.84 MB, the EPUB of 100
 * lessons 214M -> 177M instructions. */
#define EPUB_DEFLATE_LEVEL 1

/* A file deflated ahead, as libzip reads it: a zip source of deflated
 * data with its size and CRC, which libzip copies without inflating. */
struct packed {
	const struct entry *en;
	struct buf z;
	uint32_t crc;
	int ok;
	size_t pos;
	zip_error_t err;
};

/* An entry's bytes: its own, or an image's owned elsewhere. */
static const void *entry_bytes(const struct entry *en, size_t *len)
{
	*len = en->ext ? en->ext_len : en->data.len;
	return en->ext ? (const void *)en->ext : (const void *)buf_cstr(&en->data);
}

static void pack(void *ctx, size_t i)
{
	struct packed *p = (struct packed *)ctx + i;
	if (p->en->store)
		return;
	size_t len;
	const void *data = entry_bytes(p->en, &len);
	p->ok = zflate_raw(data, len, EPUB_DEFLATE_LEVEL, &p->z, &p->crc) == 0;
}

static zip_int64_t packed_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct packed *p = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t k = p->z.len - p->pos;
		if (k > len)
			k = (size_t)len;
		memcpy(data, p->z.ptr + p->pos, k);
		p->pos += k;
		return (zip_int64_t)k;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE: /* the buffers are epub_write_zip's */
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zl.zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
			    ZIP_STAT_ENCRYPTION_METHOD;
		size_t size;
		entry_bytes(p->en, &size);
		st->size = size;
		st->comp_size = p->z.len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = p->crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zl.zip_error_to_data(&p->err, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zl.zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
							 ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
							 ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zl.zip_error_set(&p->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* libzip's reason, as the user can act on it: its "Malloc failure" is
 * out of memory (a `ulimit -v` build), like octavo's own; and a call
 * that failed without a reason ("No error"), which happens here only
 * when memory runs out, says so. */
static int zip_fail(struct epub *e, const char *out_path, zip_t *za, const char *what)
{
	int code = za ? zl.zip_error_code_zip(zl.zip_get_error(za)) : ZIP_ER_MEMORY;
	if (code == ZIP_ER_MEMORY)
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot write the EPUB: out of memory");
	else if (code == ZIP_ER_OK)
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0,
			 "cannot write the EPUB (%s): libzip gave no reason; most likely out of memory",
			 what);
	else
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot write the EPUB (%s): %s", what,
			 zl.zip_strerror(za));
	return -1;
}

/* The archive as libzip wrote it into mem, to out_path. */
static int save_zip(struct epub *e, const char *out_path, zip_source_t *mem)
{
	zip_stat_t st;
	zl.zip_stat_init(&st);
	if (zl.zip_source_stat(mem, &st) || !(st.valid & ZIP_STAT_SIZE) || zl.zip_source_open(mem)) {
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot write the EPUB: %s",
			 zl.zip_error_strerror(zl.zip_source_error(mem)));
		return -1;
	}
	unsigned char *bytes = xmalloc(st.size ? (size_t)st.size : 1);
	zip_int64_t got = zl.zip_source_read(mem, bytes, st.size);
	zl.zip_source_close(mem);
	int rc = -1;
	FILE *f = got == (zip_int64_t)st.size ? fopen(out_path, "wb") : NULL;
	if (f && fwrite(bytes, 1, (size_t)st.size, f) == (size_t)st.size && fflush(f) == 0)
		rc = 0;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc)
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot create the EPUB: %s",
			 got == (zip_int64_t)st.size ? strerror(errno) : "short read");
	free(bytes);
	return rc;
}

/* The archive is built in memory and written out in one go: the caller
 * writes to a temporary name and renames it already, and libzip's own
 * temporary file cost more than the rest of the zipping (its name comes
 * from OpenSSL's random generator, whose first use is slow). */
int epub_write_zip(struct epub *e, const char *out_path)
{
	epub_preload();
	if (!zl.ok) {
		zl_failed(e, out_path);
		return -1;
	}
	zip_error_t ze;
	zl.zip_error_init(&ze);
	zip_source_t *mem = zl.zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = NULL;
	if (mem) {
		zl.zip_source_keep(mem); /* still needed after zip_close */
		za = zl.zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	}
	if (!za) {
		diag_add(e->d, DIAG_FATAL, out_path, 0, 0, "cannot create the EPUB: %s",
			 zl.zip_error_strerror(&ze));
		zl.zip_error_fini(&ze);
		if (mem)
			zl.zip_source_free(mem);
		return -1;
	}
	zl.zip_error_fini(&ze);
	int rc = -1;
	zip_uint16_t dtime, ddate;
	dos_time(e->modified, &dtime, &ddate);
	struct packed *pk = xcalloc(e->n_entries + 1, sizeof *pk);
	for (size_t i = 0; i < e->n_entries; i++) {
		pk[i].en = &e->entries[i];
		zl.zip_error_init(&pk[i].err);
	}
	run_parallel(e->opt->jobs, e->n_entries, pack, pk);
	for (size_t i = 0; i < e->n_entries; i++) {
		struct entry *en = &e->entries[i];
		zip_source_t *src;
		if (en->store || !pk[i].ok) { /* libzip stores it, or deflates it itself */
			size_t len;
			const void *data = entry_bytes(en, &len);
			src = zl.zip_source_buffer(za, data, len, 0);
		} else {
			src = zl.zip_source_function(za, packed_source, &pk[i]);
		}
		if (!src)
			goto fail;
		zip_int64_t idx = zl.zip_file_add(za, en->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zl.zip_source_free(src);
			goto fail;
		}
		/* fixed time and attributes: the bytes depend on the book only */
		if ((en->store && zl.zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0)) ||
		    zl.zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) ||
		    zl.zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						     (zip_uint32_t)0100644 << 16))
			goto fail;
	}
	if (zl.zip_close(za) != 0) {
		zip_fail(e, out_path, za, "close");
		zl.zip_discard(za);
		goto done;
	}
	rc = save_zip(e, out_path, mem);
	goto done;
fail:
	zip_fail(e, out_path, za, "add");
	zl.zip_discard(za);
done:
	zl.zip_source_free(mem);
	for (size_t i = 0; i < e->n_entries; i++) {
		buf_free(&pk[i].z);
		zl.zip_error_fini(&pk[i].err);
	}
	free(pk);
	return rc;
}
