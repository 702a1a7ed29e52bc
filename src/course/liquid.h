/* liquid.h — the subset of Jekyll's Liquid that lessons use, applied to a
 * lesson body before Markdown parsing so none of its syntax reaches the
 * book.
 *
 *   {{ page.KEY }}        the front matter value (any scalar; dotted keys
 *                         reach into maps); filters after `|` are ignored
 *   {{ site.KEY }}        from _config.yml in the course folder, else empty
 *   {{ 'text' }}          the literal text
 *   {% raw %}…{% endraw %}  contents kept literally, any spacing, also
 *                         `{%- raw -%}` and `{% endraw%}`
 *   {% comment %}…{% endcomment %}  removed
 *   {% include youtubeplayer.html id="X" %}  a Markdown link to the video
 *   {% include NAME k="v" %}  the file NAME of the includes folder, itself
 *                         run through Liquid with {{ include.k }} set
 *                         (include.c); the whole inserted text maps back to
 *                         the tag, so later diagnostics point at it
 *   any other tag         removed, with a warning naming path:line
 *
 * Every newline of the input survives (removed text leaves its newlines
 * behind), so line numbers never move; the srcmap gives exact columns. */
#ifndef OCTAVO_LIQUID_H
#define OCTAVO_LIQUID_H

#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "course/path.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

struct inc_param {
	char *key, *val;
};

/* An include being expanded; `up` is the text that includes it. */
struct inc_frame {
	const struct inc_frame *up; /* NULL for an include in a lesson */
	const char *name;           /* its path in the includes folder */
	const struct inc_param *params;
	size_t n_params;
	int depth;                  /* 1 for an include in a lesson */
	const char *from;           /* " (included from lessons/x.md:3:1)" */
};

/* What the includes of one lesson may still do. */
struct inc_budget {
	size_t bytes; /* text they may add, of LIMIT_LESSON_BYTES */
	size_t left;  /* includes they may expand, of LIMIT_INCLUDES */
	int spent;    /* a limit was reported: later includes and values are
			 dropped without another error */
};

struct liquid_ctx {
	const struct ynode *page; /* front matter map, or NULL */
	const struct ynode *site; /* _config.yml map, or NULL */
	const char *path;         /* for diagnostics */
	/* positions: input offset o is at linemap_pos(lines, base + o) */
	const struct linemap *lines;
	size_t base;
	const struct course_root *inc; /* the includes folder; NULL: none */
	const char *inc_shown;         /* its name in diagnostics */
	const struct inc_frame *frame; /* set while expanding an include */
	struct inc_budget *budget;     /* NULL: no includes are expanded */
};

/* Rewrite `in`. *out (malloc'd, NUL-terminated) and *map belong to the
 * caller. Warnings go to *d; never fails. */
void liquid_apply(const char *in, size_t len, const struct liquid_ctx *ctx,
		  char **out, size_t *out_len, struct srcmap *map, struct diags *d);

/* A diagnostic at input offset `off` of the text ctx describes; inside an
 * include it says which lesson tag included it. */
void liquid_diag(const struct liquid_ctx *ctx, struct diags *d, enum diag_sev sev, size_t off,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The value of Liquid expression [s, e) (`page.x`, `site.x`, `include.x`,
 * `'text'`), appended to *out; unknown names are warned about at `off`. */
void liquid_value(const struct liquid_ctx *ctx, const char *s, const char *e, struct buf *out,
		  struct diags *d, size_t off);

/* include.c: `{% include NAME k="v" … %}`, [s, e) being what follows the
 * word `include` and `off` the tag's offset. Appends the expanded file to
 * *out and returns 1; returns 0, adding nothing, when there is no
 * includes folder or no file NAME in it (the caller warns as for any
 * unsupported tag); -1 after an error in *d (a path leaving the folder,
 * a cycle, nesting deeper than LIMIT_INCLUDE_DEPTH, the size limit or
 * LIMIT_INCLUDES), or quietly once a limit of the lesson was reported. */
int include_expand(const struct liquid_ctx *ctx, const char *s, const char *e, size_t off,
		   struct buf *out, struct diags *d);

#endif
