/* device_impl.h — private to the device's files in src/pdf/ (device.c,
 * device_draw.c, device_image.c, device_deflate.c and pdffont.c): what
 * they share besides struct device itself. */
#ifndef OCTAVO_PDF_DEVICE_IMPL_H
#define OCTAVO_PDF_DEVICE_IMPL_H

#include <stddef.h>

#include <hpdf.h>

#include "pdf/device.h"
#include "typeset/layout.h"

/* libharu fails the whole document on a string over 65,535 bytes
 * (HPDF_STRING_OUT_OF_RANGE), and a lesson can hold a 200,000-character
 * heading or URL. Outline titles and info fields are clipped to this many
 * bytes (UTF-16 in the file at most doubles them); longer URIs get no link
 * annotation, their text still shows. */
#define DEVICE_MAX_TEXT 4096
#define DEVICE_MAX_URI 32768

/* The PDF destination of layout dest id, made on first use; NULL if the
 * id is out of range or its page unknown. */
HPDF_Destination device_dest(struct device *dv, const struct layout *L, int id);

/* A dictionary's write_fn for streams octavo compresses itself: libharu
 * drops a /Filter key from streams it does not compress, so the filter
 * name is written while the dictionary is. */
HPDF_STATUS device_flate_filter(HPDF_Dict dict, HPDF_Stream out);

/* Compress a page's content stream with zflate, if it is still plain. */
void device_compress_contents(HPDF_Page pg);

/* Page content streams deflated on a second thread while the next pages
 * are drawn (device_deflate.c). zpages_start makes the state for n pages,
 * zpages_add hands over each page once drawn, in drawing order, and puts
 * back into their pages the ones already deflated; zpages_finish waits
 * for the rest, puts them back and frees the state. Only the calling
 * thread touches libharu. */
struct zpages;
struct zpages *zpages_start(size_t n);
void zpages_add(struct device *dv, struct zpages *z, HPDF_Page pg);
void zpages_finish(struct device *dv, struct zpages *z);

#endif
