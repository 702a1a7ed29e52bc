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
 *   any other tag         removed, with a warning naming path:line
 *
 * Every newline of the input survives (removed text leaves its newlines
 * behind), so line numbers never move; the srcmap gives exact columns. */
#ifndef OCTAVO_LIQUID_H
#define OCTAVO_LIQUID_H

#include <stddef.h>

#include "base/diag.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

struct liquid_ctx {
	const struct ynode *page; /* front matter map, or NULL */
	const struct ynode *site; /* _config.yml map, or NULL */
	const char *path;         /* for diagnostics */
	/* positions: input offset o is at linemap_pos(lines, base + o) */
	const struct linemap *lines;
	size_t base;
};

/* Rewrite `in`. *out (malloc'd, NUL-terminated) and *map belong to the
 * caller. Warnings go to *d; never fails. */
void liquid_apply(const char *in, size_t len, const struct liquid_ctx *ctx,
		  char **out, size_t *out_len, struct srcmap *map, struct diags *d);

#endif
