/* diag.c — collect and print diagnostics (see diag.h). */
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/util.h"

void diag_init(struct diags *d)
{
	struct diags empty = DIAGS_INIT;
	*d = empty;
}

void diag_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	diag_init(d);
}

static void count(struct diags *d, enum diag_sev sev)
{
	if (sev == DIAG_WARNING)
		d->warnings++;
	else if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->fatals++;
}

void diag_add(struct diags *d, enum diag_sev sev, const char *path, int line,
	      int col, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct diag *e = &d->v[d->n++];
	e->sev = sev;
	e->path = path ? xstrdup(path) : NULL;
	e->line = line;
	e->col = col;
	e->msg = buf_detach(&msg);
	count(d, sev);
}

void diag_append(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		dst->v = xgrow(dst->v, &dst->cap, dst->n + 1, sizeof *dst->v);
		dst->v[dst->n++] = src->v[i];
		count(dst, src->v[i].sev);
	}
	free(src->v);
	diag_init(src);
}

static const char *sev_name(enum diag_sev sev)
{
	return sev == DIAG_WARNING ? "warning" : "error";
}

size_t diag_print_from(const struct diags *d, size_t from)
{
	for (size_t i = from; i < d->n; i++) {
		const struct diag *e = &d->v[i];
		const char *path = e->path ? e->path : "octavo";
		if (e->line > 0 && e->col > 0)
			fprintf(stderr, "%s:%d:%d: %s: %s\n", path, e->line,
				e->col, sev_name(e->sev), e->msg);
		else if (e->line > 0)
			fprintf(stderr, "%s:%d: %s: %s\n", path, e->line,
				sev_name(e->sev), e->msg);
		else
			fprintf(stderr, "%s: %s: %s\n", path, sev_name(e->sev),
				e->msg);
	}
	return d->n;
}

void diag_print(const struct diags *d)
{
	diag_print_from(d, 0);
}

int diag_exit_status(const struct diags *d, int strict)
{
	if (d->fatals)
		return 2;
	if (d->errors)
		return 1;
	if (strict && d->warnings)
		return 1;
	return 0;
}
