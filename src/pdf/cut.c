/* cut.c — shortening a string to a width in linear time. The running
 * heads and image placeholders used to cut a long string one character at
 * a time and measure the whole rest again after each cut, which made a
 * 20,000-character title take minutes. Here the widths of the prefixes
 * are summed once, front to back, in the order pdf_text_width adds them,
 * so every comparison gives the same answer as measuring that prefix
 * (and its tail) again would: the output does not change, only its cost. */
#include <string.h>

#include "base/util.h"
#include "pdf/pdf.h"

static double advance(struct pdf *P, int font, double size, uint32_t cp)
{
	int f = fontset_pick(&P->fs, font, cp);
	return fontset_advance(&P->fs, f >= 0 ? f : font, cp) * size / 1000;
}

/* The width of prefix + tail when the prefix measures w: the tail's
 * advances are added one by one after it, as pdf_text_width would. */
static double with_tail(struct pdf *P, int font, double size, double w, const char *tail)
{
	size_t n = strlen(tail);
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t cp = utf8_next(tail + i, n - i, &l);
		w += advance(P, font, size, cp);
		i += l;
	}
	return w;
}

long pdf_fit_prefix(struct pdf *P, int font, double size, const char *s, size_t n,
		    const char *tail, double max_w)
{
	/* Widths are sums of non-negative advances, so they only grow with
	 * the prefix: the walk stops at the first prefix that does not fit. */
	long best = -1;
	double w = 0;
	for (size_t i = 0;;) {
		if (with_tail(P, font, size, w, tail) > max_w)
			break;
		best = (long)i;
		if (i >= n)
			break;
		size_t l;
		uint32_t cp = utf8_next(s + i, n - i, &l);
		w += advance(P, font, size, cp);
		i += l;
	}
	return best;
}
