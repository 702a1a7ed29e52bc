/* ial.c — kramdown attribute lists: parsing one, and the source step
 * that strips them from a lesson before cmark sees it (see ial.h; the
 * tree step is in ial_tree.c).
 *
 * A span IAL becomes a marker (ial_marker.h) that cmark keeps as plain
 * text, so after parsing it sits right after the element the IAL
 * followed. A block IAL leaves an empty line behind, which ends
 * the block above it just as kramdown does; its line number then finds
 * the block. A line that would be removed (a block IAL, a header id) but
 * is indented by four columns or more may be a line of indented code, which
 * only a real parse can tell: the source is then parsed once, and lines of
 * indented code blocks are left as they are. */
#include "course/ial.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "course/loadlimits.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/ial_marker.h"
#include "text/text.h"

void ial_list_free(struct ial_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].classes);
		free(l->v[i].id);
		free(l->v[i].raw);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

static void add_class(struct buf *cls, const char *s, size_t n)
{
	if (!n)
		return;
	if (cls->len)
		buf_putc(cls, ' ');
	buf_put(cls, s, n);
}

void ial_parse(const char *s, size_t n, char **classes, char **id)
{
	struct buf cls = BUF_INIT;
	*id = NULL;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			i++;
		} else if (c == '.' || c == '#') {
			/* .a.b#c chains */
			while (i < n && (s[i] == '.' || s[i] == '#')) {
				char kind = s[i++];
				size_t st = i;
				while (i < n && name_char((unsigned char)s[i]))
					i++;
				if (kind == '.')
					add_class(&cls, s + st, i - st);
				else if (i > st) {
					free(*id);
					*id = xstrndup(s + st, i - st);
				}
			}
		} else if (name_char(c)) {
			size_t ks = i;
			while (i < n && name_char((unsigned char)s[i]))
				i++;
			size_t klen = i - ks;
			if (i < n && s[i] == '=') {
				i++;
				size_t vs, ve;
				i = text_attr_value(s, n, i, isspace, &vs, &ve);
				if (klen == 5 && !memcmp(s + ks, "class", 5)) {
					for (size_t k = vs; k < ve;) {
						while (k < ve && isspace((unsigned char)s[k]))
							k++;
						size_t st = k;
						while (k < ve && !isspace((unsigned char)s[k]))
							k++;
						add_class(&cls, s + st, k - st);
					}
				} else if (klen == 2 && !memcmp(s + ks, "id", 2) && ve > vs) {
					free(*id);
					*id = xstrndup(s + vs, ve - vs);
				}
				/* other attributes (style, width …) are not kept */
			}
			/* a bare word names an attribute definition: ignored */
		} else {
			i++;
		}
	}
	*classes = cls.len ? buf_detach(&cls) : NULL;
	buf_free(&cls);
}

/* An IAL starts at s[i] == '{' && s[i+1] == ':' (not "{::", kramdown's
 * extensions). Returns the offset after its '}' on the same line, or 0. */
static size_t ial_end(const char *s, size_t i, size_t line_end)
{
	if (i + 2 >= line_end || s[i] != '{' || s[i + 1] != ':' || s[i + 2] == ':')
		return 0;
	for (size_t k = i + 2; k < line_end; k++) {
		if (s[k] == '}')
			return k + 1;
		if (s[k] == '{')
			return 0;
	}
	return 0;
}

/* Container prefix of a line: spaces and `>`; counts the `>`. */
static size_t prefix_len(const char *s, size_t start, size_t end, int *quotes)
{
	size_t i = start;
	*quotes = 0;
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '>')) {
		if (s[i] == '>')
			(*quotes)++;
		i++;
	}
	return i;
}

/* Opening or closing fence (``` or ~~~) after the container prefix. */
static int fence_at(const char *s, size_t i, size_t end, char *ch, size_t *n)
{
	if (i >= end || (s[i] != '`' && s[i] != '~'))
		return 0;
	size_t k = i;
	while (k < end && s[k] == s[i])
		k++;
	if (k - i < 3)
		return 0;
	*ch = s[i];
	*n = k - i;
	return 1;
}

static int blank_line(const char *s, size_t start, size_t end)
{
	int q;
	return prefix_len(s, start, end, &q) == end;
}

/* Whole line (after its prefix) is one or more IALs and spaces? */
static int ial_only(const char *s, size_t i, size_t end)
{
	int any = 0;
	while (i < end) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		size_t e = ial_end(s, i, end);
		if (!e)
			return 0;
		any = 1;
		i = e;
	}
	return any;
}

/* Code spans of one line, found the way CommonMark pairs backtick runs
 * (a run closes at the next run of the same length). Runs are matched
 * through a table of "next run of this length", so a line of thousands
 * of unmatched runs of different lengths stays linear. */
struct span {
	size_t start, end; /* [start, end) including the backticks */
};
struct spans {
	struct span *v;
	size_t n, cap;
};

static void code_spans(const char *s, size_t from, size_t to, struct spans *out)
{
	struct run {
		size_t pos, len;
		long next; /* index of the next run of the same length, or -1 */
	} *runs = NULL;
	size_t n = 0, cap = 0;
	memset(out, 0, sizeof *out);
	if (!memchr(s + from, '`', to - from))
		return;
	for (size_t i = from; i < to;) {
		if (s[i] == '\\' && i + 1 < to) {
			i += 2;
			continue;
		}
		if (s[i] != '`') {
			i++;
			continue;
		}
		size_t k = i;
		while (k < to && s[k] == '`')
			k++;
		runs = xgrow(runs, &cap, n + 1, sizeof *runs);
		runs[n].pos = i;
		runs[n].len = k - i;
		runs[n].next = -1;
		n++;
		i = k;
	}
	struct strmap last = STRMAP_INIT; /* length → index, right to left */
	for (size_t r = n; r-- > 0;) {
		intptr_t v;
		if (strmap_get(&last, (const char *)&runs[r].len, sizeof runs[r].len, &v))
			runs[r].next = (long)v;
		strmap_put(&last, (const char *)&runs[r].len, sizeof runs[r].len, (intptr_t)r);
	}
	strmap_free(&last);
	for (size_t r = 0; r < n;) {
		if (runs[r].next < 0) {
			r++;
			continue;
		}
		size_t c = (size_t)runs[r].next;
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n].start = runs[r].pos;
		out->v[out->n].end = runs[c].pos + runs[c].len;
		out->n++;
		r = c + 1;
	}
	free(runs);
}

/* Columns of white space in a line's container prefix (tabs to the next
 * multiple of 4). A line of indented code has at least four, whatever
 * list or quote holds it. */
static int prefix_spaces(const char *s, size_t start, size_t body)
{
	int col = 0, ws = 0;
	for (size_t i = start; i < body; i++) {
		int w = s[i] == '\t' ? 4 - col % 4 : 1;
		col += w;
		if (s[i] != '>')
			ws += w;
	}
	return ws;
}

/* "{:" or "{#" somewhere in s[i, end): the line may hold an IAL or a
 * header id (a cheap test before asking whether it is code). */
static int may_hold_ial(const char *s, size_t i, size_t end)
{
	for (const char *p = s + i; p + 1 < s + end;) {
		const char *b = memchr(p, '{', (size_t)(s + end - p) - 1);
		if (!b)
			return 0;
		if (b[1] == ':' || b[1] == '#')
			return 1;
		p = b + 1;
	}
	return 0;
}

/* Line ranges of the indented code blocks of `in`, in order. */
struct code_lines {
	int *first, *last;
	size_t n, cap, next; /* next: the first range not wholly above the line */
	int done;            /* parsed already */
};

static void find_code_lines(struct code_lines *c, const char *in, size_t len, ial_parse_fn parse)
{
	c->done = 1;
	cmark_node *doc = parse(in, len);
	if (!doc)
		return;
	cmark_iter *it = cmark_iter_new(doc);
	size_t cap2 = 0;
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		int flen, foff;
		char fch;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK ||
		    cmark_node_get_fenced(n, &flen, &foff, &fch))
			continue;
		c->first = xgrow(c->first, &c->cap, c->n + 1, sizeof *c->first);
		c->last = xgrow(c->last, &cap2, c->n + 1, sizeof *c->last);
		c->first[c->n] = cmark_node_get_start_line(n);
		c->last[c->n] = cmark_node_get_end_line(n);
		c->n++;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* Is `line` (1-based, rising from call to call) in indented code? */
static int in_indented_code(struct code_lines *c, const char *in, size_t len,
			    ial_parse_fn parse, int line)
{
	if (!parse)
		return 0;
	if (!c->done)
		find_code_lines(c, in, len, parse);
	while (c->next < c->n && c->last[c->next] < line)
		c->next++;
	return c->next < c->n && c->first[c->next] <= line;
}

static struct ial *new_ial(struct ial_list *l, enum ial_kind kind, const char *s, size_t n,
			   int line, int quotes)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	struct ial *a = &l->v[l->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->line = line;
	a->quotes = quotes;
	ial_parse(s, n, &a->classes, &a->id);
	return a;
}

/* ial_strip's state, carried from line to line. */
struct strip {
	const char *in;
	size_t len;
	const char *path;
	ial_parse_fn parse;
	struct ial_list *ials;
	struct diags *d;
	struct rewriter rw;
	struct code_lines code;
	char fence_ch;  /* inside fenced code: its fence character, else 0 */
	size_t fence_n; /* and the length of its fence */
	int line;       /* 1-based number of the current line */
	int over;       /* IALs past LIMIT_IALS */
	int prev_blank; /* the line before is blank (or was emptied) */
	int prev_ial;   /* the line before was a block IAL */
};

/* One line of the input: [start, end), its container prefix ending at
 * body, the next line starting at next. */
struct line {
	size_t start, end, next, body;
	int quotes; /* `>` in the prefix */
};

/* Past LIMIT_IALS the rest are removed unused, with one warning. */
static void too_many(struct strip *s)
{
	if (!s->over++)
		diag_add(s->d, DIAG_WARNING, s->path, 0, 0,
			 "more than %d attribute lists; the rest are removed unused", LIMIT_IALS);
}

/* Fenced code, or a fence opening or closing it: 1 when the line is one
 * of those (and so holds no IAL). */
static int fenced(struct strip *s, const struct line *ln)
{
	const char *in = s->in;
	char ch;
	size_t fn;
	if (s->fence_ch) {
		/* inside fenced code: nothing is an IAL */
		if (fence_at(in, ln->body, ln->end, &ch, &fn) && ch == s->fence_ch &&
		    fn >= s->fence_n && blank_line(in, ln->body + fn, ln->end))
			s->fence_ch = 0;
		return 1;
	}
	/* "    ```" in indented code is a line of code, not a fence */
	if (fence_at(in, ln->body, ln->end, &ch, &fn) &&
	    !(prefix_spaces(in, ln->start, ln->body) >= 4 &&
	      in_indented_code(&s->code, in, s->len, s->parse, s->line))) {
		s->fence_ch = ch;
		s->fence_n = fn;
		return 1;
	}
	return 0;
}

/* An indented line with an IAL or a header id may be indented code,
 * which keeps them as text, like fenced code. */
static int indented_code(struct strip *s, const struct line *ln)
{
	return prefix_spaces(s->in, ln->start, ln->body) >= 4 &&
	       may_hold_ial(s->in, ln->body, ln->end) &&
	       in_indented_code(&s->code, s->in, s->len, s->parse, s->line);
}

/* A line of block IALs: each is kept for the block after it or before
 * it, and the line is emptied. */
static void block_ials(struct strip *s, const struct line *ln)
{
	const char *in = s->in;
	size_t len = s->len, next = ln->next;
	const char *nl2 = next < len ? memchr(in + next, '\n', len - next) : NULL;
	int next_blank = next >= len || blank_line(in, next, nl2 ? (size_t)(nl2 - in) : len);
	enum ial_kind kind = !s->prev_blank && !s->prev_ial ? IAL_AFTER : IAL_BEFORE;
	int attach = kind == IAL_AFTER || !next_blank;
	for (size_t i = ln->body; i < ln->end;) {
		size_t e = ial_end(in, i, ln->end);
		if (!e) {
			i++;
			continue;
		}
		if (attach && s->ials->n < LIMIT_IALS)
			new_ial(s->ials, kind, in + i + 2, e - i - 3, s->line, ln->quotes);
		else if (attach)
			too_many(s);
		i = e;
	}
	rewriter_copy(&s->rw, ln->body);
	rewriter_replace(&s->rw, ln->end, "", 0);
}

/* "## Title {#id}": kramdown's header id, kept as an IAL_LINE. Sets
 * [*hid_start, *hid_end) to the text to cut (after the span scan), or
 * both to 0 when the line has none. */
static void header_id(struct strip *s, const struct line *ln, size_t *hid_start,
		      size_t *hid_end)
{
	const char *in = s->in;
	size_t body = ln->body, end = ln->end;
	size_t hashes = 0;
	*hid_start = *hid_end = 0;
	while (body + hashes < end && in[body + hashes] == '#')
		hashes++;
	if (hashes >= 1 && hashes <= 6 && body + hashes < end &&
	    (in[body + hashes] == ' ' || in[body + hashes] == '\t')) {
		size_t e2 = end;
		while (e2 > body && (in[e2 - 1] == ' ' || in[e2 - 1] == '\t'))
			e2--;
		if (e2 > body && in[e2 - 1] == '}') {
			size_t o = e2 - 1;
			while (o > body && in[o] != '{')
				o--;
			if (in[o] == '{' && o + 2 < e2 && in[o + 1] == '#' && o > body &&
			    in[o - 1] == ' ') {
				int ok = 1;
				for (size_t k = o + 2; k + 1 < e2; k++)
					ok &= name_char((unsigned char)in[k]);
				if (ok && s->ials->n < LIMIT_IALS) {
					new_ial(s->ials, IAL_LINE, in + o + 1, e2 - o - 2, s->line,
						ln->quotes);
					*hid_start = o;
					*hid_end = e2;
				}
			}
		}
	}
}

/* Span IALs in [ln->body, scan_end), outside code spans: each becomes
 * a marker. */
static void span_ials(struct strip *s, const struct line *ln, size_t scan_end)
{
	const char *in = s->in;
	/* most lines hold no brace at all: skip the character walk */
	if (scan_end <= ln->body || !memchr(in + ln->body, '{', scan_end - ln->body))
		return;
	struct spans cs;
	code_spans(in, ln->body, scan_end, &cs);
	size_t next_span = 0;
	for (size_t i = ln->body; i < scan_end; i++) {
		if (next_span < cs.n && i == cs.v[next_span].start) {
			i = cs.v[next_span++].end - 1; /* code: not an IAL */
			continue;
		}
		if (in[i] == '\\') {
			i++;
			continue;
		}
		size_t e = ial_end(in, i, scan_end);
		if (!e)
			continue;
		struct buf mk = BUF_INIT;
		if (s->ials->n < LIMIT_IALS) {
			put_marker(&mk, s->ials->n);
			struct ial *a = new_ial(s->ials, IAL_SPAN, in + i + 2, e - i - 3, s->line,
						ln->quotes);
			a->raw = xstrndup(in + i, e - i);
		} else {
			too_many(s);
		}
		rewriter_copy(&s->rw, i);
		rewriter_replace(&s->rw, e, buf_cstr(&mk), mk.len);
		buf_free(&mk);
		i = e - 1;
	}
	free(cs.v);
}

static void strip_line(struct strip *s, const struct line *ln)
{
	const char *in = s->in;
	if (fenced(s, ln) || indented_code(s, ln)) {
		s->prev_blank = 0;
		s->prev_ial = 0;
		return;
	}
	if (ln->body < ln->end && in[ln->body] == '{' && ial_only(in, ln->body, ln->end)) {
		block_ials(s, ln);
		s->prev_blank = 1; /* the line is empty now */
		s->prev_ial = 1;
		return;
	}
	size_t hid_start, hid_end;
	header_id(s, ln, &hid_start, &hid_end);
	span_ials(s, ln, hid_end ? hid_start : ln->end);
	if (hid_end) {
		rewriter_copy(&s->rw, hid_start);
		rewriter_replace(&s->rw, hid_end, "", 0);
	}
	s->prev_blank = blank_line(in, ln->start, ln->end);
	s->prev_ial = 0;
}

void ial_strip(const char *in, size_t len, const char *path, ial_parse_fn parse, char **out,
	       size_t *out_len, struct srcmap *map, struct ial_list *ials,
	       struct diags *d)
{
	struct strip s = {.in = in, .len = len, .path = path, .parse = parse, .ials = ials,
			  .d = d, .prev_blank = 1};
	rewriter_init(&s.rw, in, len);
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(in + start, '\n', len - start);
		struct line ln;
		ln.start = start;
		ln.end = nl ? (size_t)(nl - in) : len;
		ln.next = nl ? ln.end + 1 : len;
		ln.body = prefix_len(in, start, ln.end, &ln.quotes);
		s.line++;
		strip_line(&s, &ln);
		start = ln.next;
	}
	rewriter_finish(&s.rw, out, out_len, map);
	free(s.code.first);
	free(s.code.last);
}
