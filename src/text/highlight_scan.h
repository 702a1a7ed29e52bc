/* highlight_scan.h — private to the highlighter (src/text/highlight*.c):
 * what its scanners share. A language is a row of flags and word lists
 * (highlight_lang.c) read by one of three scanners: C-like code
 * (highlight_code.c), markup (highlight_markup.c) and YAML
 * (highlight_yaml.c); highlight.c picks one. They all emit spans through
 * emit() and use the small token scanners below, which run per byte: they
 * are static inline so that splitting the scanners into files costs no
 * calls. Nothing outside the highlighter includes this header. */
#ifndef OCTAVO_TEXT_HIGHLIGHT_SCAN_H
#define OCTAVO_TEXT_HIGHLIGHT_SCAN_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "text/highlight.h"
#include "base/util.h"

/* --- spans ----------------------------------------------------------- */

struct hl_out {
	struct hl_span *v;
	size_t n, cap;
	size_t covered; /* bytes of the code already in spans */
};

static inline void push(struct hl_out *o, size_t start, size_t len, enum hl_class cls)
{
	if (len == 0)
		return;
	if (o->n && o->v[o->n - 1].cls == cls &&
	    o->v[o->n - 1].start + o->v[o->n - 1].len == start) {
		o->v[o->n - 1].len += len;
	} else {
		o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
		o->v[o->n].start = start;
		o->v[o->n].len = len;
		o->v[o->n].cls = cls;
		o->n++;
	}
}

/* Class bytes [start, end). Anything skipped since the last span becomes
 * plain, and overlaps are clipped, so the spans cover the code exactly
 * whatever a scanner does. */
static inline void emit(struct hl_out *o, size_t start, size_t end, enum hl_class cls)
{
	if (start > o->covered) {
		push(o, o->covered, start - o->covered, HL_PLAIN);
		o->covered = start;
	}
	if (start < o->covered)
		start = o->covered;
	if (end <= start)
		return;
	push(o, start, end - start, cls);
	o->covered = end;
}

/* --- languages ------------------------------------------------------- */

enum {
	F_SLASH_COMMENT = 1 << 0,  /* // to end of line */
	F_BLOCK_COMMENT = 1 << 1,  /* slash-star ... star-slash */
	F_HASH_COMMENT = 1 << 2,   /* # to end of line */
	F_DASH_COMMENT = 1 << 3,   /* -- to end of line (SQL) */
	F_TRIPLE_QUOTE = 1 << 4,   /* """ and ''' strings */
	F_RUST = 1 << 5,           /* raw strings, macros!, #[attr], 'a lifetimes */
	F_PREPROC = 1 << 6,        /* # at line start is a directive (C) */
	F_DECORATOR = 1 << 7,      /* @name */
	F_SHELL = 1 << 8,          /* $VAR, raw '...', # only at word start */
	F_FOLD = 1 << 9,           /* case-insensitive words (SQL) */
	F_CAPS_TYPE = 1 << 10,     /* Capitalised identifiers are types */
	F_BACKTICK = 1 << 11,      /* `template` strings */
	F_STR_PREFIX = 1 << 12,    /* r"", b"", f"" prefixes (Python) */
	F_KEY_COLON = 1 << 13,     /* "key": is a key (JSON) */
	F_KEY_EQ = 1 << 14,        /* key = at line start; [table] (TOML, INI) */
	F_ML_STRING = 1 << 15,     /* ordinary quotes may span lines */
	F_DASH_IDENT = 1 << 16,    /* identifiers may hold '-' (CSS) */
	F_DOLLAR_IDENT = 1 << 17   /* identifiers may hold '$' (JavaScript) */
};

enum scanner { SCAN_CODE, SCAN_MARKUP, SCAN_YAML };

struct lang {
	const char *names; /* aliases, space separated, lower case */
	enum scanner scan;
	unsigned flags;
	const char *const *keywords;
	const char *const *types;
	const char *const *builtins;
};

/* The language named by a fence info word, or NULL. Case does not matter
 * ("C" is C); a trailing attribute part ("rust,ignore", "python {.x}")
 * is not part of the name. */
const struct lang *hl_find_lang(const char *name);

/* The scanners: each classes all of s (n bytes) into o. */
void hl_scan_code(const struct lang *l, const char *s, size_t n, struct hl_out *o);
void hl_scan_markup(const char *s, size_t n, struct hl_out *o);
void hl_scan_yaml(const struct lang *l, const char *s, size_t n, struct hl_out *o);

/* --- character classes ----------------------------------------------- */

static inline int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}
static inline int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}
/* Bytes >= 0x80 count as letters so UTF-8 names stay whole. */
static inline int is_ident_start(unsigned char c, unsigned flags)
{
	return is_alpha(c) || c == '_' || c >= 0x80 ||
	       (c == '$' && (flags & F_DOLLAR_IDENT));
}
static inline int is_ident(unsigned char c, unsigned flags)
{
	return is_ident_start(c, flags) || is_digit(c) ||
	       (c == '-' && (flags & F_DASH_IDENT));
}

static inline int in_list(const char *const *list, const char *w, size_t n, int fold)
{
	if (!list)
		return 0;
	for (; *list; list++) {
		const char *k = *list;
		if ((fold ? (k[0] | 0x20) != (w[0] | 0x20) : k[0] != w[0]) || strlen(k) != n)
			continue;
		if (fold ? !strncasecmp(*list, w, n) : !memcmp(*list, w, n))
			return 1;
	}
	return 0;
}

/* --- shared token scanners (each returns the end offset) ------------- */

static inline size_t to_eol(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

/* A string opened by `q` at i (the quote itself); `esc` says whether
 * backslash escapes; `ml` whether it may cross lines. Unterminated strings
 * end at the end of the line (or of the code when ml). */
static inline size_t scan_quoted(const char *s, size_t n, size_t i, char q, int esc,
			  int ml)
{
	for (i++; i < n; i++) {
		if (esc && s[i] == '\\') {
			if (i + 1 < n && s[i + 1] == '\n' && !ml)
				return i + 1;
			i++;
			continue;
		}
		if (s[i] == q)
			return i + 1;
		if (s[i] == '\n' && !ml)
			return i;
	}
	return n;
}

/* Ends at the first occurrence of `end` at or after i, or at n. */
static inline size_t scan_until(const char *s, size_t n, size_t i, const char *end)
{
	size_t m = strlen(end);
	for (; i + m <= n; i++)
		if (s[i] == end[0] && !memcmp(s + i, end, m))
			return i + m;
	return n;
}

static inline size_t scan_number(const char *s, size_t n, size_t i)
{
	int hex = s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
	size_t j = i;
	while (j < n) {
		unsigned char c = (unsigned char)s[j];
		if (is_digit(c) || is_alpha(c) || c == '_') {
			j++;
		} else if (c == '.' && !(j + 1 < n && s[j + 1] == '.') &&
			   j + 1 < n && is_digit((unsigned char)s[j + 1])) {
			j++; /* 1.5, but not the range 0..10 or a method 1.max */
		} else if ((c == '+' || c == '-') && !hex && j > i &&
			   (s[j - 1] == 'e' || s[j - 1] == 'E')) {
			j++;
		} else {
			break;
		}
	}
	return j;
}

static inline size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

#endif
