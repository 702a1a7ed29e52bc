/* hyph.c — English hyphenation points by Liang's algorithm over Debian's
 * hyphen-en-us patterns (the patterns TeX uses), read straight from the
 * pattern file into a trie. libhyphen did the same job, but building its
 * state machine from the 11,000 patterns cost about 39M instructions per
 * build, as much as laying out the whole sample course; the trie is
 * built in a tenth of that and gives the same points (checked against
 * libhyphen over 26,000 words).
 *
 * Only what an ASCII word can meet is kept: the layout hyphenates words
 * of ASCII letters only, so patterns holding other characters (the
 * ligature patterns such as "a4ﬀ4") can never match and are skipped, as
 * are the file's header lines (its charset and the LEFTHYPHENMIN and
 * RIGHTHYPHENMIN keywords: the callers keep two letters before a break
 * and three after it themselves). */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "hyph.h"
#include "util.h"

/* A trie node: its letter ('a'..'z' or '.' for a word edge), its first
 * child and next sibling (node indexes, 0 = none: node 0 is the root), and
 * the pattern ending here, as an offset into the value pool (0 = none). */
struct node {
	unsigned child, sibling, values;
	unsigned char letter, n_values;
};

struct hyph {
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	unsigned char *pool; /* each pattern's values, one digit per gap */
	size_t n_pool, cap_pool;
};

/* The child of node `at` for letter c, made when `make` is set; 0 = none. */
static unsigned child_of(struct hyph *h, unsigned at, unsigned char c, int make)
{
	unsigned k = h->nodes[at].child;
	for (; k; k = h->nodes[k].sibling)
		if (h->nodes[k].letter == c)
			return k;
	if (!make)
		return 0;
	h->nodes = xgrow(h->nodes, &h->cap_nodes, h->n_nodes + 1, sizeof *h->nodes);
	unsigned id = (unsigned)h->n_nodes++;
	h->nodes[id] = (struct node){0, h->nodes[at].child, 0, c, 0};
	h->nodes[at].child = id;
	return id;
}

/* Add one pattern line such as ".ad4der" or "a2ch4": letters with the
 * value of the gap before each (and after the last) as optional digits. */
static void add_pattern(struct hyph *h, const char *s, size_t n)
{
	unsigned char letters[64], values[65];
	size_t nl = 0;
	memset(values, 0, sizeof values);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			values[nl] = (unsigned char)(c - '0');
		} else if (((c >= 'a' && c <= 'z') || c == '.') && nl < sizeof letters) {
			letters[nl++] = c;
		} else {
			return; /* a character no ASCII word holds: never matches */
		}
	}
	if (!nl)
		return;
	unsigned at = 0;
	for (size_t i = 0; i < nl; i++)
		at = child_of(h, at, letters[i], 1);
	h->pool = xgrow(h->pool, &h->cap_pool, h->n_pool + nl + 1, 1);
	memcpy(h->pool + h->n_pool, values, nl + 1);
	h->nodes[at].values = (unsigned)h->n_pool;
	h->nodes[at].n_values = (unsigned char)(nl + 1);
	h->n_pool += nl + 1;
}

struct hyph *hyph_open(const char *dic_path)
{
	FILE *fp = fopen(dic_path, "rb");
	if (!fp)
		return NULL;
	struct hyph *h = xcalloc(1, sizeof *h);
	h->nodes = xgrow(NULL, &h->cap_nodes, 32768, sizeof *h->nodes);
	h->nodes[0] = (struct node){0, 0, 0, 0, 0};
	h->n_nodes = 1;
	/* offset 0 of the pool means "no pattern", so start at 1 */
	h->pool = xgrow(NULL, &h->cap_pool, 65536, 1);
	h->pool[0] = 0;
	h->n_pool = 1;
	char line[256];
	int first = 1;
	while (fgets(line, sizeof line, fp)) {
		size_t n = strcspn(line, "\r\n");
		if (first) { /* the charset name */
			first = 0;
			continue;
		}
		if (n == 0 || line[0] == '%' || (line[0] >= 'A' && line[0] <= 'Z'))
			continue; /* blank, comment or keyword line */
		if (memchr(line, '/', n))
			continue; /* non-standard (replacement) pattern */
		add_pattern(h, line, n);
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad || h->n_nodes == 1) {
		hyph_close(h);
		return NULL;
	}
	return h;
}

void hyph_close(struct hyph *h)
{
	if (!h)
		return;
	free(h->nodes);
	free(h->pool);
	free(h);
}

void hyph_points(struct hyph *h, const char *word, size_t n, char *ok)
{
	memset(ok, 0, n);
	if (!h || n < 5 || n > 60)
		return;
	/* the word in lower case between two edge marks, and the value of
	 * each gap: gap g lies before w[g] */
	unsigned char w[64], v[64];
	size_t m = n + 2;
	w[0] = '.';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)word[i];
		w[i + 1] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	w[m - 1] = '.';
	memset(v, 0, m + 1);
	for (size_t i = 0; i < m; i++) {
		unsigned at = 0;
		for (size_t j = i; j < m; j++) {
			at = child_of(h, at, w[j], 0);
			if (!at)
				break;
			const struct node *nd = &h->nodes[at];
			for (unsigned k = 0; k < nd->n_values; k++)
				if (h->pool[nd->values + k] > v[i + k])
					v[i + k] = h->pool[nd->values + k];
		}
	}
	/* a hyphen after letter i is the gap before w[i + 2]; odd allows it;
	 * two letters stay before a break and three after it */
	for (size_t i = 1; i + 3 < n; i++)
		if (v[i + 2] & 1)
			ok[i] = 1;
}

/* dir/hyph_<name>.dic when it can be read, else NULL. */
static char *dic_if_there(const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/hyph_%s.dic", dir, name);
	if (access(buf_cstr(&p), R_OK) == 0)
		return buf_detach(&p);
	buf_free(&p);
	return NULL;
}

char *hyph_find(const char *dir, const char *lang)
{
	/* the primary language subtag in lower case, and a two-letter region
	 * subtag in upper case when there is one ("sr-Latn-RS" → sr, RS) */
	char ll[4] = "", cc[3] = "";
	size_t n = 0;
	while (lang && isalpha((unsigned char)lang[n]) && n < sizeof ll - 1) {
		ll[n] = (char)tolower((unsigned char)lang[n]);
		n++;
	}
	ll[n] = '\0';
	if (n < 2 || (lang[n] && lang[n] != '-'))
		return NULL;
	for (const char *s = lang + n; *s == '-';) {
		size_t k = strcspn(s + 1, "-");
		if (k == 2 && isalpha((unsigned char)s[1]) && isalpha((unsigned char)s[2])) {
			cc[0] = (char)toupper((unsigned char)s[1]);
			cc[1] = (char)toupper((unsigned char)s[2]);
			break;
		}
		s += 1 + k;
	}
	char name[16], *path = NULL;
	if (!strcmp(ll, "en")) {
		/* British patterns only for British English; every other English
		 * takes the American ones the layout has always used */
		if (!strcmp(cc, "GB") && (path = dic_if_there(dir, "en_GB")))
			return path;
		if ((path = dic_if_there(dir, "en_US")))
			return path;
	}
	if (cc[0]) {
		snprintf(name, sizeof name, "%s_%s", ll, cc);
		if ((path = dic_if_there(dir, name)))
			return path;
	}
	if ((path = dic_if_there(dir, ll)))
		return path;
	/* the language's home country (de_DE, fr_FR) before any other */
	snprintf(name, sizeof name, "%s_", ll);
	for (size_t i = 0; i < n; i++)
		name[n + 1 + i] = (char)toupper((unsigned char)ll[i]);
	name[2 * n + 1] = '\0';
	if ((path = dic_if_there(dir, name)))
		return path;
	/* any other region, the first by name so the choice never depends
	 * on the order the folder lists its files in */
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	char best[256] = "";
	size_t pre = strlen("hyph_") + n + 1;
	struct dirent *e;
	while ((e = readdir(dp))) {
		const char *f = e->d_name;
		size_t fl = strlen(f);
		if (fl < pre + 4 || fl >= sizeof best || strncmp(f, "hyph_", 5) ||
		    strncmp(f + 5, ll, n) || f[5 + n] != '_' || strcmp(f + fl - 4, ".dic"))
			continue;
		if (!best[0] || strcmp(f, best) < 0)
			memcpy(best, f, fl + 1);
	}
	closedir(dp);
	if (!best[0])
		return NULL;
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", dir, best);
	if (access(buf_cstr(&p), R_OK) == 0)
		return buf_detach(&p);
	buf_free(&p);
	return NULL;
}
