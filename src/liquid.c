/* liquid.c — PLACEHOLDER pass-through until the Liquid subset lands. */
#include "liquid.h"

#include <string.h>

void liquid_apply(const char *in, size_t len, const struct liquid_ctx *ctx,
		  char **out, size_t *out_len, struct srcmap *map, struct diags *d)
{
	struct rewriter rw;
	(void)ctx;
	(void)d;
	rewriter_init(&rw, in, len);
	rewriter_finish(&rw, out, out_len, map);
}
