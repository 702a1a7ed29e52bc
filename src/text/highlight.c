/* highlight.c — a small table-driven lexer that splits code into classed
 * spans for the PDF and EPUB back ends (see highlight.h).
 *
 * It is not a parser: each language is a row of flags and word lists read
 * by one of three scanners (C-like code, markup, YAML). The aim is the
 * colouring a reader expects — comments, strings, numbers, keywords, types,
 * macros, attributes, function names — on any input, including broken
 * code: unterminated strings and comments run to the end, every byte lands
 * in exactly one span, and no scanner ever looks back, so the work is
 * linear in the input. Span boundaries only fall before ASCII bytes or at
 * the ends of runs of non-ASCII bytes, so valid UTF-8 is never split. */
#include "text/highlight.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

/* --- spans ----------------------------------------------------------- */

struct hl_out {
	struct hl_span *v;
	size_t n, cap;
	size_t covered; /* bytes of the code already in spans */
};

static void push(struct hl_out *o, size_t start, size_t len, enum hl_class cls)
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
static void emit(struct hl_out *o, size_t start, size_t end, enum hl_class cls)
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

static const char *const rust_kw[] = {
	"as", "async", "await", "break", "const", "continue", "crate", "dyn",
	"else", "enum", "extern", "fn", "for", "if", "impl", "in", "let", "loop",
	"match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
	"static", "struct", "super", "trait", "type", "unsafe", "use", "where",
	"while", "union", NULL};
static const char *const rust_ty[] = {
	"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
	"u128", "usize", "f32", "f64", "bool", "char", "str", NULL};
static const char *const rust_bi[] = {
	"true", "false", "Some", "None", "Ok", "Err", NULL};

static const char *const py_kw[] = {
	"and", "as", "assert", "async", "await", "break", "class", "continue",
	"def", "del", "elif", "else", "except", "finally", "for", "from",
	"global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
	"pass", "raise", "return", "try", "while", "with", "yield", "match",
	"case", NULL};
static const char *const py_ty[] = {
	"int", "float", "str", "bool", "list", "dict", "tuple", "set", "bytes",
	"bytearray", "complex", "object", "frozenset", NULL};
static const char *const py_bi[] = {
	"True", "False", "None", "self", "print", "len", "range", "input",
	"open", "type", "isinstance", "enumerate", "zip", "map", "filter",
	"sorted", "sum", "min", "max", "abs", "round", "super", NULL};

static const char *const c_kw[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else",
	"enum", "extern", "for", "goto", "if", "inline", "register", "restrict",
	"return", "sizeof", "static", "struct", "switch", "typedef", "union",
	"volatile", "while", "class", "namespace", "template", "typename",
	"public", "private", "protected", "virtual", "new", "delete", "using",
	"try", "catch", "throw", "operator", "this", NULL};
static const char *const c_ty[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed",
	"unsigned", "bool", "_Bool", "size_t", "ssize_t", "int8_t", "int16_t",
	"int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
	"FILE", "std", "string", "vector", NULL};
static const char *const c_bi[] = {
	"NULL", "true", "false", "nullptr", "printf", "malloc", "free",
	"stdin", "stdout", "stderr", NULL};

static const char *const sh_kw[] = {
	"if", "then", "else", "elif", "fi", "for", "in", "do", "done", "case",
	"esac", "while", "until", "function", "return", "select", "time", NULL};
static const char *const sh_bi[] = {
	"echo", "cd", "export", "local", "source", "exit", "set", "unset",
	"read", "printf", "test", "sudo", "alias", "eval", "exec", "shift",
	"true", "false", NULL};

static const char *const sql_kw[] = {
	"select", "from", "where", "insert", "into", "values", "update", "set",
	"delete", "create", "table", "drop", "alter", "add", "index", "view",
	"join", "inner", "left", "right", "outer", "full", "cross", "on", "as",
	"and", "or", "not", "null", "is", "in", "like", "between", "order",
	"by", "group", "having", "limit", "offset", "distinct", "union", "all",
	"primary", "key", "foreign", "references", "default", "unique", "check",
	"constraint", "case", "when", "then", "else", "end", "exists", "begin",
	"commit", "rollback", "transaction", "asc", "desc", "if", "with",
	"returning", "autoincrement", NULL};
static const char *const sql_ty[] = {
	"int", "integer", "bigint", "smallint", "serial", "text", "varchar",
	"char", "boolean", "bool", "date", "time", "timestamp", "real", "float",
	"double", "decimal", "numeric", "blob", "json", NULL};
static const char *const sql_bi[] = {
	"count", "sum", "avg", "min", "max", "now", "coalesce", "true", "false",
	NULL};

static const char *const js_kw[] = {
	"break", "case", "catch", "class", "const", "continue", "debugger",
	"default", "delete", "do", "else", "export", "extends", "finally",
	"for", "function", "if", "import", "in", "instanceof", "let", "new",
	"return", "super", "switch", "this", "throw", "try", "typeof", "var",
	"void", "while", "with", "yield", "async", "await", "of", "static",
	"from", "interface", "type", "enum", "implements", NULL};
static const char *const js_ty[] = {
	"string", "number", "boolean", "any", "unknown", "never", "object",
	NULL};
static const char *const js_bi[] = {
	"true", "false", "null", "undefined", "NaN", "Infinity", "console",
	"window", "document", "require", "module", NULL};

static const char *const rb_kw[] = {
	"alias", "and", "begin", "break", "case", "class", "def", "defined?",
	"do", "else", "elsif", "end", "ensure", "for", "if", "in", "module",
	"next", "not", "or", "redo", "rescue", "retry", "return", "self",
	"super", "then", "unless", "until", "when", "while", "yield", NULL};
static const char *const rb_bi[] = {
	"true", "false", "nil", "puts", "print", "require", "attr_accessor",
	NULL};

static const char *const data_bi[] = {
	"true", "false", "null", "yes", "no", "on", "off", "~", "inf", "nan",
	NULL};

static const char *const css_kw[] = {
	"important", "inherit", "initial", "none", "auto", NULL};

static const struct lang langs[] = {
	{"rust rs", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_RUST | F_CAPS_TYPE | F_ML_STRING,
	 rust_kw, rust_ty, rust_bi},
	{"python py python3 py3 pycon ipython", SCAN_CODE,
	 F_HASH_COMMENT | F_TRIPLE_QUOTE | F_DECORATOR | F_STR_PREFIX |
	     F_CAPS_TYPE,
	 py_kw, py_ty, py_bi},
	{"c h cpp c++ cc cxx hpp hh arduino ino", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_PREPROC, c_kw, c_ty, c_bi},
	{"sh bash shell zsh ksh console shell-session shellsession terminal",
	 SCAN_CODE, F_HASH_COMMENT | F_SHELL | F_ML_STRING, sh_kw, NULL, sh_bi},
	{"sql mysql postgresql postgres psql sqlite plsql", SCAN_CODE,
	 F_DASH_COMMENT | F_BLOCK_COMMENT | F_FOLD, sql_kw, sql_ty, sql_bi},
	{"javascript js jsx mjs node typescript ts tsx", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_BACKTICK | F_CAPS_TYPE |
	     F_DOLLAR_IDENT,
	 js_kw, js_ty, js_bi},
	{"json jsonc json5", SCAN_CODE,
	 F_KEY_COLON | F_SLASH_COMMENT | F_BLOCK_COMMENT, NULL, NULL, data_bi},
	{"toml ini cfg", SCAN_CODE,
	 F_HASH_COMMENT | F_TRIPLE_QUOTE | F_KEY_EQ, NULL, NULL, data_bi},
	{"ruby rb", SCAN_CODE, F_HASH_COMMENT | F_CAPS_TYPE, rb_kw, NULL,
	 rb_bi},
	{"css scss less sass", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_DECORATOR | F_DASH_IDENT, css_kw,
	 NULL, NULL},
	{"yaml yml", SCAN_YAML, 0, NULL, NULL, data_bi},
	{"html xml xhtml htm svg vue jinja liquid", SCAN_MARKUP, 0, NULL, NULL,
	 NULL},
};

/* The language named by a fence info word, or NULL. Case does not matter
 * ("C" is C); a trailing attribute part ("rust,ignore", "python {.x}")
 * is not part of the name. */
static const struct lang *find_lang(const char *name)
{
	if (!name)
		return NULL;
	size_t n = strcspn(name, " \t,{");
	if (n == 0 || n > 32)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
		const char *p = langs[i].names;
		while (*p) {
			size_t m = strcspn(p, " ");
			if (m == n && !strncasecmp(p, name, n))
				return &langs[i];
			p += m;
			while (*p == ' ')
				p++;
		}
	}
	return NULL;
}

/* --- character classes ----------------------------------------------- */

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}
static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}
/* Bytes >= 0x80 count as letters so UTF-8 names stay whole. */
static int is_ident_start(unsigned char c, unsigned flags)
{
	return is_alpha(c) || c == '_' || c >= 0x80 ||
	       (c == '$' && (flags & F_DOLLAR_IDENT));
}
static int is_ident(unsigned char c, unsigned flags)
{
	return is_ident_start(c, flags) || is_digit(c) ||
	       (c == '-' && (flags & F_DASH_IDENT));
}

static int in_list(const char *const *list, const char *w, size_t n, int fold)
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

static size_t to_eol(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

/* A string opened by `q` at i (the quote itself); `esc` says whether
 * backslash escapes; `ml` whether it may cross lines. Unterminated strings
 * end at the end of the line (or of the code when ml). */
static size_t scan_quoted(const char *s, size_t n, size_t i, char q, int esc,
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
static size_t scan_until(const char *s, size_t n, size_t i, const char *end)
{
	size_t m = strlen(end);
	for (; i + m <= n; i++)
		if (s[i] == end[0] && !memcmp(s + i, end, m))
			return i + m;
	return n;
}

static size_t scan_number(const char *s, size_t n, size_t i)
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

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* --- C-like code ------------------------------------------------------ */

static int is_op(unsigned char c)
{
	return c && strchr("+-*/%=<>!&|^~?:", c) != NULL;
}
static int is_punct(unsigned char c)
{
	return c && strchr("(){}[];,.", c) != NULL;
}

/* Rust raw string r#"..."# / br"..." at i (pointing at 'r'); 0 if none. */
static size_t scan_rust_raw(const char *s, size_t n, size_t i)
{
	size_t j = i + 1, hashes = 0;
	while (j < n && s[j] == '#' && hashes < 255) {
		hashes++;
		j++;
	}
	if (j >= n || s[j] != '"')
		return 0;
	for (j++; j < n; j++) {
		if (s[j] != '"')
			continue;
		size_t k = 0;
		while (k < hashes && j + 1 + k < n && s[j + 1 + k] == '#')
			k++;
		if (k == hashes)
			return j + 1 + k;
	}
	return n;
}

/* Rust ' at i: a char literal ('a', '\n', 'é') or a lifetime ('a). */
static size_t scan_rust_quote(const char *s, size_t n, size_t i,
			      enum hl_class *cls)
{
	*cls = HL_STRING;
	if (i + 1 < n && s[i + 1] == '\\') {
		size_t j = i + 2;
		while (j < n && j < i + 12 && s[j] != '\'' && s[j] != '\n')
			j++;
		return (j < n && s[j] == '\'') ? j + 1 : i + 1;
	}
	/* one character, maybe multi-byte, then ' */
	size_t j = i + 1;
	if (j < n && (unsigned char)s[j] >= 0x80) {
		j++;
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
	} else if (j < n) {
		j++;
	}
	if (j < n && s[j] == '\'' && s[i + 1] != '\'')
		return j + 1;
	*cls = HL_TYPE; /* lifetime */
	j = i + 1;
	while (j < n && is_ident((unsigned char)s[j], 0))
		j++;
	if (j == i + 1)
		*cls = HL_PUNCT;
	return j;
}

struct code_state {
	const struct lang *l;
	const char *s;
	size_t n;
	int bol; /* only blanks since the last newline */
};

/* Comments and directives at i; returns the end, or 0 when none. */
static size_t code_comment(struct code_state *st, size_t i, enum hl_class *cls)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned f = st->l->flags;
	char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
	*cls = HL_COMMENT;
	if ((f & F_SLASH_COMMENT) && c == '/' && d == '/')
		return to_eol(s, n, i);
	if ((f & F_BLOCK_COMMENT) && c == '/' && d == '*')
		return scan_until(s, n, i + 2, "*/");
	if ((f & F_DASH_COMMENT) && c == '-' && d == '-')
		return to_eol(s, n, i);
	if (c == '#') {
		if ((f & F_RUST) && (d == '[' || (d == '!' && i + 2 < n && s[i + 2] == '['))) {
			size_t j = i + 1, depth = 0;
			for (; j < n; j++) {
				if (s[j] == '[')
					depth++;
				else if (s[j] == ']' && --depth == 0)
					break;
				else if (s[j] == '\n' && depth == 1)
					break;
			}
			*cls = HL_ATTR;
			return j < n && s[j] == ']' ? j + 1 : j;
		}
		if ((f & F_PREPROC) && st->bol) {
			size_t j = i;
			for (;;) { /* a directive continues after a backslash-newline */
				j = to_eol(s, n, j);
				if (j < n && j > i && s[j - 1] == '\\')
					j++;
				else
					break;
			}
			*cls = HL_MACRO;
			return j;
		}
		if (f & F_HASH_COMMENT) {
			/* In shell, # starts a comment only at the start of a
			 * word: $#, ${#x} and a#b are not comments. */
			if (!(f & F_SHELL) || i == 0 || is_space((unsigned char)s[i - 1]) ||
			    s[i - 1] == ';')
				return to_eol(s, n, i);
		}
	}
	return 0;
}

/* Strings at i (maybe with a prefix such as r, b, f); 0 when none. */
static size_t code_string(struct code_state *st, size_t i)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned f = st->l->flags;
	int ml = (f & F_ML_STRING) != 0;
	size_t j = i;
	if (f & F_RUST) {
		if (s[j] == 'b' && j + 1 < n && s[j + 1] == 'r')
			j++;
		if (s[j] == 'r') {
			size_t e = scan_rust_raw(s, n, j);
			if (e)
				return e;
		}
		j = i;
		if (s[j] == 'b' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\''))
			j++;
	}
	if ((f & F_STR_PREFIX) && is_alpha((unsigned char)s[j])) {
		size_t k = j;
		while (k < n && k < j + 2 && strchr("rRbBuUfF", s[k]))
			k++;
		if (k > j && k < n && (s[k] == '"' || s[k] == '\''))
			j = k;
	}
	char q = s[j];
	if (q == '"' || (q == '\'' && !(f & F_RUST)) || (q == '`' && (f & F_BACKTICK))) {
		if ((f & F_TRIPLE_QUOTE) && j + 2 < n && s[j + 1] == q && s[j + 2] == q) {
			char end[4] = {q, q, q, 0};
			return scan_until(s, n, j + 3, end);
		}
		if (q == '\'' && (f & F_SHELL))
			return scan_quoted(s, n, j, q, 0, 1);
		if (q == '`')
			return scan_quoted(s, n, j, q, 1, 1);
		return scan_quoted(s, n, j, q, 1, ml);
	}
	if (j > i && q == '\'' && (f & F_RUST)) /* b'x' */
		return scan_quoted(s, n, j, q, 1, 0);
	return 0;
}

/* Shell $VAR, ${VAR}, $1, $@ at i; 0 when none. */
static size_t shell_var(const char *s, size_t n, size_t i)
{
	if (i + 1 >= n)
		return 0;
	unsigned char d = (unsigned char)s[i + 1];
	if (d == '{') {
		size_t j = i + 2;
		while (j < n && s[j] != '}' && s[j] != '\n')
			j++;
		return j < n && s[j] == '}' ? j + 1 : j;
	}
	if (is_digit(d) || (d && strchr("@*#?$!-", d)))
		return i + 2;
	if (is_alpha(d) || d == '_') {
		size_t j = i + 1;
		while (j < n && (is_alpha((unsigned char)s[j]) ||
				 is_digit((unsigned char)s[j]) || s[j] == '_'))
			j++;
		return j;
	}
	return 0;
}

static int is_shell_word(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c >= 0x80 || (c && strchr("_-./:@%+,=", c));
}

/* Whether a shell word is a plain name (letters, digits, '_'), the only
 * kind that can be a keyword, builtin or function. */
static int code_word_is_plain_name(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_alpha((unsigned char)w[i]) && !is_digit((unsigned char)w[i]) && w[i] != '_' &&
		    (unsigned char)w[i] < 0x80)
			return 0;
	return 1;
}

/* 1 when keyword w introduces a function name, 2 a type name, else 0. */
static int defines(const char *w, size_t n)
{
	static const char *const fns[] = {"fn", "def", "function", "func", NULL};
	static const char *const types[] = {"struct", "enum", "trait", "class",
					    "union", "interface", NULL};
	if (in_list(fns, w, n, 0))
		return 1;
	return in_list(types, w, n, 0) ? 2 : 0;
}

/* What an identifier s[i..j) is, given what follows it. */
static enum hl_class code_word(struct code_state *st, size_t i, size_t *jp,
			       int first_on_line)
{
	const struct lang *l = st->l;
	const char *s = st->s;
	size_t n = st->n, j = *jp;
	int fold = (l->flags & F_FOLD) != 0;
	if ((l->flags & F_RUST) && j < n && s[j] == '!' && !(j + 1 < n && s[j + 1] == '=')) {
		*jp = j + 1;
		return HL_MACRO;
	}
	if ((l->flags & F_KEY_EQ) && first_on_line) {
		size_t k = j;
		while (k < n && (is_ident((unsigned char)s[k], 0) || s[k] == '.' || s[k] == '-'))
			k++;
		size_t e = skip_blanks(s, n, k);
		if (e < n && s[e] == '=') {
			*jp = k;
			return HL_ATTR;
		}
	}
	if (in_list(l->keywords, s + i, j - i, fold))
		return HL_KEYWORD;
	if (in_list(l->types, s + i, j - i, fold))
		return HL_TYPE;
	if (in_list(l->builtins, s + i, j - i, fold))
		return HL_BUILTIN;
	if (j < n && s[j] == '(')
		return HL_FUNCTION;
	if ((l->flags & F_CAPS_TYPE) && s[i] >= 'A' && s[i] <= 'Z')
		return HL_TYPE;
	return HL_PLAIN;
}

static void scan_code(const struct lang *l, const char *s, size_t n,
		      struct hl_out *o)
{
	struct code_state st = {l, s, n, 1};
	unsigned f = l->flags;
	int first_on_line = 1; /* no token yet on this line */
	int names = 0, named; /* the last token was `fn` (1) or `struct` (2) */
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t e;
		enum hl_class cls;
		named = 0;
		if (c == '\n') {
			st.bol = first_on_line = 1;
			i++;
			continue;
		}
		if (is_space(c)) {
			i++;
			continue;
		}
		if ((e = code_comment(&st, i, &cls)) > i) {
			emit(o, i, e, cls);
		} else if ((e = code_string(&st, i)) > i) {
			cls = HL_STRING;
			if (f & F_KEY_COLON) {
				size_t k = skip_blanks(s, n, e);
				if (k < n && s[k] == ':')
					cls = HL_ATTR;
			}
			if ((f & F_KEY_EQ) && first_on_line) {
				size_t k = skip_blanks(s, n, e);
				if (k < n && s[k] == '=')
					cls = HL_ATTR;
			}
			emit(o, i, e, cls);
		} else if (c == '\'' && (f & F_RUST)) {
			e = scan_rust_quote(s, n, i, &cls);
			emit(o, i, e, cls);
		} else if (c == '$' && (f & F_SHELL) && (e = shell_var(s, n, i)) > i) {
			emit(o, i, e, HL_VARIABLE);
		} else if (c == '@' && (f & F_DECORATOR) && i + 1 < n &&
			   is_ident_start((unsigned char)s[i + 1], f)) {
			e = i + 1;
			while (e < n && (is_ident((unsigned char)s[e], f) || s[e] == '.'))
				e++;
			emit(o, i, e, HL_ATTR);
		} else if (c == '[' && (f & F_KEY_EQ) && first_on_line) {
			e = to_eol(s, n, i);
			const char *close = memchr(s + i, ']', e - i);
			if (close) {
				e = (size_t)(close - s) + 1;
				if (e < n && s[e] == ']')
					e++; /* [[array.of.tables]] */
			}
			emit(o, i, e, HL_TYPE);
		} else if ((f & F_SHELL) && is_shell_word(c)) {
			/* shell words hold dashes, dots and slashes: --tlsv1.2,
			 * ./configure and sh.rustup.rs are one word each */
			e = i + 1;
			while (e < n && is_shell_word((unsigned char)s[e]))
				e++;
			size_t k = i;
			while (k < e && (is_digit((unsigned char)s[k]) || s[k] == '.'))
				k++;
			if (k == e && is_digit(c))
				cls = HL_NUMBER;
			else if (is_ident_start(c, f) && code_word_is_plain_name(s + i, e - i))
				cls = code_word(&st, i, &e, first_on_line);
			else
				cls = HL_PLAIN;
			emit(o, i, e, cls);
		} else if (is_digit(c) || (c == '.' && i + 1 < n && is_digit((unsigned char)s[i + 1]))) {
			e = scan_number(s, n, i);
			emit(o, i, e, HL_NUMBER);
		} else if (is_ident_start(c, f)) {
			e = i + 1;
			while (e < n && is_ident((unsigned char)s[e], f))
				e++;
			cls = code_word(&st, i, &e, first_on_line);
			/* the name a definition introduces: fn longest<'a>,
			 * struct point, class Shape(Base) */
			if (names == 1 && cls == HL_PLAIN)
				cls = HL_FUNCTION;
			else if (names == 2 && (cls == HL_PLAIN || cls == HL_FUNCTION))
				cls = HL_TYPE;
			if (cls == HL_KEYWORD)
				named = defines(s + i, e - i);
			emit(o, i, e, cls);
		} else if (is_op(c)) {
			e = i + 1;
			while (e < n && is_op((unsigned char)s[e]) && e < i + 3 &&
			       !(s[e] == '/' && e + 1 < n && (s[e + 1] == '/' || s[e + 1] == '*')))
				e++;
			emit(o, i, e, HL_OPERATOR);
		} else if (is_punct(c)) {
			e = i + 1;
			emit(o, i, e, HL_PUNCT);
		} else {
			e = i + 1;
		}
		st.bol = 0;
		first_on_line = 0;
		names = named;
		i = e;
	}
}

/* --- markup (HTML, XML, SVG) ----------------------------------------- */

/* Inside a tag from i (after the name) to its '>'; returns the end. */
static size_t markup_tag_body(const char *s, size_t n, size_t i, struct hl_out *o)
{
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '>') {
			emit(o, i, i + 1, HL_TAG);
			return i + 1;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '>') {
			emit(o, i, i + 2, HL_TAG);
			return i + 2;
		}
		if (c == '<') /* a broken tag: let the caller start over */
			return i;
		if (is_space(c)) {
			i++;
		} else if (c == '"' || c == '\'') {
			size_t e = scan_quoted(s, n, i, (char)c, 0, 1);
			emit(o, i, e, HL_STRING);
			i = e;
		} else if (c == '=') {
			emit(o, i, i + 1, HL_OPERATOR);
			i++;
		} else {
			size_t e = i;
			while (e < n && !is_space((unsigned char)s[e]) && !strchr("=>/<\"'", s[e]))
				e++;
			if (e == i)
				e++;
			/* after '=' an unquoted word is a value, else a name */
			size_t p = i;
			while (p > 0 && is_space((unsigned char)s[p - 1]))
				p--;
			emit(o, i, e, p > 0 && s[p - 1] == '=' ? HL_STRING : HL_ATTR);
			i = e;
		}
	}
	return n;
}

static void scan_markup(const char *s, size_t n, struct hl_out *o)
{
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		size_t e;
		if (c == '<' && i + 3 < n && !memcmp(s + i, "<!--", 4)) {
			e = scan_until(s, n, i + 4, "-->");
			emit(o, i, e, HL_COMMENT);
		} else if (c == '<' && i + 8 < n && !memcmp(s + i, "<![CDATA[", 9)) {
			e = scan_until(s, n, i + 9, "]]>");
			emit(o, i, e, HL_STRING);
		} else if (c == '<' && i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
			e = scan_until(s, n, i + 2, ">");
			emit(o, i, e, HL_MACRO);
		} else if (c == '<' && i + 1 < n &&
			   (is_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
			e = i + 1;
			if (s[e] == '/')
				e++;
			while (e < n && (is_ident((unsigned char)s[e], F_DASH_IDENT) ||
					 s[e] == ':' || s[e] == '.'))
				e++;
			emit(o, i, e, HL_TAG);
			e = markup_tag_body(s, n, e, o);
		} else if (c == '&') {
			e = i + 1;
			while (e < n && e < i + 32 && (is_alpha((unsigned char)s[e]) ||
						       is_digit((unsigned char)s[e]) || s[e] == '#'))
				e++;
			if (e < n && s[e] == ';' && e > i + 1) {
				emit(o, i, e + 1, HL_BUILTIN);
				e++;
			} else {
				e = i + 1;
			}
		} else {
			e = i + 1;
		}
		i = e;
	}
}

/* --- YAML ------------------------------------------------------------- */

/* Scalars, flow punctuation and comments from i to the end of the line. */
static void yaml_value(const struct lang *l, const char *s, size_t i, size_t eol,
		       struct hl_out *o)
{
	while (i < eol) {
		unsigned char c = (unsigned char)s[i];
		size_t e;
		if (c == '#' && (i == 0 || is_space((unsigned char)s[i - 1]))) {
			emit(o, i, eol, HL_COMMENT);
			return;
		}
		if (c == '"' || c == '\'') {
			e = scan_quoted(s, eol, i, (char)c, c == '"', 0);
			emit(o, i, e, HL_STRING);
		} else if (c == '&' || c == '*') {
			e = i + 1;
			while (e < eol && !is_space((unsigned char)s[e]) && !strchr(",]}", s[e]))
				e++;
			emit(o, i, e, e > i + 1 ? HL_VARIABLE : HL_OPERATOR);
		} else if (strchr("[]{},", c) && c) {
			e = i + 1;
			emit(o, i, e, HL_PUNCT);
		} else if ((c == '|' || c == '>') && i + 1 >= eol) {
			e = i + 1;
			emit(o, i, e, HL_OPERATOR);
		} else if (is_space(c)) {
			e = i + 1;
		} else {
			/* a plain scalar word: number, constant, or text */
			e = i;
			while (e < eol && !is_space((unsigned char)s[e]) && !strchr(",]}", s[e]))
				e++;
			if (e == i)
				e++;
			size_t k = i + (s[i] == '-' || s[i] == '+');
			enum hl_class cls = HL_PLAIN;
			if (k < e && (is_digit((unsigned char)s[k]) || s[k] == '.') &&
			    scan_number(s, e, k) == e)
				cls = HL_NUMBER;
			else if (in_list(l->builtins, s + i, e - i, 1))
				cls = HL_BUILTIN;
			emit(o, i, e, cls);
		}
		i = e;
	}
}

static void scan_yaml(const struct lang *l, const char *s, size_t n, struct hl_out *o)
{
	size_t i = 0;
	while (i < n) {
		size_t eol = to_eol(s, n, i);
		size_t p = skip_blanks(s, eol, i);
		if (eol - p >= 3 && (!memcmp(s + p, "---", 3) || !memcmp(s + p, "...", 3)) &&
		    p == i) {
			emit(o, p, p + 3, HL_PUNCT);
			p += 3;
		}
		while (p + 1 < eol && s[p] == '-' && is_space((unsigned char)s[p + 1])) {
			emit(o, p, p + 1, HL_PUNCT);
			p = skip_blanks(s, eol, p + 1);
		}
		if (p < eol && s[p] == '-' && p + 1 == eol) {
			emit(o, p, p + 1, HL_PUNCT);
			p++;
		}
		/* key: find ": " (or ':' at the end) outside quotes, before a
		 * comment */
		if (p < eol && s[p] != '#' && s[p] != '[' && s[p] != '{') {
			size_t k = p;
			char q = 0;
			if (s[k] == '"' || s[k] == '\'') {
				q = s[k];
				k = scan_quoted(s, eol, k, q, q == '"', 0);
			}
			while (k < eol && s[k] != ':' && !(s[k] == '#' && is_space((unsigned char)s[k - 1])))
				k++;
			if (k < eol && s[k] == ':' && (k + 1 == eol || is_space((unsigned char)s[k + 1]))) {
				emit(o, p, k, HL_ATTR);
				emit(o, k, k + 1, HL_PUNCT);
				p = k + 1;
			}
		}
		yaml_value(l, s, p, eol, o);
		i = eol < n ? eol + 1 : n;
	}
}

/* --- public ----------------------------------------------------------- */

size_t highlight(const char *lang, const char *code, size_t len,
		 struct hl_span **spans)
{
	struct hl_out o = {NULL, 0, 0, 0};
	const struct lang *l = find_lang(lang);
	if (code && l) {
		switch (l->scan) {
		case SCAN_CODE: scan_code(l, code, len, &o); break;
		case SCAN_MARKUP: scan_markup(code, len, &o); break;
		case SCAN_YAML: scan_yaml(l, code, len, &o); break;
		}
	}
	emit(&o, len, len, HL_PLAIN); /* the plain tail, if any */
	if (o.n == 0) {
		/* empty code: one empty plain span keeps callers simple */
		o.v = xmalloc(sizeof *o.v);
		o.v[0].start = 0;
		o.v[0].len = len;
		o.v[0].cls = HL_PLAIN;
		o.n = 1;
	}
	*spans = o.v;
	return o.n;
}

int highlight_knows(const char *lang)
{
	return find_lang(lang) != NULL;
}

const char *hl_css_class(enum hl_class cls)
{
	static const char *const names[HL_CLASS_COUNT] = {
		[HL_PLAIN] = NULL,          [HL_KEYWORD] = "hl-kw",
		[HL_TYPE] = "hl-ty",        [HL_STRING] = "hl-str",
		[HL_NUMBER] = "hl-num",     [HL_COMMENT] = "hl-com",
		[HL_FUNCTION] = "hl-fn",    [HL_MACRO] = "hl-mac",
		[HL_ATTR] = "hl-attr",      [HL_OPERATOR] = "hl-op",
		[HL_PUNCT] = "hl-pun",      [HL_BUILTIN] = "hl-bi",
		[HL_TAG] = "hl-tag",        [HL_VARIABLE] = "hl-var",
	};
	if ((int)cls < 0 || cls >= HL_CLASS_COUNT)
		return NULL;
	return names[cls];
}
