/* text.h — src/text/: reading text that both halves of the pipeline meet.
 *
 * The loader and the back ends both read bits of foreign syntax inside a
 * lesson: raw HTML tags (html_clean.h makes them safe XHTML), attribute
 * lists in HTML and in kramdown's {: ...} (scanned by the helpers below),
 * source code to colour (highlight.h), and video addresses to print
 * (video.h). This folder holds those
 * scanners. It uses only src/base/ and never knows about courses, books,
 * pages or files: everything here takes bytes and returns bytes or spans,
 * so the loader (src/course/), the typesetter and both back ends can share
 * it without reaching into each other. Two private headers stay inside
 * the folder: html_policy.h (the cleaner's allow-list, shared by its block
 * and inline halves) and highlight_scan.h (what the highlighter's
 * scanners share). */
#ifndef OCTAVO_TEXT_H
#define OCTAVO_TEXT_H

#include <stddef.h>

/* The value of an attribute whose '=' has just been passed: s[*i] is the
 * first byte after the '=' (and any space the caller skips). A value in
 * double or single quotes runs to the matching quote, which is passed;
 * a bare value runs until is_end(byte) is true. Sets *vs and *ve to the
 * value's start and end (quotes excluded) and returns the index after
 * it. Never reads past n. */
size_t text_attr_value(const char *s, size_t n, size_t i, int (*is_end)(int c), size_t *vs,
		       size_t *ve);

#endif
