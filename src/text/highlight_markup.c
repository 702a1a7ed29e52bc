/* highlight_markup.c — the highlighter's scanner for HTML, XML and SVG
 * (see highlight_scan.h): comments, CDATA, declarations, tags with their
 * attribute names and values, and character references. */
#include "text/highlight_scan.h"

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

void hl_scan_markup(const char *s, size_t n, struct hl_out *o)
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
