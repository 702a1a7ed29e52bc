/* tags.h — the tagged PDF's document-wide part (tags.c): the structure
 * tree built from the elements the walker recorded in the layout (see
 * "tags" in typeset/layout.h) and the marked content the device drew
 * (device_mark.c), plus what PDF/UA-1 asks of the catalog. */
#ifndef OCTAVO_PDF_TAGS_H
#define OCTAVO_PDF_TAGS_H

#include <time.h>

#include "pdf/device.h"
#include "typeset/layout.h"

struct tags_info {
	const char *title;     /* dc:title and the window's title; may be NULL */
	const char *author;    /* may be NULL */
	const char *language;  /* BCP 47 */
	time_t when;           /* XMP dates; < 0: none */
};

/* After device_draw: the structure tree, the ParentTree, each page's
 * StructParents and each annotation's StructParent, /MarkInfo, /Lang,
 * /ViewerPreferences and the XMP metadata. Nothing when !dv->tagged. */
void tags_finish(struct device *dv, const struct layout *L, const struct tags_info *in);
/* Wait for the tree's text, written on a thread after tags_finish (the
 * layout's tags must live until then); device_save and device_close
 * call it. Nothing when there is none. */
void tags_wait(struct device *dv);

#endif
