/* loadlimits.h — every size and depth limit the loader enforces, in one place.
 * (Named loadlimits.h, not limits.h: with -Isrc a src/limits.h would
 * shadow the C library header.)
 *
 * octavo reads files anyone can send in a pull request, so each input
 * dimension that could make it crash (deep recursion in a back end), hang
 * (quadratic work) or exhaust memory has a ceiling here, and passing it
 * gives one clear diagnostic instead. The values are far above anything a
 * real course needs: a 10 MB lesson, a 50,000-line code block, thousands
 * of identical headings and 5,000 lessons all load. The README's "Limits"
 * table lists each one with the error it gives. */
#ifndef OCTAVO_LOADLIMITS_H
#define OCTAVO_LOADLIMITS_H

#include "image/image.h"

/* bytes of one lesson file */
#define LIMIT_LESSON_BYTES (16u * 1024 * 1024)
/* bytes of course.yml or _config.yml */
#define LIMIT_CONFIG_BYTES (1u * 1024 * 1024)
/* bytes of front matter (the YAML between the --- lines) */
#define LIMIT_FRONT_MATTER_BYTES (1u * 1024 * 1024)
/* nesting of YAML collections (maps inside lists inside maps …) */
#define LIMIT_YAML_DEPTH 64
/* lesson files in one course folder */
#define LIMIT_LESSONS 10000
/* nesting of container blocks (block quotes, lists, list items) after
 * parsing; back ends recurse over the tree */
#define LIMIT_BLOCK_DEPTH 64
/* nesting of any node (blocks plus inlines such as emphasis in links) */
#define LIMIT_NODE_DEPTH 256
/* headings in one lesson */
#define LIMIT_HEADINGS 10000
/* footnote definitions in one lesson: each costs the PDF a few kilobytes
 * (its lines, its links both ways), a hundred times its source */
#define LIMIT_FOOTNOTES 10000
/* kramdown attribute lists ({:.class}) in one lesson */
#define LIMIT_IALS 50000
/* bytes of one image file */
#define LIMIT_ASSET_BYTES (64u * 1024 * 1024)
/* pixels (width × height) an image may claim (image/image.h) */
#define LIMIT_IMAGE_PIXELS IMAGE_MAX_PIXELS
/* nesting of {% include %} inside included files; the text all includes
 * of one lesson add is held to LIMIT_LESSON_BYTES */
#define LIMIT_INCLUDE_DEPTH 16
/* {% include %} tags one lesson expands, nested ones counted: each reads
 * a file, so a few small files including each other many times must not
 * turn into millions of reads */
#define LIMIT_INCLUDES 10000

#endif
