/* para.c — building a paragraph: text in styles becomes the boxes, glue
 * and penalties the line breaker works on. Spaces become glue; words get
 * break points where they may be hyphenated (through the metrics'
 * hyphenate callback), after their own hyphens, and anywhere in a long
 * token such as a URL. Widths are measured here, once per box, so the
 * line breaker and the line setter only add them up. */
#include <stdlib.h>
#include <string.h>

#include "font/fontset.h"
#include "typeset/hyph.h"
#include "typeset/layout.h"
#include "typeset/para.h"
#include "base/util.h"

void para_init(struct para *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->text);
}

/* The memo: a word's width in a font at a size, and a word's
 * hyphenation points, kept for the paragraph builder's life. Prose
 * repeats its words (Zipf), so most of a book's words are measured and
 * hyphenated once instead of at every occurrence; the results are the
 * metrics' own, so the lines come out the same to the bit. It is bound to
 * one set of metrics, and stops growing at PARA_MEMO_MAX entries so that a
 * book of unique tokens costs little more than it did. The table is its
 * own rather than a strmap: a lookup per word has to cost less than
 * measuring the word, so keys are hashed eight bytes at a time and kept
 * in one pool instead of a malloc each. */
#define PARA_MEMO_MAX 131072
#define PARA_MEMO_WORD 48 /* longer words are measured every time */

struct memo_slot {
	uint64_t hash;  /* 0: empty */
	uint32_t key;   /* offset of the key in keys */
	uint32_t klen;
	union {
		double width;  /* kind 'w' */
		uint32_t pts;  /* kind 'h': offset of the points in keys */
	};
};

struct para_memo {
	struct metrics m;      /* the metrics the entries came from */
	struct memo_slot *slot;
	size_t n, cap;         /* cap: a power of two */
	struct buf keys;       /* keys, and hyphenation points */
	int sp_font;           /* the last style's space and hyphen widths */
	double sp_size, sp_w, hy_w;
};

static void memo_free(struct para_memo *mo)
{
	if (!mo)
		return;
	free(mo->slot);
	buf_free(&mo->keys);
	free(mo);
}

/* p's memo for L's metrics, made (or remade, for other metrics) now. */
static struct para_memo *memo_of(struct para *p, const struct layout *L)
{
	struct para_memo *mo = p->memo;
	if (mo && (mo->m.width != L->m.width || mo->m.hyphenate != L->m.hyphenate ||
		   mo->m.ctx != L->m.ctx)) {
		memo_free(mo);
		mo = NULL;
	}
	if (!mo) {
		mo = xcalloc(1, sizeof *mo);
		mo->m = L->m;
		mo->cap = 1024;
		mo->slot = xcalloc(mo->cap, sizeof *mo->slot);
		buf_init(&mo->keys);
		mo->sp_font = -1;
		p->memo = mo;
	}
	return mo;
}

static uint64_t memo_hash(char kind, uint64_t seed, const char *s, size_t n)
{
	uint64_t h = seed ^ ((uint64_t)(unsigned char)kind << 56) ^ (n * 0x9E3779B97F4A7C15ull);
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	uint64_t v = 0;
	memcpy(&v, s + i, n - i);
	h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 29;
	return h | 1; /* never 0, the empty mark */
}

/* The slot of (kind, seed, s[0..n)): the entry, or the empty slot where
 * it would go. Keys start with seed's 8 bytes when seed is not 0. */
static struct memo_slot *memo_find(struct para_memo *mo, uint64_t h, const char *s, size_t n)
{
	size_t mask = mo->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct memo_slot *e = &mo->slot[i];
		if (!e->hash || (e->hash == h && e->klen == n && !memcmp(mo->keys.ptr + e->key, s, n)))
			return e;
	}
}

/* Make room for one more entry; 0 when the memo is full. */
static int memo_room(struct para_memo *mo)
{
	if (mo->n >= PARA_MEMO_MAX || mo->keys.len > 0x7FFFFFFF)
		return 0;
	if ((mo->n + 1) * 4 <= mo->cap * 3)
		return 1;
	struct memo_slot *old = mo->slot;
	size_t old_cap = mo->cap;
	mo->cap *= 2;
	mo->slot = xcalloc(mo->cap, sizeof *mo->slot);
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].hash)
			continue;
		size_t mask = mo->cap - 1, j = (size_t)old[i].hash & mask;
		while (mo->slot[j].hash)
			j = (j + 1) & mask;
		mo->slot[j] = old[i];
	}
	free(old);
	return 1;
}

/* Width of s[0..n) in font at size, as L's metrics give it. */
static double measure(struct para *p, const struct layout *L, int font, double size,
		      const char *s, size_t n)
{
	/* A word of ASCII characters is summed from the font's table, as
	 * the metrics' width sums it (fontset_width): the same number, to
	 * the bit, in fewer instructions than the memo's key, hash and
	 * probe. The Rust course's layout 16.4M -> 14.6M instructions. */
	const uint16_t *adv = L->m.ascii ? L->m.ascii(L->m.ctx, font) : NULL;
	if (adv) {
		unsigned long units = 0;
		size_t i = 0;
		for (; i < n && !((unsigned char)s[i] & 0x80); i++)
			units += adv[(unsigned char)s[i]];
		if (i == n)
			return units * size / 1000.0;
	}
	if (n > PARA_MEMO_WORD)
		return L->m.width(L->m.ctx, font, s, n, size);
	struct para_memo *mo = memo_of(p, L);
	uint64_t bits;
	memcpy(&bits, &size, sizeof bits);
	uint64_t seed = bits ^ ((uint64_t)(unsigned)font * 0x9E3779B97F4A7C15ull);
	/* the key: font and size, then the bytes */
	char key[sizeof font + sizeof size + PARA_MEMO_WORD];
	memcpy(key, &font, sizeof font);
	memcpy(key + sizeof font, &size, sizeof size);
	memcpy(key + sizeof font + sizeof size, s, n);
	size_t klen = sizeof font + sizeof size + n;
	uint64_t h = memo_hash('w', seed, s, n);
	struct memo_slot *e = memo_find(mo, h, key, klen);
	if (e->hash)
		return e->width;
	double w = L->m.width(L->m.ctx, font, s, n, size);
	if (memo_room(mo)) {
		e = memo_find(mo, h, key, klen);
		e->hash = h;
		e->key = (uint32_t)mo->keys.len;
		e->klen = (uint32_t)klen;
		e->width = w;
		buf_put(&mo->keys, key, klen);
		mo->n++;
	}
	return w;
}

/* The width of a space and of a hyphen in st's font and size. */
static void space_widths(struct para *p, const struct layout *L, const struct run_style *st,
			 double *sp, double *hy)
{
	struct para_memo *mo = memo_of(p, L);
	if (mo->sp_font != st->font || mo->sp_size != st->size) {
		mo->sp_w = L->m.width(L->m.ctx, st->font, " ", 1, st->size);
		mo->hy_w = L->m.width(L->m.ctx, st->font, "-", 1, st->size);
		mo->sp_font = st->font;
		mo->sp_size = st->size;
	}
	if (sp)
		*sp = mo->sp_w;
	if (hy)
		*hy = mo->hy_w;
}

/* The hyphenation points of word[0..n) into ok[0..n), as L's metrics'
 * hyphenate gives them. Hyphenation keys are the word's bytes alone,
 * told apart from width keys by their hash kind and length. */
static void hyphenate(struct para *p, const struct layout *L, const char *word, size_t n,
		      char *ok)
{
	if (n > PARA_MEMO_WORD) {
		L->m.hyphenate(L->m.ctx, word, n, ok);
		return;
	}
	struct para_memo *mo = memo_of(p, L);
	uint64_t h = memo_hash('h', 0, word, n);
	struct memo_slot *e = memo_find(mo, h, word, n);
	if (e->hash) {
		memcpy(ok, mo->keys.ptr + e->pts, n);
		return;
	}
	L->m.hyphenate(L->m.ctx, word, n, ok);
	if (memo_room(mo)) {
		e = memo_find(mo, h, word, n);
		e->hash = h;
		e->key = (uint32_t)mo->keys.len;
		e->klen = (uint32_t)n;
		buf_put(&mo->keys, word, n);
		e->pts = (uint32_t)mo->keys.len;
		buf_put(&mo->keys, ok, n);
		mo->n++;
	}
}

void para_free(struct para *p)
{
	memo_free(p->memo);
	free(p->v);
	free(p->styles);
	buf_free(&p->text);
	memset(p, 0, sizeof *p);
}

void para_clear(struct para *p)
{
	p->n = 0;
	p->n_whole = 0;
	p->n_styles = 0;
	buf_clear(&p->text);
}

int para_empty(const struct para *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lb.type == LB_BOX)
			return 0;
	return 1;
}

static int style_index(struct para *p, const struct run_style *st)
{
	if (p->n_styles && !memcmp(&p->styles[p->n_styles - 1], st, sizeof *st))
		return (int)p->n_styles - 1;
	p->styles = xgrow(p->styles, &p->cap_styles, p->n_styles + 1, sizeof *p->styles);
	p->styles[p->n_styles] = *st;
	return (int)p->n_styles++;
}

static struct para_item *push(struct para *p, enum lb_type t)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	struct para_item *x = &p->v[p->n++];
	memset(x, 0, sizeof *x);
	x->lb.type = t;
	return x;
}

/* A box of s[0..n) in style si, of width w when w >= 0 (measured
 * already), else measured now. */
static void push_box_w(struct para *p, const struct layout *L, int si, const char *s, size_t n,
		       double w)
{
	if (!n)
		return;
	const struct run_style *st = &p->styles[si];
	struct para_item *x = push(p, LB_BOX);
	x->text = p->text.len;
	x->len = n;
	x->style = si;
	buf_put(&p->text, s, n);
	x->lb.width = w >= 0 ? w : measure(p, L, st->font, st->size, s, n);
}

static void push_box(struct para *p, const struct layout *L, int si, const char *s, size_t n)
{
	push_box_w(p, L, si, s, n, -1);
}

static void push_penalty(struct para *p, double width, int penalty, int flagged, int si)
{
	struct para_item *x = push(p, LB_PENALTY);
	x->lb.width = width;
	x->lb.penalty = penalty;
	x->lb.flagged = flagged;
	x->style = si;
}

/* Let a very long paragraph lay out its finished lines (struct para's
 * `part`); only where it ends in a box, so that nothing is lost when the
 * line breaker closes it for a moment. */
static void maybe_part(struct para *p)
{
	if (p->part && !p->expanding && p->n > PARA_PART_ITEMS && p->v[p->n - 1].lb.type == LB_BOX)
		p->part(p->part_ctx, p);
}

static int is_url_break(char c)
{
	return c == '/' || c == '.' || c == '_' || c == '?' || c == '&' || c == '=' ||
	       c == ':' || c == ',' || c == ';' || c == ')' || c == ']' || c == '>' || c == '#';
}

/* Whether the ASCII byte c is a letter. */
static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A word of more than PARA_HUGE_WORD characters as pieces that each fill
 * a line, with a break allowed between them. */
static void add_huge_word(struct para *p, const struct layout *L, int si, const char *w,
			  size_t n)
{
	const struct run_style *st = &p->styles[si];
	/* widths add up character by character; keep a hair's room for the
	 * rounding of the sum */
	double room = p->max_width > 0 ? p->max_width - 0.01 : 0;
	size_t start = 0, chars = 0;
	double pw = 0;
	for (size_t i = 0; i < n;) {
		size_t cl = 1;
		utf8_next(w + i, n - i, &cl);
		double cw = room > 0 ? L->m.width(L->m.ctx, st->font, w + i, cl, st->size) : 0;
		if (i > start && (room > 0 ? pw + cw > room : chars == 64)) {
			push_box(p, L, si, w + start, i - start);
			maybe_part(p);
			push_penalty(p, 0, 2000, 0, si);
			start = i;
			pw = 0;
			chars = 0;
		}
		pw += cw;
		chars++;
		i += cl;
	}
	push_box(p, L, si, w + start, n - start);
	maybe_part(p);
}

/* Word w[0..n) as boxes with a break point after each piece: at its
 * hyphenation points ok (NULL: none), its own hyphens, and, in a long
 * token, after its URL punctuation or anywhere. ww: the whole word's
 * width when measured already, else -1. */
static void add_pieces(struct para *p, const struct layout *L, int si, const char *w, size_t n,
		       const char *ok, int anywhere, int long_word, double ww)
{
	const struct run_style *st = &p->styles[si];
	double hy_w;
	space_widths(p, L, st, NULL, &hy_w);
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		size_t cl = 1;
		utf8_next(w + i, n - i, &cl);
		size_t next = i + cl;
		if (next >= n)
			break;
		int pen = 0, flagged = 0;
		double pw = 0;
		if (ok && ok[i] && i >= 1 && n - next >= 2) {
			pen = 50;
			flagged = 1;
			pw = hy_w;
		} else if (w[i] == '-' && i > 0 && n - next >= 2 && !anywhere && !st->code_bg) {
			/* (a hyphen in code is part of a name, not a place to break) */
			pen = 50;
			flagged = 1;
		} else if ((anywhere || long_word) && is_url_break(w[i]) && i > 0) {
			pen = 200;
		} else if (anywhere || long_word) {
			pen = 2000;
		}
		if (pen) {
			push_box(p, L, si, w + start, next - start);
			maybe_part(p);
			push_penalty(p, pw, pen, flagged, si);
			start = next;
		}
		i = next;
	}
	push_box_w(p, L, si, w + start, n - start, start ? -1 : ww);
	maybe_part(p);
}

/* Add one word (no spaces) as boxes with break points between them.
 * Returns 1 when it was a huge one (add_huge_word). */
static int add_word(struct para *p, const struct layout *L, int si, const char *w, size_t n)
{
	const struct run_style *st = &p->styles[si];
	/* bytes of letters: ASCII and the Latin, Greek and Cyrillic letters
	 * the hyphenator knows ("Größe", "été") */
	size_t letters = 0, chars = 0;
	for (size_t i = 0; i < n; chars++) {
		if (!((unsigned char)w[i] & 0x80)) { /* hyph_is_letter's ASCII */
			letters += is_letter(w[i]);
			i++;
			continue;
		}
		size_t cl = 1;
		uint32_t cp = utf8_next(w + i, n - i, &cl);
		if (hyph_is_letter(cp))
			letters += cl;
		i += cl;
	}
	if (chars > PARA_HUGE_WORD) {
		add_huge_word(p, L, si, w, n);
		return 1;
	}
	/* hyphenate the letters of a word, leaving punctuation around it
	 * ("(hyphenation)," → "hyphenation") */
	size_t a = 0, b = n;
	while (a < n && !is_letter(w[a]) && !((unsigned char)w[a] & 0x80))
		a++;
	while (b > a && !is_letter(w[b - 1]) && !((unsigned char)w[b - 1] & 0x80))
		b--;
	int can_hyphenate = p->hyphenate && L->m.hyphenate && !st->code_bg && b - a >= 5 &&
			    b - a < 64 && letters == b - a;
	/* long tokens (URLs, identifiers) may break anywhere, at a high cost */
	int anywhere = n > 18 && letters * 10 < n * 9;
	/* any word too wide for its column, however ordinary, must break */
	double ww = -1;
	if (!anywhere && p->max_width > 0 && n > 1) {
		ww = measure(p, L, st->font, st->size, w, n);
		anywhere = ww > p->max_width;
	}
	int long_word = n > 24;
	/* a word whose only breaks would be its hyphenation points waits
	 * whole for the line breaker's first try (struct para's n_whole) */
	if (can_hyphenate && !p->expanding && !anywhere && !long_word && !memchr(w, '-', n)) {
		push_box_w(p, L, si, w, n, ww);
		p->v[p->n - 1].whole = 1;
		p->n_whole++;
		maybe_part(p);
		return 0;
	}
	char *ok = NULL, ok_here[128]; /* where a hyphen may go: most words fit */
	if (can_hyphenate) {
		ok = n < sizeof ok_here ? memset(ok_here, 0, n + 1) : xcalloc(n + 1, 1);
		hyphenate(p, L, w + a, b - a, ok + a);
	}
	add_pieces(p, L, si, w, n, ok, anywhere, long_word, ww);
	if (ok != ok_here)
		free(ok);
	return 0;
}

void para_add(struct para *p, const struct layout *L, const struct run_style *st,
	      const char *s, size_t n)
{
	int si = style_index(p, st);
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
			while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
				i++;
			if (st->nobreak) {
				push_box(p, L, si, " ", 1);
				continue;
			}
			/* collapse with a space already there */
			if (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
				continue;
			if (!p->n)
				continue;
			double sw;
			space_widths(p, L, st, &sw, NULL);
			struct para_item *g = push(p, LB_GLUE);
			g->lb.width = sw;
			g->lb.stretch = sw * 0.6;
			g->lb.shrink = sw * 0.3;
			g->style = si;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t')
			j++;
		if (st->nobreak) {
			push_box(p, L, si, s + i, j - i);
			maybe_part(p);
		} else if (add_word(p, L, si, s + i, j - i)) {
			p->n_huge++;
			p->huge_off = i;
		}
		i = j;
	}
}

static void drop_trailing_glue(struct para *p)
{
	while (p->n && p->v[p->n - 1].lb.type == LB_GLUE)
		p->n--;
}

/* Fill the rest of the line and force a break. */
static void push_fill_break(struct para *p)
{
	struct para_item *g = push(p, LB_GLUE);
	g->lb.stretch = LB_FIL;
	push_penalty(p, 0, LB_FORCE, 0, 0);
}

void para_hard_break(struct para *p)
{
	/* drop a trailing space, then fill the line and force a break */
	drop_trailing_glue(p);
	push_fill_break(p);
}

void para_finish(struct para *p)
{
	/* strip trailing glue, end with fill + forced break */
	drop_trailing_glue(p);
	if (p->n && p->v[p->n - 1].lb.type == LB_PENALTY && p->v[p->n - 1].lb.penalty <= LB_FORCE) {
		/* a hard break at the very end adds nothing */
		p->n--;
		drop_trailing_glue(p);
	}
	push_fill_break(p);
}

void para_expand(struct para *p, const struct layout *L)
{
	if (!p->n_whole)
		return;
	/* the items again, in a new vector and a new text: a word's pieces
	 * take its place, and the text stays in item order, as setting a
	 * line's runs wants it (lines.c) */
	struct para_item *old = p->v;
	size_t n = p->n;
	struct buf text = p->text;
	p->v = NULL;
	p->n = p->cap = 0;
	buf_init(&p->text);
	p->expanding = 1;
	for (size_t i = 0; i < n; i++) {
		const struct para_item *x = &old[i];
		if (x->whole) {
			add_word(p, L, x->style, text.ptr + x->text, x->len);
			continue;
		}
		struct para_item *y = push(p, x->lb.type);
		*y = *x;
		if (x->lb.type == LB_BOX) {
			y->text = p->text.len;
			buf_put(&p->text, text.ptr + x->text, x->len);
		}
	}
	p->expanding = 0;
	p->n_whole = 0;
	buf_free(&text);
	free(old);
}
