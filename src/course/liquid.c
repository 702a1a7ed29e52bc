/* liquid.c — the Liquid subset lessons use (see liquid.h). One left-to-
 * right scan; every tag is found with memchr/memmem, so the work is linear
 * in the size of the lesson even for hostile input. */
#include "course/liquid.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "course/loadlimits.h"
#include "text/video.h"

/* Replace input [rw->pos, to) with repl, then add back every newline the
 * removed text held, so the next line keeps its number. */
static void replace_keep_lines(struct rewriter *rw, size_t to, const char *repl, size_t n)
{
	struct buf b = BUF_INIT;
	buf_put(&b, repl, n);
	for (size_t i = rw->pos; i < to; i++)
		if (rw->in[i] == '\n')
			buf_putc(&b, '\n');
	rewriter_replace(rw, to, buf_cstr(&b), b.len);
	buf_free(&b);
}

static void pos_of(const struct liquid_ctx *ctx, size_t off, int *line, int *col)
{
	if (ctx->lines)
		linemap_pos(ctx->lines, ctx->base + off, line, col);
	else
		*line = *col = 0;
}

void liquid_diag(const struct liquid_ctx *ctx, struct diags *d, enum diag_sev sev, size_t off,
		 const char *fmt, ...)
{
	int line, col;
	pos_of(ctx, off, &line, &col);
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	diag_add(d, sev, ctx->path, line, col, "%s%s", buf_cstr(&m),
		 ctx->frame ? ctx->frame->from : "");
	buf_free(&m);
}

static void warn(const struct liquid_ctx *ctx, struct diags *d, size_t off, const char *fmt,
		 const char *a, size_t alen)
{
	struct buf m = BUF_INIT;
	struct buf arg = BUF_INIT;
	/* keep messages on one line and short, whatever the input holds */
	for (size_t i = 0; i < alen && i < 60; i++)
		buf_putc(&arg, (a[i] == '\n' || a[i] == '\t') ? ' ' : a[i]);
	if (alen > 60)
		buf_puts(&arg, "…");
	buf_printf(&m, fmt, buf_cstr(&arg));
	liquid_diag(ctx, d, DIAG_WARNING, off, "%s", buf_cstr(&m));
	buf_free(&m);
	buf_free(&arg);
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (isspace((unsigned char)**s) || **s == '-'))
		(*s)++;
	while (*e > *s && (isspace((unsigned char)(*e)[-1]) || (*e)[-1] == '-'))
		(*e)--;
}

/* Follow a dotted path ("cover", "a.b") through front matter maps. */
static const struct ynode *lookup(const struct ynode *map, const char *s, const char *e)
{
	const struct ynode *n = map;
	while (n && s < e) {
		const char *dot = memchr(s, '.', (size_t)(e - s));
		const char *end = dot ? dot : e;
		char *key = xstrndup(s, (size_t)(end - s));
		n = ymap_get(n, key);
		free(key);
		s = dot ? dot + 1 : e;
	}
	return n;
}

/* {{ include.KEY }}: the include's parameter, or NULL after a warning. */
static const char *include_param(const struct liquid_ctx *ctx, const char *vs, const char *ve,
				 struct diags *d, size_t off)
{
	const struct inc_frame *f = ctx->frame;
	for (size_t k = 0; k < f->n_params; k++)
		if (strlen(f->params[k].key) == (size_t)(ve - vs - 8) &&
		    !memcmp(f->params[k].key, vs + 8, (size_t)(ve - vs - 8)))
			return f->params[k].val;
	warn(ctx, d, off, "{{ %s }}: the include was given no such parameter; printed as nothing",
	     vs, (size_t)(ve - vs));
	return NULL;
}

/* Append v, its newlines as spaces (a value never adds lines), to out;
 * inside an include the value counts against the lesson's size limit. */
static void put_value(const struct liquid_ctx *ctx, const char *v, struct buf *out,
		      struct diags *d, size_t off)
{
	size_t n = strlen(v);
	struct inc_budget *b = ctx->budget;
	if (ctx->frame && b) {
		if (b->spent)
			return;
		if (n > b->bytes) {
			liquid_diag(ctx, d, DIAG_ERROR, off,
				    "includes make the lesson larger than the %u MiB limit",
				    LIMIT_LESSON_BYTES / (1024 * 1024));
			b->spent = 1;
			return;
		}
		b->bytes -= n;
	}
	for (const char *p = v; *p; p++)
		buf_putc(out, *p == '\n' ? ' ' : *p);
}

void liquid_value(const struct liquid_ctx *ctx, const char *s, const char *e, struct buf *out,
		  struct diags *d, size_t off)
{
	const char *bar = memchr(s, '|', (size_t)(e - s));
	const char *ve = bar ? bar : e;
	const char *vs = s;
	trim(&vs, &ve);
	if (vs < ve && (*vs == '\'' || *vs == '"') && ve - vs >= 2 && ve[-1] == *vs) {
		buf_put(out, vs + 1, (size_t)(ve - vs - 2));
		return;
	}
	const struct ynode *n = NULL;
	int known = 1;
	if (ve - vs > 5 && !memcmp(vs, "page.", 5)) {
		n = lookup(ctx->page, vs + 5, ve);
		if (!n)
			warn(ctx, d, off, "{{ %s }}: the front matter has no such key; printed as nothing",
			     vs, (size_t)(ve - vs));
	} else if (ve - vs > 5 && !memcmp(vs, "site.", 5)) {
		n = lookup(ctx->site, vs + 5, ve); /* no _config.yml value: empty */
	} else if (ctx->frame && ve - vs > 8 && !memcmp(vs, "include.", 8)) {
		const char *v = include_param(ctx, vs, ve, d, off);
		if (v)
			put_value(ctx, v, out, d, off);
		return;
	} else {
		known = 0;
		warn(ctx, d, off, "{{ %s }}: unknown Liquid variable; printed as nothing", vs,
		     (size_t)(ve - vs));
	}
	if (known && n && n->type != Y_SCALAR)
		warn(ctx, d, off, "{{ %s }} is a list or map, not text; printed as nothing", vs,
		     (size_t)(ve - vs));
	const char *v = yscalar(n);
	if (v)
		put_value(ctx, v, out, d, off);
}

/* Find "{% NAME %}" at or after `from` (any spacing, `-` trim markers).
 * Returns the offset of the `{`, *end the offset after `%}`, or len. */
static size_t find_tag(const char *in, size_t len, size_t from, const char *name, size_t *end)
{
	size_t nl = strlen(name);
	for (size_t i = from; i + 1 < len;) {
		const char *p = memchr(in + i, '{', len - i - 1);
		if (!p)
			break;
		i = (size_t)(p - in);
		if (in[i + 1] != '%') {
			i++;
			continue;
		}
		size_t k = i + 2;
		while (k < len && (in[k] == '-' || isspace((unsigned char)in[k])))
			k++;
		if (k + nl <= len && !memcmp(in + k, name, nl)) {
			size_t j = k + nl;
			while (j < len && (in[j] == '-' || isspace((unsigned char)in[j])))
				j++;
			if (j + 1 < len && in[j] == '%' && in[j + 1] == '}') {
				*end = j + 2;
				return i;
			}
		}
		i++;
	}
	*end = len;
	return len;
}

/* `{% include youtubeplayer.html id="X" %}` → the id, or NULL. */
static char *youtube_id(const char *s, const char *e)
{
	const char *f = "youtubeplayer.html";
	const char *p = memmem(s, (size_t)(e - s), f, strlen(f));
	if (!p)
		return NULL;
	const char *id = memmem(p, (size_t)(e - p), "id=", 3);
	if (!id)
		return NULL;
	id += 3;
	char q = (*id == '"' || *id == '\'') ? *id++ : 0;
	const char *ie = id;
	while (ie < e && (isalnum((unsigned char)*ie) || *ie == '-' || *ie == '_'))
		ie++;
	if (ie == id || (q && (ie >= e || *ie != q)))
		return NULL;
	return xstrndup(id, (size_t)(ie - id));
}

/* A `{% … %}` tag at input offset i, ending at `end`, whose text between
 * the delimiters is [s, e): rewrite it. Returns where scanning goes on. */
static size_t apply_tag(struct rewriter *rw, const struct liquid_ctx *ctx, size_t i, size_t end,
			const char *s, const char *e, struct diags *d)
{
	const char *in = rw->in;
	size_t len = rw->in_len;
	trim(&s, &e);
	char *id;
	const char *ne = s;
	while (ne < e && !isspace((unsigned char)*ne))
		ne++;
	size_t nlen = (size_t)(ne - s);
	if (nlen == 3 && !memcmp(s, "raw", 3)) {
		size_t tag_end, stop = find_tag(in, len, end, "endraw", &tag_end);
		replace_keep_lines(rw, end, "", 0);
		rewriter_copy(rw, stop); /* the contents, literally */
		if (stop == len)
			warn(ctx, d, i, "{%% raw %%} is never closed by {%% endraw %%}%s", "", 0);
		else
			replace_keep_lines(rw, tag_end, "", 0);
		return tag_end;
	}
	if (nlen == 7 && !memcmp(s, "comment", 7)) {
		size_t tag_end;
		find_tag(in, len, end, "endcomment", &tag_end);
		replace_keep_lines(rw, tag_end, "", 0);
		return tag_end;
	}
	if (nlen == 7 && !memcmp(s, "include", 7) && (id = youtube_id(s, e))) {
		struct buf link = BUF_INIT, embed = BUF_INIT;
		buf_printf(&embed, "https://www.youtube.com/embed/%s", id);
		char *watch = video_watch_url(buf_cstr(&embed));
		buf_printf(&link, "[Watch the video on YouTube](%s)", watch ? watch : "");
		free(watch);
		buf_free(&embed);
		replace_keep_lines(rw, end, buf_cstr(&link), link.len);
		buf_free(&link);
		free(id);
		return end;
	}
	if (nlen == 7 && !memcmp(s, "include", 7)) {
		struct buf text = BUF_INIT;
		int r = include_expand(ctx, ne, e, i, &text, d);
		if (r > 0) /* empty input span: all of it maps to the tag's start */
			rewriter_replace(rw, i, buf_cstr(&text), text.len);
		buf_free(&text);
		if (r) {
			replace_keep_lines(rw, end, "", 0);
			return end;
		}
	}
	warn(ctx, d, i, "Liquid tag {%% %s %%} is not supported; removed", s, nlen ? nlen : 0);
	replace_keep_lines(rw, end, "", 0);
	return end;
}

void liquid_apply(const char *in, size_t len, const struct liquid_ctx *ctx,
		  char **out, size_t *out_len, struct srcmap *map, struct diags *d)
{
	struct rewriter rw;
	rewriter_init(&rw, in, len);
	size_t i = 0;
	int no_close_out = 0, no_close_tag = 0; /* no `}}` / `%}` after i */
	while (i + 1 < len) {
		const char *p = memchr(in + i, '{', len - i - 1);
		if (!p)
			break;
		i = (size_t)(p - in);
		char kind = in[i + 1];
		if (kind != '{' && kind != '%') {
			i++;
			continue;
		}
		const char *close = kind == '{' ? "}}" : "%}";
		int *none = kind == '{' ? &no_close_out : &no_close_tag;
		const char *c = *none ? NULL : memmem(in + i + 2, len - i - 2, close, 2);
		if (!c) {
			/* nothing closes it, and nothing will close a later one
			 * either: say so once, keep scanning for the other kind */
			if (!*none)
				warn(ctx, d, i, "`%s` is never closed; left as text",
				     kind == '{' ? "{{" : "{%", 2);
			*none = 1;
			i += 2;
			continue;
		}
		size_t end = (size_t)(c - in) + 2;
		const char *s = in + i + 2, *e = c;
		rewriter_copy(&rw, i);
		if (kind == '{') {
			struct buf v = BUF_INIT;
			liquid_value(ctx, s, e, &v, d, i);
			replace_keep_lines(&rw, end, buf_cstr(&v), v.len);
			buf_free(&v);
			i = end;
			continue;
		}
		i = apply_tag(&rw, ctx, i, end, s, e, d);
	}
	rewriter_finish(&rw, out, out_len, map);
}
