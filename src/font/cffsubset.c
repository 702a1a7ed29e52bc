/* cffsubset.c — writes the subset of a CID-keyed CFF font program (see
 * cffsubset.h). The output is laid out as header, Name INDEX, Top DICT,
 * String INDEX, global subroutines, charset, FDSelect, CharStrings,
 * FDArray, then each kept font dictionary's Private DICT followed by its
 * local subroutines. Every offset a DICT holds is written as a 5-byte
 * integer, so each part's size is known before any offset is, and the
 * file is written in one pass.
 *
 * The kept glyphs' Type 2 charstrings are written without subroutines:
 * each call is replaced by the body of the subroutine it calls. A CJK
 * font shares outline pieces among thousands of glyphs through 30,000
 * subroutines (1.3 MB); a book's few hundred glyphs need a fraction of
 * them, and inlining keeps only that fraction without renumbering any.
 * The charstrings are read as a Type 2 interpreter would as far as calls
 * need: numbers are stacked (a callsubr's number is the last one written,
 * so it is cut from the output), and hintmask is followed by one bit per
 * stem declared so far. A charstring that computes (the arithmetic
 * operators, which CJK fonts do not use) or that this reading cannot
 * follow makes the subset keep the original charstrings and every
 * subroutine: a font it does not understand is embedded larger, never
 * broken. */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/util.h"
#include "font/cffsubset.h"

struct index {
	size_t count, end;       /* items; offset of the byte after the INDEX */
	unsigned os;             /* offset size */
	const unsigned char *offs, *data; /* offsets; the byte before item 0 */
	uint32_t last;           /* the last offset */
};

static uint32_t offn(const unsigned char *p, unsigned os)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < os; i++)
		v = v << 8 | p[i];
	return v;
}

static int index_read(const unsigned char *d, size_t n, size_t at, struct index *ix)
{
	memset(ix, 0, sizeof *ix);
	if (at > n || n - at < 2)
		return -1;
	ix->count = be16(d + at);
	ix->end = at + 2;
	if (!ix->count)
		return 0;
	if (n - at < 3 || d[at + 2] < 1 || d[at + 2] > 4)
		return -1;
	ix->os = d[at + 2];
	size_t arr = (ix->count + 1) * ix->os;
	if (n - at - 3 < arr)
		return -1;
	ix->offs = d + at + 3;
	size_t base = at + 3 + arr - 1;
	ix->last = offn(ix->offs + ix->count * ix->os, ix->os);
	if (ix->last < 1 || ix->last > n - base)
		return -1;
	ix->data = d + base;
	ix->end = base + ix->last;
	return 0;
}

static int index_item(const struct index *ix, size_t i, const unsigned char **p, size_t *len)
{
	if (i >= ix->count)
		return -1;
	uint32_t a = offn(ix->offs + i * ix->os, ix->os), b = offn(ix->offs + (i + 1) * ix->os, ix->os);
	if (a < 1 || b < a || b > ix->last)
		return -1;
	*p = ix->data + a;
	*len = b - a;
	return 0;
}

/* One DICT entry: its operands and operator bytes, the operator (12 x is
 * 1200 + x) and up to four integer operands (a real counts as 0). */
struct entry {
	const unsigned char *start;
	size_t len;
	unsigned op;
	long v[4];
	int nv;
};

/* The entry at *at in the DICT p (len bytes): 1, 0 at its end, -1 if
 * malformed. */
static int dict_next(const unsigned char *p, size_t len, size_t *at, struct entry *e)
{
	size_t i = *at;
	if (i >= len)
		return 0;
	e->start = p + i;
	e->nv = 0;
	while (i < len) {
		unsigned b = p[i];
		long v = 0;
		size_t need = b == 28 ? 3 : b == 29 ? 5 : b >= 247 && b <= 254 ? 2 : 1;
		if (b <= 21) {
			e->op = b == 12 ? (i + 1 < len ? 1200u + p[i + 1] : 0u) : b;
			i += b == 12 ? 2 : 1;
			if (i > len)
				return -1;
			e->len = (size_t)(p + i - e->start);
			*at = i;
			return 1;
		}
		if (b == 30) { /* a real: nibbles up to an 0xF one */
			for (i++; i < len && (p[i] & 0x0F) != 0x0F && (p[i] & 0xF0) != 0xF0; i++)
				;
			need = 1;
		} else if (b < 28 || b == 31 || b == 255 || len - i < need) {
			return -1;
		} else if (b == 28) {
			v = (int16_t)be16(p + i + 1);
		} else if (b == 29) {
			v = (int32_t)be32(p + i + 1);
		} else if (b <= 246) {
			v = (long)b - 139;
		} else if (b <= 250) {
			v = ((long)b - 247) * 256 + p[i + 1] + 108;
		} else {
			v = -((long)b - 251) * 256 - p[i + 1] - 108;
		}
		if (e->nv < 4)
			e->v[e->nv++] = v;
		i += need;
	}
	return -1;
}

/* The first operands of op in the DICT: how many (at most 4), 0 when
 * absent, -1 when the DICT is malformed. */
static int dict_get(const unsigned char *p, size_t len, unsigned op, long v[4])
{
	struct entry e;
	size_t at = 0;
	int r;
	memset(v, 0, 4 * sizeof *v);
	while ((r = dict_next(p, len, &at, &e)) > 0)
		if (e.op == op) {
			memcpy(v, e.v, sizeof e.v);
			return e.nv ? e.nv : -1;
		}
	return r;
}

/* Copy the DICT's entries but those whose operator is in drop (0-ended). */
static void dict_copy(const unsigned char *p, size_t len, const unsigned *drop, struct buf *out)
{
	struct entry e;
	size_t at = 0;
	while (dict_next(p, len, &at, &e) > 0) {
		int keep = 1;
		for (const unsigned *k = drop; *k; k++)
			keep &= e.op != *k;
		if (keep)
			buf_put(out, e.start, e.len);
	}
}

/* An operand as a 5-byte integer, then operator op. */
static void put_int(struct buf *out, long v)
{
	unsigned char b[5] = {29, (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	buf_put(out, b, 5);
}

static void put_op(struct buf *out, unsigned op)
{
	if (op >= 1200)
		buf_putc(out, 12);
	buf_putc(out, (int)(op >= 1200 ? op - 1200 : op));
}

static size_t index_size(size_t count, size_t data_len)
{
	if (!count)
		return 2;
	size_t last = data_len + 1;
	unsigned os = last < 0x100 ? 1 : last < 0x10000 ? 2 : last < 0x1000000 ? 3 : 4;
	return 3 + (count + 1) * os + data_len;
}

/* An INDEX of count items, item i being data[ends[i-1] .. ends[i]). */
static void put_index(struct buf *out, const struct buf *data, const size_t *ends, size_t count)
{
	unsigned char h[3] = {(unsigned char)(count >> 8), (unsigned char)count, 0};
	if (!count) {
		buf_put(out, h, 2);
		return;
	}
	size_t last = data->len + 1;
	unsigned os = last < 0x100 ? 1 : last < 0x10000 ? 2 : last < 0x1000000 ? 3 : 4;
	h[2] = (unsigned char)os;
	buf_put(out, h, 3);
	for (size_t i = 0; i <= count; i++) {
		size_t o = 1 + (i ? ends[i - 1] : 0);
		for (unsigned k = os; k-- > 0;)
			buf_putc(out, (int)((o >> (8 * k)) & 0xFF));
	}
	buf_put(out, data->ptr, data->len);
}

/* What the subset is made from. */
struct cff {
	const unsigned char *d;
	size_t n;
	size_t name_at, name_end, str_at, str_end; /* the Name and String INDEXes */
	const unsigned char *top;
	size_t top_len;
	struct index gsubrs, cs, fda;
	size_t fdsel;
};

static int cff_open(const unsigned char *d, size_t n, struct cff *c)
{
	struct index names, tops, strings;
	long v[4];
	memset(c, 0, sizeof *c);
	c->d = d;
	c->n = n;
	if (n < 4 || d[0] != 1 || d[2] < 4)
		return -1;
	c->name_at = d[2];
	if (index_read(d, n, c->name_at, &names) || index_read(d, n, names.end, &tops) ||
	    index_item(&tops, 0, &c->top, &c->top_len) ||
	    index_read(d, n, tops.end, &strings) || index_read(d, n, strings.end, &c->gsubrs))
		return -1;
	c->name_end = names.end;
	c->str_at = tops.end;
	c->str_end = strings.end;
	if (dict_get(c->top, c->top_len, 1230, v) < 3) /* ROS: CID-keyed */
		return -1;
	if (dict_get(c->top, c->top_len, 17, v) < 1 || v[0] < 0 ||
	    index_read(d, n, (size_t)v[0], &c->cs) || !c->cs.count)
		return -1;
	if (dict_get(c->top, c->top_len, 1236, v) < 1 || v[0] < 0 ||
	    index_read(d, n, (size_t)v[0], &c->fda) || !c->fda.count || c->fda.count > 255)
		return -1;
	if (dict_get(c->top, c->top_len, 1237, v) < 1 || v[0] < 0 || (size_t)v[0] >= n ||
	    (d[v[0]] != 0 && d[v[0]] != 3))
		return -1;
	c->fdsel = (size_t)v[0];
	return 0;
}

/* The font dictionary of glyph g, or -1. */
static int fd_of(const struct cff *c, unsigned g)
{
	const unsigned char *d = c->d;
	size_t at = c->fdsel;
	if (d[at] == 0)
		return at + 1 + g < c->n ? d[at + 1 + g] : -1;
	if (c->n - at < 3)
		return -1;
	size_t nr = be16(d + at + 1);
	if ((c->n - at - 3) / 3 < nr + 1)
		return -1;
	for (size_t r = 0; r < nr; r++) {
		const unsigned char *p = d + at + 3 + 3 * r;
		if (g >= be16(p) && g < be16(p + 3))
			return p[2];
	}
	return -1;
}

int cff_check(const unsigned char *d, size_t n)
{
	struct cff c;
	return cff_open(d, n, &c) == 0;
}

/* A kept font dictionary: its Private DICT and local subroutines. */
struct fdinfo {
	const unsigned char *fd, *priv;
	size_t fd_len, priv_len;
	struct index subrs;
	size_t subrs_at;     /* where the subroutines' INDEX starts in the font */
	int has_subrs;
};

static int fd_load(const struct cff *c, size_t i, struct fdinfo *f)
{
	long v[4] = {0}, s[4] = {0};
	memset(f, 0, sizeof *f);
	if (index_item(&c->fda, i, &f->fd, &f->fd_len) ||
	    dict_get(f->fd, f->fd_len, 18, v) < 2 || v[0] < 0 || v[1] < 0 ||
	    (size_t)v[1] > c->n || (size_t)v[0] > c->n - (size_t)v[1])
		return -1;
	f->priv = c->d + v[1];
	f->priv_len = (size_t)v[0];
	int r = dict_get(f->priv, f->priv_len, 19, s);
	if (r < 0 || (r > 0 && s[0] < 0))
		return -1;
	if (r > 0) {
		if (index_read(c->d, c->n, (size_t)v[1] + (size_t)s[0], &f->subrs))
			return -1;
		f->has_subrs = 1;
		f->subrs_at = (size_t)v[1] + (size_t)s[0];
	}
	return 0;
}


static int subr_bias(size_t count)
{
	return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/* The reading of one glyph (see the top of the file): its charstring
 * with every call inlined goes to flat. */
struct scan {
	const struct index *gsubrs, *lsubrs;
	struct buf *flat;
	long stack[48];
	size_t at[48];     /* where each stacked number was written in flat */
	int sp, depth, ended, all;
	unsigned stems;
};

/* A Type 2 operand at p[i] (b = p[i]); its length, 0 if cut short. */
static size_t cs_number(const unsigned char *p, size_t len, size_t i, long *v)
{
	unsigned b = p[i];
	size_t need = b == 28 ? 3 : b == 255 ? 5 : b >= 247 ? 2 : 1;
	if (len - i < need)
		return 0;
	if (b == 28)
		*v = (int16_t)be16(p + i + 1);
	else if (b == 255)
		*v = (int32_t)be32(p + i + 1) / 65536;
	else if (b <= 246)
		*v = (long)b - 139;
	else if (b <= 250)
		*v = ((long)b - 247) * 256 + p[i + 1] + 108;
	else
		*v = -((long)b - 251) * 256 - p[i + 1] - 108;
	return need;
}

static void scan_cs(struct scan *s, const unsigned char *p, size_t len);

/* callsubr (local) or callgsubr: mark the subroutine and scan it. */
static void scan_call(struct scan *s, int local)
{
	const struct index *ix = local ? s->lsubrs : s->gsubrs;
	const unsigned char *q;
	size_t ql;
	if (!s->sp || !ix) {
		s->all = 1;
		return;
	}
	s->sp--;
	long k = s->stack[s->sp] + subr_bias(ix->count);
	if (k < 0 || index_item(ix, (size_t)k, &q, &ql)) {
		s->all = 1;
		return;
	}
	s->flat->len = s->at[s->sp]; /* the number was the last thing written */
	scan_cs(s, q, ql);
}

static void scan_cs(struct scan *s, const unsigned char *p, size_t len)
{
	if (++s->depth > 10) /* the format allows 10 levels of calls */
		s->all = 1;
	for (size_t i = 0; i < len && !s->all && !s->ended;) {
		unsigned b = p[i];
		size_t from = i;
		if (b == 28 || b >= 32) {
			long v = 0;
			size_t l = cs_number(p, len, i, &v);
			if (!l || s->sp == 48) {
				s->all = 1;
				break;
			}
			s->at[s->sp] = s->flat->len;
			s->stack[s->sp++] = v;
			buf_put(s->flat, p + i, l);
			i += l;
			continue;
		}
		i++;
		if (b == 1 || b == 3 || b == 18 || b == 23) { /* the stem hints */
			s->stems += (unsigned)s->sp / 2;
		} else if (b == 19 || b == 20) { /* hintmask, cntrmask: implied vstems */
			s->stems += (unsigned)s->sp / 2;
			i += (s->stems + 7) / 8;
		} else if (b == 10 || b == 29) {
			scan_call(s, b == 10);
			continue; /* the subroutine's numbers stay on the stack */
		} else if (b == 11) {
			break;
		} else if (b == 14) {
			s->ended = 1;
		} else if (b == 12) {
			unsigned e = i < len ? p[i++] : 0;
			if (e < 34 || e > 37) /* not flex: arithmetic, which we do not follow */
				s->all = 1;
		}
		if (i > len) {
			s->all = 1;
			break;
		}
		buf_put(s->flat, p + from, i - from);
		s->sp = 0;
	}
	s->depth--;
}

/* What the subset holds: its glyphs, their charstrings and font
 * dictionaries, and the subroutines the scan found. */
struct subset {
	size_t ng;
	unsigned char *fdsel;  /* new font dictionary per new glyph */
	struct fdinfo fd[256];
	int nfd;
	struct buf cs, flat;   /* the charstrings, one after another: as they
				* are, and with their calls inlined */
	size_t *cs_ends, *flat_ends;
	struct scan scan;
};

static int gather(const struct cff *c, const uint16_t *used, struct subset *t)
{
	int map[256];
	for (int i = 0; i < 256; i++)
		map[i] = -1;
	t->scan.gsubrs = c->gsubrs.count ? &c->gsubrs : NULL;
	t->scan.flat = &t->flat;
	for (size_t i = 0; i < t->ng; i++) {
		unsigned g = i ? used[i - 1] : 0;
		const unsigned char *p;
		size_t l;
		int fd = fd_of(c, g);
		if (fd < 0 || (size_t)fd >= c->fda.count || index_item(&c->cs, g, &p, &l))
			return -1;
		if (map[fd] < 0) {
			if (fd_load(c, (size_t)fd, &t->fd[t->nfd]))
				return -1;
			map[fd] = t->nfd++;
		}
		struct fdinfo *f = &t->fd[map[fd]];
		t->fdsel[i] = (unsigned char)map[fd];
		buf_put(&t->cs, p, l);
		t->cs_ends[i] = t->cs.len;
		t->scan.lsubrs = f->has_subrs ? &f->subrs : NULL;
		t->scan.sp = t->scan.depth = t->scan.ended = 0;
		t->scan.stems = 0;
		if (!t->scan.all)
			scan_cs(&t->scan, p, l);
		t->flat_ends[i] = t->flat.len;
	}
	return 0;
}

/* Each kept Private DICT; when the subroutines are kept (the calls could
 * not be inlined), its Subrs offset points just past it, where they are
 * copied. at[k] and len[k] get where each DICT lies in out. */
static void put_privates(const struct cff *c, struct subset *t, struct buf *out, size_t *at,
			 size_t *len)
{
	static const unsigned drop[] = {19, 0};
	struct buf pd = BUF_INIT;
	for (int k = 0; k < t->nfd; k++) {
		struct fdinfo *f = &t->fd[k];
		int subrs = f->has_subrs && t->scan.all;
		buf_clear(&pd);
		dict_copy(f->priv, f->priv_len, drop, &pd);
		at[k] = out->len;
		len[k] = pd.len + (subrs ? 6 : 0);
		buf_put(out, pd.ptr, pd.len);
		if (subrs) {
			put_int(out, (long)len[k]);
			put_op(out, 19);
			buf_put(out, c->d + f->subrs_at, f->subrs.end - f->subrs_at);
		}
	}
	buf_free(&pd);
}

/* The FDArray, each dictionary's Private pointing at base + at[k]. */
static void put_fdarray(const struct subset *t, struct buf *out, size_t base, const size_t *at,
			const size_t *len)
{
	static const unsigned drop[] = {18, 0};
	struct buf fds = BUF_INIT;
	size_t ends[256];
	for (int k = 0; k < t->nfd; k++) {
		dict_copy(t->fd[k].fd, t->fd[k].fd_len, drop, &fds);
		put_int(&fds, (long)len[k]);
		put_int(&fds, (long)(base + at[k]));
		put_op(&fds, 18);
		ends[k] = fds.len;
	}
	put_index(out, &fds, ends, (size_t)t->nfd);
	buf_free(&fds);
}

/* Everything after the Top DICT, in order, with the offsets it needs. */
static void put_body(const struct cff *c, struct subset *t, size_t at, struct buf *out)
{
	static const unsigned drop[] = {15, 16, 17, 18, 1234, 1236, 1237, 0};
	struct buf top = BUF_INIT, gs = BUF_INIT, fda = BUF_INIT, priv = BUF_INIT;
	size_t pat[256], plen[256];
	dict_copy(c->top, c->top_len, drop, &top);
	if (t->scan.all) /* the global subroutines as they are */
		buf_put(&gs, c->d + c->str_end, c->gsubrs.end - c->str_end);
	else
		buf_put(&gs, "\0\0", 2);
	put_privates(c, t, &priv, pat, plen);
	const struct buf *cstr = t->scan.all ? &t->cs : &t->flat;
	const size_t *cends = t->scan.all ? t->cs_ends : t->flat_ends;
	at += index_size(1, top.len + 33) + (c->str_end - c->str_at) + gs.len;
	size_t charset = at, fdsel = charset + (t->ng > 1 ? 5 : 1), cs = fdsel + 1 + t->ng;
	size_t fdarray = cs + index_size(t->ng, cstr->len);
	put_fdarray(t, &fda, 0, pat, plen); /* for its length: offsets have a fixed size */
	size_t privates = fdarray + fda.len;
	buf_clear(&fda);
	put_fdarray(t, &fda, privates, pat, plen);
	const long offs[5] = {(long)charset, (long)cs, (long)fdarray, (long)fdsel, (long)t->ng};
	const unsigned ops[5] = {15, 17, 1236, 1237, 1234};
	for (int i = 0; i < 5; i++) {
		put_int(&top, offs[i]);
		put_op(&top, ops[i]);
	}
	size_t top_end = top.len;
	put_index(out, &top, &top_end, 1);
	buf_put(out, c->d + c->str_at, c->str_end - c->str_at);
	buf_put(out, gs.ptr, gs.len);
	if (t->ng > 1) {
		unsigned char cset[5] = {2, 0, 1, (unsigned char)((t->ng - 2) >> 8),
					 (unsigned char)(t->ng - 2)};
		buf_put(out, cset, 5); /* CIDs 1 … ng-1 in order */
	} else {
		buf_putc(out, 0);
	}
	buf_putc(out, 0);
	buf_put(out, t->fdsel, t->ng);
	put_index(out, cstr, cends, t->ng);
	buf_put(out, fda.ptr, fda.len);
	buf_put(out, priv.ptr, priv.len);
	buf_free(&top);
	buf_free(&gs);
	buf_free(&fda);
	buf_free(&priv);
}

int cff_subset(const unsigned char *d, size_t n, const uint16_t *used, size_t n_used,
	       struct buf *out)
{
	struct cff c;
	if (n_used > 65534 || cff_open(d, n, &c))
		return -1;
	struct subset t;
	memset(&t, 0, sizeof t);
	t.ng = n_used + 1;
	t.fdsel = xmalloc(t.ng);
	t.cs_ends = xmalloc(t.ng * sizeof *t.cs_ends);
	t.flat_ends = xmalloc(t.ng * sizeof *t.flat_ends);
	int rc = gather(&c, used, &t);
	if (rc == 0) {
		static const unsigned char head[4] = {1, 0, 4, 4};
		buf_put(out, head, 4);
		buf_put(out, d + c.name_at, c.name_end - c.name_at);
		put_body(&c, &t, 4 + (c.name_end - c.name_at), out);
	}
	free(t.fdsel);
	free(t.cs_ends);
	free(t.flat_ends);
	buf_free(&t.cs);
	buf_free(&t.flat);
	return rc;
}
