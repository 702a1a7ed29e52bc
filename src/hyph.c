/* hyph.c — wraps libhyphen. Words arrive in their printed case; the
 * patterns are lower case, so the word is lowered first. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "hyph.h"
#include "util.h"

struct hyph {
	HyphenDict *dict;
};

struct hyph *hyph_open(const char *dic_path)
{
	HyphenDict *d = hnj_hyphen_load(dic_path);
	if (!d)
		return NULL;
	struct hyph *h = xmalloc(sizeof *h);
	h->dict = d;
	return h;
}

void hyph_close(struct hyph *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	free(h);
}

void hyph_points(struct hyph *h, const char *word, size_t n, char *ok)
{
	memset(ok, 0, n);
	if (!h || n < 5 || n > 60)
		return;
	char low[64], hy[70];
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)word[i]);
	low[n] = '\0';
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate2(h->dict, low, (int)n, hy, NULL, &rep, &pos, &cut) == 0) {
		for (size_t i = 1; i + 3 < n; i++)
			if (hy[i] & 1)
				ok[i] = 1;
	}
	if (rep) {
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
}
