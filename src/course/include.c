/* include.c — Jekyll's `{% include NAME key="value" %}`: the file NAME of
 * the course's includes folder (its `_includes`) inserted in place of the
 * tag, after Liquid has run over it with `{{ include.key }}` set.
 *
 * Includes are the one thing octavo reads outside the course folder, so
 * every name goes through path_resolve() with the includes folder as the
 * root: `..`, absolute names and symlinks that lead out of it are refused
 * before anything is read. A cycle (a.md → b.md → a.md), nesting deeper
 * than LIMIT_INCLUDE_DEPTH and a lesson that includes grow past
 * LIMIT_LESSON_BYTES are errors at the tag that would pass them.
 *
 * Problems Liquid finds inside an included file are reported at that
 * file's path:line:col, followed by "(included from LESSON:LINE:COL)";
 * everything found later (links, images, raw HTML) is reported at the
 * lesson's `{% include %}` tag, since the inserted text maps back to it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "course/frontmatter.h"
#include "course/liquid.h"
#include "course/loadlimits.h"

static void skip_space(const char **s, const char *e)
{
	while (*s < e && (isspace((unsigned char)**s) || **s == '-'))
		(*s)++;
}

/* key="v", key='v' or key=variable, one after another, into *params.
 * Returns 0, or -1 after a warning about the first that is none of these
 * (the rest are then ignored). */
static int parse_params(const struct liquid_ctx *ctx, const char *s,
                        const char *e, size_t off, struct inc_param **params,
                        size_t *n, struct diags *d)
{
	size_t cap = 0;
	for (skip_space(&s, e); s < e; skip_space(&s, e)) {
		const char *k = s;
		while (s < e &&
		       (isalnum((unsigned char)*s) || *s == '_' || *s == '-'))
			s++;
		const char *ke = s;
		if (ke == k || s >= e || *s != '=' || s + 1 >= e) {
			const char *w = k;
			while (w < e && !isspace((unsigned char)*w))
				w++;
			liquid_diag(ctx, d, DIAG_WARNING, off,
			            "{%% include %%} parameter '%.*s' is not "
			            "key=\"value\"; ignored",
			            (int)((w - k) > 60 ? 60 : (w - k)), k);
			return -1;
		}
		s++;
		struct buf v = BUF_INIT;
		if (*s == '"' || *s == '\'') {
			const char *q = memchr(s + 1, *s, (size_t)(e - s - 1));
			const char *ve = q ? q : e;
			buf_put(&v, s + 1, (size_t)(ve - s - 1));
			s = q ? q + 1 : e;
		} else {
			const char *vs = s;
			while (s < e && !isspace((unsigned char)*s))
				s++;
			liquid_value(ctx, vs, s, &v, d, off);
		}
		*params = xgrow(*params, &cap, *n + 1, sizeof **params);
		(*params)[*n].key = xstrndup(k, (size_t)(ke - k));
		(*params)[(*n)++].val = buf_detach(&v);
	}
	return 0;
}

/* "a.md → b.md → a.md" for a cycle closed by `name`. */
static void cycle_text(const struct inc_frame *f, const char *name,
                       struct buf *b)
{
	if (!f) {
		buf_puts(b, name);
		return;
	}
	cycle_text(f->up, f->name, b);
	buf_puts(b, " → ");
	buf_puts(b, name);
}

/* Find and read `name`: 0 with *data (normalised) and *rel, -1 after an
 * error, 1 when there is no such file. */
static int read_include(const struct liquid_ctx *ctx, const char *name,
                        size_t off, char **data, size_t *len, char **rel,
                        struct diags *d)
{
	char *abs = NULL;
	enum path_status st =
	    path_resolve(ctx->inc, "", name, PATH_STRICT, rel, &abs);
	if (st == PATH_MISSING) {
		free(*rel);
		*rel = NULL;
		return 1;
	}
	if (st != PATH_OK) {
		liquid_diag(ctx, d, DIAG_ERROR, off, "include '%s' %s", name,
		            st == PATH_OUTSIDE
		                ? "leaves the includes folder; not read"
		                : path_status_text(st));
		free(*rel);
		*rel = NULL;
		return -1;
	}
	int r = path_read(abs, LIMIT_LESSON_BYTES, data, len);
	int err = errno;
	free(abs);
	if (r == 0 && *len > ctx->budget->bytes) {
		free(*data);
		*data = NULL;
		r = -3;
		ctx->budget->spent = 1; /* every later include would fail too */
	}
	if (r) {
		if (r == -1)
			liquid_diag(ctx, d, DIAG_ERROR, off,
			            "cannot read include '%s': %s", name,
			            strerror(err));
		else if (r == -2)
			liquid_diag(
			    ctx, d, DIAG_ERROR, off,
			    "include '%s' is larger than the %u MiB limit",
			    name, LIMIT_LESSON_BYTES / (1024 * 1024));
		else
			liquid_diag(ctx, d, DIAG_ERROR, off,
			            "includes make the lesson larger than the "
			            "%u MiB limit",
			            LIMIT_LESSON_BYTES / (1024 * 1024));
		free(*rel);
		*rel = NULL;
		return -1;
	}
	ctx->budget->bytes -= *len;
	return 0;
}

/* Run Liquid over the included text as frame f, into *out. */
static void expand_text(const struct liquid_ctx *ctx, const struct inc_frame *f,
                        const char *shown, const char *text, size_t len,
                        struct buf *out, struct diags *d)
{
	struct linemap lm;
	linemap_build(&lm, text, len);
	struct liquid_ctx child = *ctx;
	child.path = shown;
	child.lines = &lm;
	child.base = 0;
	child.frame = f;
	char *res;
	size_t rlen;
	struct srcmap map;
	liquid_apply(text, len, &child, &res, &rlen, &map, d);
	srcmap_free(&map);
	linemap_free(&lm);
	/* the tag's own line end follows: a file's last newline would
	 * otherwise end a paragraph the tag sits in */
	if (rlen && res[rlen - 1] == '\n')
		rlen--;
	buf_put(out, res, rlen);
	free(res);
}

/* Name of the include in [s, e) after spaces; NULL when there is none or
 * it is computed by Liquid (`{{ page.x }}`), which octavo does not do. */
static char *include_name(const char **s, const char *e)
{
	skip_space(s, e);
	const char *n = *s;
	while (*s < e && !isspace((unsigned char)**s))
		(*s)++;
	if (*s == n || memchr(n, '{', (size_t)(*s - n)) ||
	    memchr(n, '=', (size_t)(*s - n)))
		return NULL;
	return xstrndup(n, (size_t)(*s - n));
}

int include_expand(const struct liquid_ctx *ctx, const char *s, const char *e,
                   size_t off, struct buf *out, struct diags *d)
{
	if (!ctx->inc || !ctx->budget)
		return 0;
	char *name = include_name(&s, e);
	if (!name)
		return 0;
	struct inc_budget *b = ctx->budget;
	if (!b->spent && !b->left) {
		liquid_diag(
		    ctx, d, DIAG_ERROR, off,
		    "more than %d includes in one lesson; the rest are removed",
		    LIMIT_INCLUDES);
		b->spent = 1;
	}
	if (b->spent) {
		free(name);
		return -1;
	}
	b->left--;
	int depth = ctx->frame ? ctx->frame->depth + 1 : 1;
	char *data = NULL, *rel = NULL;
	size_t len = 0;
	int r = read_include(ctx, name, off, &data, &len, &rel, d);
	if (r) {
		free(name);
		return r > 0 ? 0 : -1;
	}
	struct buf msg = BUF_INIT;
	for (const struct inc_frame *f = ctx->frame; f; f = f->up)
		if (!strcmp(f->name, rel)) {
			cycle_text(ctx->frame, rel, &msg);
			liquid_diag(ctx, d, DIAG_ERROR, off,
			            "include cycle: %s; not expanded",
			            buf_cstr(&msg));
			r = -1;
			break;
		}
	if (!r && depth > LIMIT_INCLUDE_DEPTH) {
		liquid_diag(
		    ctx, d, DIAG_ERROR, off,
		    "includes nested more than %d levels deep; not expanded",
		    LIMIT_INCLUDE_DEPTH);
		r = -1;
	}
	struct buf shown = BUF_INIT, from = BUF_INIT;
	buf_printf(&shown, "%s/%s", ctx->inc_shown, rel);
	if (!r && text_normalise(buf_cstr(&shown), data, &len, d))
		r = -1;
	struct inc_param *params = NULL;
	size_t n_params = 0;
	if (!r) {
		parse_params(ctx, s, e, off, &params, &n_params, d);
		int line = 0, col = 0;
		if (ctx->lines)
			linemap_pos(ctx->lines, ctx->base + off, &line, &col);
		if (ctx->frame)
			buf_puts(&from, ctx->frame->from);
		else
			buf_printf(&from, " (included from %s:%d:%d)",
			           ctx->path, line, col);
		struct inc_frame f = {ctx->frame, rel,   params,
		                      n_params,   depth, buf_cstr(&from)};
		expand_text(ctx, &f, buf_cstr(&shown), data, len, out, d);
	}
	for (size_t k = 0; k < n_params; k++) {
		free(params[k].key);
		free(params[k].val);
	}
	free(params);
	buf_free(&shown);
	buf_free(&from);
	buf_free(&msg);
	free(data);
	free(rel);
	free(name);
	return r ? -1 : 1;
}
