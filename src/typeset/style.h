/* style.h — a PDF theme: page geometry, fonts, sizes, colours and
 * spacing, read from a YAML file in styles/ (libyaml).
 *
 * style_defaults() fills every field, so a theme file only names what it
 * changes. Lengths are points; a theme may write "20mm" or "1in". */
#ifndef OCTAVO_STYLE_H
#define OCTAVO_STYLE_H

#include <stdint.h>
#include <string.h>

#include "base/diag.h"
#include "text/highlight.h"

struct rgb {
	double r, g, b; /* 0..1 */
};

/* Whether a and b are the same bits (as memcmp, without its call: the
 * layout and the drawing compare a colour for every word). */
_Static_assert(sizeof(struct rgb) == 3 * sizeof(uint64_t), "struct rgb is three doubles");
static inline int rgb_same(const struct rgb *a, const struct rgb *b)
{
	uint64_t x[3], y[3];
	memcpy(x, a, sizeof x);
	memcpy(y, b, sizeof y);
	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2];
}

enum callout_kind { CALL_NOTE, CALL_TIP, CALL_WARNING, CALL_QUOTE, CALL_COUNT };

struct style {
	double page_w, page_h;                 /* pt */
	double margin_top, margin_right, margin_bottom, margin_left; /* pt */
	char *font_body, *font_heading, *font_code, *font_fallback; /* file stems in fonts/ */
	double size_body, size_code, size_small, size_title; /* pt */
	double size_footnote;                  /* pt; 0: size_small + 0.5 */
	double size_h[6];                      /* pt, h1..h6 */
	double leading;                        /* line height / font size, body */
	double code_leading;                   /* the same for code */
	double space_paragraph;                /* pt between blocks */
	double space_heading;                  /* pt above a heading (h2; scaled for others) */
	double indent_list;                    /* pt per list level */
	int justify;                           /* 1 justified, 0 ragged right */
	int hyphenate;                         /* 1 hyphenate body text */
	int contents_depth;                    /* 1 lessons, 2 lessons and h2 */
	int qr_links;                          /* 1: a QR code beside each link's endnote */
	double image_dpi;                      /* pixels per inch SVGs are printed at */
	int duplex;                            /* 1: chapters open on right-hand pages,
						* margins and headers mirrored */
	int duplex_section;                    /* 1: only a section's first lesson does */
	int index;                             /* 1: an index of terms at the back */
	struct rgb c_text, c_heading, c_accent, c_link, c_muted, c_rule;
	struct rgb c_code_bg, c_code_text, c_inline_code_bg;
	struct rgb c_table_header_bg, c_table_stripe, c_table_rule;
	struct rgb c_box_bg[CALL_COUNT], c_box_bar[CALL_COUNT];
	struct rgb c_hl[HL_CLASS_COUNT];
	char *header_left, *header_right, *footer_left, *footer_center, *footer_right;
};

void style_defaults(struct style *s);
/* Read theme `name_or_file`: a name looks in data_dir/styles/NAME.yml; a
 * value with '/' or ending in .yml is a file path. Returns 0, or -1 after a
 * diagnostic (DIAG_FATAL when unreadable, DIAG_ERROR with line:col when
 * malformed). */
int style_load(struct style *s, const char *data_dir, const char *name_or_file,
	       struct diags *d);
/* Read a theme from memory (tests); `path` names it in diagnostics. */
int style_parse(struct style *s, const char *path, const char *text, size_t len,
		struct diags *d);
void style_free(struct style *s);

#endif
