/* fake_metrics.h — made-up text metrics for the layout engine's unit
 * tests: every byte is half an em wide, and nothing is hyphenated, so a
 * test can tell where every line must break without a font. */
#ifndef OCTAVO_TEST_FAKE_METRICS_H
#define OCTAVO_TEST_FAKE_METRICS_H

#include "typeset/layout.h"

static inline double fake_width(void *ctx, int font, const char *s, size_t n, double size)
{
	(void)ctx;
	(void)font;
	(void)s;
	return n * size * 0.5;
}

static const struct metrics fake = {fake_width, NULL, NULL, NULL};

#endif
