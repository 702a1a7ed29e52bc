/* zipw.h — writes a ZIP archive (the EPUB container) in one go, in
 * memory: entries in the order given, each stored or deflated, with one
 * fixed DOS time and Unix mode 0644, no extra fields and no archive
 * comment, so the same entries give the same bytes on every run. Pure: no
 * I/O, no shared state. ZIP64 is not written: an archive that would need
 * it (4 GB, 65,535 entries) is refused. */
#ifndef OCTAVO_ZIPW_H
#define OCTAVO_ZIPW_H

#include <stddef.h>

#include "buf.h"

struct zipw_entry {
	const char *name; /* path in the archive, UTF-8, '/' separated */
	const void *data;
	size_t len;
	int store;        /* 1: kept as it is (mimetype, pictures) */
};

/* Append the archive of the n entries to out. dos_time, dos_date: the
 * MS-DOS time and date fields every entry carries. Returns 0, or -1 when
 * the archive would need ZIP64 (out is then left as it was). */
int zipw_write(const struct zipw_entry *e, size_t n, unsigned dos_time, unsigned dos_date,
	       struct buf *out);

#endif
