/* highlight_yaml.c — the highlighter's scanner for YAML (see
 * highlight_scan.h), a line at a time: document markers, list dashes, the
 * key before ": ", then the value's scalars, quotes, anchors and aliases,
 * flow punctuation and comments. */
#include "text/highlight_scan.h"

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

void hl_scan_yaml(const struct lang *l, const char *s, size_t n, struct hl_out *o)
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
