/* highlight_code.c — the highlighter's scanner for C-like code (see
 * highlight_scan.h): Rust, Python, C and C++, shell, SQL, JavaScript,
 * JSON, TOML, Ruby and CSS, told apart only by their flags and word lists.
 * It reads one token at a time and never looks back: comments and
 * directives, strings, numbers, words (keywords, types, built-ins,
 * functions, and the name a definition introduces), operators and
 * punctuation. */
#include "text/highlight_scan.h"

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
	struct hl_out *o;
	int bol;   /* no token yet on this line: only blanks since the newline */
	int names; /* the last token was `fn` (1) or `struct` (2), else 0 */
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
static enum hl_class code_word(struct code_state *st, size_t i, size_t *jp)
{
	const struct lang *l = st->l;
	const char *s = st->s;
	size_t n = st->n, j = *jp;
	int fold = (l->flags & F_FOLD) != 0;
	if ((l->flags & F_RUST) && j < n && s[j] == '!' && !(j + 1 < n && s[j + 1] == '=')) {
		*jp = j + 1;
		return HL_MACRO;
	}
	if ((l->flags & F_KEY_EQ) && st->bol) {
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

/* A string is a key when a ':' follows it (JSON) or, first on its line,
 * an '=' (TOML). */
static enum hl_class string_class(const struct code_state *st, size_t e)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned f = st->l->flags;
	enum hl_class cls = HL_STRING;
	if (f & F_KEY_COLON) {
		size_t k = skip_blanks(s, n, e);
		if (k < n && s[k] == ':')
			cls = HL_ATTR;
	}
	if ((f & F_KEY_EQ) && st->bol) {
		size_t k = skip_blanks(s, n, e);
		if (k < n && s[k] == '=')
			cls = HL_ATTR;
	}
	return cls;
}

/* A [table] header line (TOML, INI) at i; returns its end. */
static size_t table_header(struct code_state *st, size_t i)
{
	const char *s = st->s;
	size_t n = st->n;
	size_t e = to_eol(s, n, i);
	const char *close = memchr(s + i, ']', e - i);
	if (close) {
		e = (size_t)(close - s) + 1;
		if (e < n && s[e] == ']')
			e++; /* [[array.of.tables]] */
	}
	emit(st->o, i, e, HL_TYPE);
	return e;
}

/* A shell word at i; returns its end. Shell words hold dashes, dots and
 * slashes: --tlsv1.2, ./configure and sh.rustup.rs are one word each. */
static size_t shell_word(struct code_state *st, size_t i)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned char c = (unsigned char)s[i];
	enum hl_class cls;
	size_t e = i + 1;
	while (e < n && is_shell_word((unsigned char)s[e]))
		e++;
	size_t k = i;
	while (k < e && (is_digit((unsigned char)s[k]) || s[k] == '.'))
		k++;
	if (k == e && is_digit(c))
		cls = HL_NUMBER;
	else if (is_ident_start(c, st->l->flags) && code_word_is_plain_name(s + i, e - i))
		cls = code_word(st, i, &e);
	else
		cls = HL_PLAIN;
	emit(st->o, i, e, cls);
	return e;
}

/* An identifier at i; returns its end and sets *named for the next. */
static size_t identifier(struct code_state *st, size_t i, int *named)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned f = st->l->flags;
	size_t e = i + 1;
	while (e < n && is_ident((unsigned char)s[e], f))
		e++;
	enum hl_class cls = code_word(st, i, &e);
	/* the name a definition introduces: fn longest<'a>,
	 * struct point, class Shape(Base) */
	if (st->names == 1 && cls == HL_PLAIN)
		cls = HL_FUNCTION;
	else if (st->names == 2 && (cls == HL_PLAIN || cls == HL_FUNCTION))
		cls = HL_TYPE;
	if (cls == HL_KEYWORD)
		*named = defines(s + i, e - i);
	emit(st->o, i, e, cls);
	return e;
}

/* Operators run up to three bytes, but never into a comment. */
static size_t operator_run(struct code_state *st, size_t i)
{
	const char *s = st->s;
	size_t n = st->n;
	size_t e = i + 1;
	while (e < n && is_op((unsigned char)s[e]) && e < i + 3 &&
	       !(s[e] == '/' && e + 1 < n && (s[e + 1] == '/' || s[e + 1] == '*')))
		e++;
	emit(st->o, i, e, HL_OPERATOR);
	return e;
}

/* The token at i, which is not a blank: emitted, and its end returned. */
static size_t code_token(struct code_state *st, size_t i)
{
	const char *s = st->s;
	size_t n = st->n;
	unsigned f = st->l->flags;
	unsigned char c = (unsigned char)s[i];
	struct hl_out *o = st->o;
	int named = 0;
	enum hl_class cls;
	size_t e;
	if ((e = code_comment(st, i, &cls)) > i) {
		emit(o, i, e, cls);
	} else if ((e = code_string(st, i)) > i) {
		emit(o, i, e, string_class(st, e));
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
	} else if (c == '[' && (f & F_KEY_EQ) && st->bol) {
		e = table_header(st, i);
	} else if ((f & F_SHELL) && is_shell_word(c)) {
		e = shell_word(st, i);
	} else if (is_digit(c) || (c == '.' && i + 1 < n && is_digit((unsigned char)s[i + 1]))) {
		e = scan_number(s, n, i);
		emit(o, i, e, HL_NUMBER);
	} else if (is_ident_start(c, f)) {
		e = identifier(st, i, &named);
	} else if (is_op(c)) {
		e = operator_run(st, i);
	} else if (is_punct(c)) {
		e = i + 1;
		emit(o, i, e, HL_PUNCT);
	} else {
		e = i + 1;
	}
	st->names = named;
	return e;
}

void hl_scan_code(const struct lang *l, const char *s, size_t n, struct hl_out *o)
{
	struct code_state st = {l, s, n, o, 1, 0};
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			st.bol = 1;
			i++;
			continue;
		}
		if (is_space(c)) {
			i++;
			continue;
		}
		i = code_token(&st, i);
		st.bol = 0;
	}
}
