/* text.c — small scanners shared by the HTML cleaner and the IAL reader. */
#include "text/text.h"

size_t text_attr_value(const char *s, size_t n, size_t i, int (*is_end)(int c), size_t *vs,
		       size_t *ve)
{
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		char q = s[i++];
		*vs = i;
		while (i < n && s[i] != q)
			i++;
		*ve = i;
		if (i < n)
			i++;
		return i;
	}
	*vs = i;
	while (i < n && !is_end((unsigned char)s[i]))
		i++;
	*ve = i;
	return i;
}
