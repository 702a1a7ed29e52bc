/* hyph.c — hyphenation points by Liang's algorithm over the TeX patterns
 * Debian ships for LibreOffice (/usr/share/hyphen/hyph_*.dic), read
 * straight from the pattern file into a trie, and the choice of that file
 * from the book language. libhyphen did the same job, but building its
 * state machine from the 11,000 English patterns cost about 39M
 * instructions per build, as much as laying out the whole sample course;
 * the trie is built in a tenth of that and gives the same points (checked
 * against libhyphen over 26,000 English words, and German and French ones).
 *
 * The trie works on UTF-8 bytes: a pattern's digits stand between
 * characters, so the values inside a multi-byte sequence stay 0 and a
 * break can only fall between characters. ISO8859-1 files (the German
 * ones) are converted to UTF-8 as they are read; files in any other
 * charset are refused. Files in two levels (a NEXTLEVEL line, as in the
 * German patterns) first split compounds with the first level, then
 * hyphenate each part with the second, as libhyphen does. LEFTHYPHENMIN
 * and RIGHTHYPHENMIN (2 and 2 when absent, libhyphen's defaults) count
 * characters, not bytes.
 *
 * The trie a pattern file makes is kept between runs, in the user's cache
 * folder, and mapped from there while the file's bytes are the same
 * (hyph_cache.c): the English one took about 1 ms to build, on a thread
 * beside the course's loading, a tenth of a small course's build; the
 * German one 24 ms. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/zflate.h"
#include "font/fontset.h"
#include "typeset/hyph_impl.h"
#include "base/util.h"

static void trie_init(struct trie *t, size_t nodes, size_t pool)
{
	t->nodes = xgrow(NULL, &t->cap_nodes, nodes, sizeof *t->nodes);
	t->nodes[0] = (struct node){0, 0, {0}};
	t->n_nodes = 1;
	/* offset 0 of the pool means "no pattern", so start at 1 */
	t->pool = xgrow(NULL, &t->cap_pool, pool, 1);
	t->pool[0] = 0;
	t->n_pool = 1;
	t->n_patterns = 0;
	t->path[0] = 0;
	t->n_last = 0;
	t->edge = NULL;
	t->edge_mask = t->n_edges = 0;
}

static void trie_free(struct trie *t)
{
	free(t->edge);
	free(t->nodes);
	free(t->pool);
}

/* The slot of edge (at, c) in the table: its own or the free one where it
 * would go. */
static uint64_t *edge_slot(const struct trie *h, unsigned at, unsigned char c)
{
	uint64_t key = ((uint64_t)at << 8 | c) + 1;
	size_t i = hyph_edge_hash(key) & h->edge_mask;
	while (h->edge[i] && h->edge[i] >> 32 != key)
		i = (i + 1) & h->edge_mask;
	return &h->edge[i];
}

/* The child of node `at` for byte c; 0 = none. Through the edge table,
 * one probe where a list of siblings took several reads spread over the
 * trie: hyphenating a word walks many short paths, and with the lists it
 * was the largest single function of a small course's run (perf). */
static unsigned child_of(const struct trie *h, unsigned at, unsigned char c)
{
	return h->edge ? (unsigned)*edge_slot(h, at, c) : 0;
}

/* The table twice as large, every edge in it again. */
static void edges_grow(struct trie *h)
{
	uint64_t *old = h->edge;
	size_t n = old ? h->edge_mask + 1 : 0;
	h->edge_mask = n ? 2 * n - 1 : 4095;
	/* written before it is read: a calloc'ed table of this size is fresh
	 * zero pages, whose first write after a read costs a fault and a TLB
	 * flush on every core the process runs on */
	h->edge = xmalloc((h->edge_mask + 1) * sizeof *h->edge);
	memset(h->edge, 0, (h->edge_mask + 1) * sizeof *h->edge);
	for (size_t i = 0; i < n; i++)
		if (old[i]) {
			uint64_t key = (old[i] >> 32) - 1;
			*edge_slot(h, (unsigned)(key >> 8), (unsigned char)key) = old[i];
		}
	free(old);
}

/* The child of node `at` for byte c, made if there is none. */
static unsigned child_make(struct trie *h, unsigned at, unsigned char c)
{
	if (2 * (h->n_edges + 1) > h->edge_mask)
		edges_grow(h);
	uint64_t *slot = edge_slot(h, at, c);
	if (*slot)
		return (unsigned)*slot;
	h->nodes = xgrow(h->nodes, &h->cap_nodes, h->n_nodes + 1, sizeof *h->nodes);
	unsigned id = (unsigned)h->n_nodes++;
	h->nodes[id] = (struct node){0, 0, {0}};
	*slot = (((uint64_t)at << 8 | c) + 1) << 32 | id;
	h->n_edges++;
	return id;
}

/* Add one pattern line such as ".ad4der" or "ä1b": UTF-8 letters with
 * the value of the gap before each byte (and after the last) as optional
 * digits — digits only ever stand before a character's first byte. */
static void add_pattern(struct trie *h, const char *s, size_t n)
{
	unsigned char letters[128], values[129];
	size_t nl = 0;
	memset(values, 0, sizeof values);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			values[nl] = (unsigned char)(c - '0');
			i++;
			continue;
		}
		if (c < 0x80) { /* most patterns: ASCII */
			if (c == ' ' || c == '\t' || c == '\r')
				break; /* the pattern ends; what follows is not read */
			if (((c < 'a' || c > 'z') && c != '.') || nl >= sizeof letters)
				return;
			letters[nl++] = c;
			i++;
			continue;
		}
		size_t cl = 1;
		uint32_t cp = utf8_next(s + i, n - i, &cl);
		/* the layout hyphenates words of letters only, so a pattern with
		 * anything else (a ligature, an apostrophe) never matches; left
		 * out, it would only grow the trie */
		if (!hyph_is_letter(cp) || nl + cl > sizeof letters)
			return;
		memcpy(letters + nl, s + i, cl);
		nl += cl;
		i += cl;
	}
	if (!nl || h->n_nodes + nl >= 1u << 24) /* an edge's key holds 24 bits */
		return;
	size_t same = 0;
	while (same < nl && same < h->n_last && letters[same] == h->last[same])
		same++;
	unsigned at = h->path[same]; /* path[0] is the root, 0 */
	for (size_t i = same; i < nl; i++)
		h->path[i + 1] = at = child_make(h, at, letters[i]);
	memcpy(h->last, letters, nl);
	h->n_last = nl;
	h->pool = xgrow(h->pool, &h->cap_pool, h->n_pool + nl + 1, 1);
	memcpy(h->pool + h->n_pool, values, nl + 1);
	h->nodes[at].values = (unsigned)h->n_pool;
	h->nodes[at].n_values = (unsigned char)(nl + 1);
	h->n_pool += nl + 1;
	h->n_patterns++;
}

/* The number after keyword kw on a line ("RIGHTHYPHENMIN 3"), or -1 when
 * the line is another keyword. */
static int keyword_value(const char *line, const char *kw)
{
	size_t k = strlen(kw);
	if (strncmp(line, kw, k) || (line[k] != ' ' && line[k] != '\t'))
		return -1;
	int v = atoi(line + k + 1);
	return v >= 0 && v < 20 ? v : -1;
}

/* A keyword line ("LEFTHYPHENMIN 2", "NEXTLEVEL"), line[0..n) without
 * its newline: the minimum it sets, or *level = 1 after NEXTLEVEL. Other
 * keywords (NOHYPHEN) concern no letter word. */
static void take_keyword(struct hyph *h, const char *line, size_t n, int *level)
{
	char kw[128] = {0}; /* keyword_value reads a string */
	memcpy(kw, line, n < sizeof kw - 1 ? n : sizeof kw - 1);
	int v;
	if ((v = keyword_value(kw, "LEFTHYPHENMIN")) > 0)
		h->lmin = v;
	else if ((v = keyword_value(kw, "RIGHTHYPHENMIN")) > 0)
		h->rmin = v;
	else if ((v = keyword_value(kw, "COMPOUNDLEFTHYPHENMIN")) > 0)
		h->clmin = v;
	else if ((v = keyword_value(kw, "COMPOUNDRIGHTHYPHENMIN")) > 0)
		h->crmin = v;
	else if (!strncmp(kw, "NEXTLEVEL", 9))
		*level = 1;
}

/* The n ISO8859-1 bytes of line as UTF-8 in conv (room for 2n); returns
 * their length there. */
static size_t latin1_to_utf8(const char *line, size_t n, char *conv)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c < 0x80) {
			conv[k++] = (char)c;
		} else {
			conv[k++] = (char)(0xC0 | c >> 6);
			conv[k++] = (char)(0x80 | (c & 0x3F));
		}
	}
	return k;
}

/* Each line of the file into h: the charset name first, then keywords,
 * comments and patterns. Returns -1 for a charset not converted. */
static int read_lines(struct hyph *h, char *text, size_t len, int *level)
{
	char conv[1024];
	int first = 1, latin1 = 0;
	for (char *line = text, *end = text + len; line < end;) {
		char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		size_t n = (size_t)(eol - line);
		char *at = line;
		line = eol + 1;
		if (first) { /* the charset name */
			first = 0;
			n = strcspn(at, " \t\r\n");
			if (n == 9 && (!memcmp(at, "ISO8859-1", 9)))
				latin1 = 1;
			else if (n == 10 && !memcmp(at, "ISO-8859-1", 10))
				latin1 = 1;
			else if (n != 5 || memcmp(at, "UTF-8", 5))
				return -1; /* a charset we do not convert */
			continue;
		}
		/* add_pattern ends a pattern at a blank and refuses one with a
		 * '/' (libhyphen's non-standard replacement patterns) */
		if (n == 0 || strchr(" \t\r%#", at[0]))
			continue; /* blank or comment line */
		if (at[0] >= 'A' && at[0] <= 'Z')
			take_keyword(h, at, n, level);
		else if (latin1 && n <= sizeof conv / 2)
			add_pattern(&h->lv[*level], conv, latin1_to_utf8(at, n, conv));
		else if (!latin1)
			add_pattern(&h->lv[*level], at, n);
	}
	return 0;
}

/* The tries of the pattern file's text (len bytes), or NULL when it has
 * no pattern or a charset not converted. */
static struct hyph *hyph_build(char *text, size_t len)
{
	struct hyph *h = xcalloc(1, sizeof *h);
	trie_init(&h->lv[0], 32768, 65536);
	trie_init(&h->lv[1], 1, 1);
	h->levels = 1;
	h->lmin = h->rmin = 2;
	h->clmin = h->crmin = 2;
	int level = 0;
	int bad = read_lines(h, text, len, &level);
	/* a NEXTLEVEL with nothing before it (the French file) is one level */
	if (level == 1 && h->lv[0].n_patterns == 0) {
		struct trie t = h->lv[0];
		h->lv[0] = h->lv[1];
		h->lv[1] = t;
	} else if (level == 1 && h->lv[1].n_patterns > 0) {
		h->levels = 2;
	}
	if (bad || h->lv[0].n_patterns == 0) {
		hyph_close(h);
		return NULL;
	}
	return h;
}

/* The root's child per byte, looked up once. */
void hyph_set_roots(struct hyph *h)
{
	for (int l = 0; l < 2; l++)
		for (unsigned c = 0; c < 256; c++)
			h->lv[l].root[c] = child_of(&h->lv[l], 0, (unsigned char)c);
}

struct hyph *hyph_open(const char *dic_path)
{
	/* one read, not a line at a time: fgets cost a fifth of building the
	 * trie; no pattern file is near 16 MB (the German one is 1 MB) */
	size_t len = 0;
	char *text;
	if (path_read(dic_path, 16 << 20, &text, &len))
		return NULL;
	char *cache = hyph_cache_file(dic_path);
	uint32_t crc = cache ? zcrc32(0, text, len) : 0;
	struct hyph *h = cache ? hyph_cache_load(cache, len, crc) : NULL;
	if (!h && (h = hyph_build(text, len))) {
		hyph_set_roots(h);
		if (cache)
			hyph_cache_store(h, cache, len, crc);
	}
	free(cache);
	free(text);
	return h;
}

void hyph_close(struct hyph *h)
{
	if (!h)
		return;
	if (h->map) {
		munmap(h->map, h->map_len);
	} else {
		trie_free(&h->lv[0]);
		trie_free(&h->lv[1]);
	}
	free(h);
}

/* Liang over w[0..m) (edge marks included): v[g] gets the highest value
 * the matching patterns give gap g, the gap before w[g]. Matching as
 * libhyphen does it: where a piece of the word ends, only the longest
 * pattern prefix ending there counts (libhyphen's state), and only when
 * it is a whole pattern. The German patterns rely on this: their
 * digit-less words ("zyprisch") exist to hide shorter patterns inside
 * them. The English file has every pattern's shorter patterns merged in
 * already, so there both readings agree with TeX's. */
static void liang(struct trie *h, const unsigned char *w, size_t m, unsigned char *v)
{
	/* starts go left to right, so the first start to reach an end byte
	 * has the longest match there; an earlier start reached every end
	 * byte up to `seen` (each start reaches a run of bytes) */
	size_t seen = 0; /* end bytes < seen are taken */
	memset(v, 0, m + 1);
	for (size_t i = 0; i < m; i++) {
		unsigned at = h->root[w[i]];
		for (size_t j = i; at; at = ++j < m ? child_of(h, at, w[j]) : 0) {
			if (j < seen)
				continue;
			seen = j + 1;
			const struct node *nd = &h->nodes[at];
			/* a pattern has a value per gap of its letters, so at most
			 * up to the word's end; a cache file that says otherwise
			 * is cut there rather than read past v */
			unsigned nv = nd->n_values;
			if (nv > m - i + 1)
				nv = (unsigned)(m - i + 1);
			for (unsigned k = 0; k < nv; k++)
				if (h->pool[nd->values + k] > v[i + k])
					v[i + k] = h->pool[nd->values + k];
		}
	}
}

/* Whether byte b starts a character (is not a UTF-8 continuation byte). */
static int starts_char(unsigned char b)
{
	return (b & 0xC0) != 0x80;
}

/* Characters in w[a..b). */
static size_t chars_in(const unsigned char *w, size_t a, size_t b)
{
	size_t c = 0;
	for (size_t i = a; i < b; i++)
		c += starts_char(w[i]);
	return c;
}

/* The second level over the compound part word[s..e): its odd gaps go to
 * brk (indexed by gap in the word), keeping clmin/crmin characters inside
 * the part from a cut between parts (the word's own edges are left to
 * lmin/rmin). */
static void hyph_part(struct hyph *h, const unsigned char *lw, size_t n, size_t s, size_t e,
		      char *brk)
{
	unsigned char w[66], v[67];
	size_t m = e - s + 2;
	w[0] = '.';
	memcpy(w + 1, lw + s, e - s);
	w[m - 1] = '.';
	liang(&h->lv[1], w, m, v);
	for (size_t g = 2; g + 1 < m; g++) {
		if (!(v[g] & 1) || !starts_char(w[g]))
			continue;
		size_t at = s + g - 1; /* the gap before lw[at] */
		if (s > 0 && chars_in(lw, s, at) < (size_t)h->clmin)
			continue;
		if (e < n && chars_in(lw, at, e) < (size_t)h->crmin)
			continue;
		brk[at] = 1;
	}
}

void hyph_points(struct hyph *h, const char *word, size_t n, char *ok)
{
	memset(ok, 0, n);
	if (!h || n > 60)
		return;
	/* the word in lower case between two edge marks; the lower case of
	 * every letter we hyphenate has the same length in UTF-8 */
	unsigned char w[64], v[65];
	char brk[64];
	size_t m = n + 2;
	w[0] = '.';
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)word[i];
		if (c < 0x80) {
			w[++i] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
			continue;
		}
		size_t cl = 1;
		uint32_t cp = utf8_next(word + i, n - i, &cl);
		uint32_t lo = hyph_lower(cp);
		if (lo != cp && cl == 2 && lo >= 0x80 && lo < 0x800) {
			w[i + 1] = (unsigned char)(0xC0 | lo >> 6);
			w[i + 2] = (unsigned char)(0x80 | (lo & 0x3F));
		} else if (lo != cp && cl == 1 && lo < 0x80) {
			w[i + 1] = (unsigned char)lo;
		} else {
			memcpy(w + i + 1, word + i, cl);
		}
		i += cl;
	}
	w[m - 1] = '.';
	size_t nch = chars_in(w + 1, 0, n);
	if (nch < (size_t)(h->lmin + h->rmin))
		return;
	/* brk[g]: a break in the gap before byte g of the word */
	memset(brk, 0, n + 1);
	liang(&h->lv[0], w, m, v);
	if (h->levels == 1) {
		for (size_t g = 1; g < n; g++)
			brk[g] = v[g + 1] & 1;
	} else {
		/* cut the compound at the first level's odd gaps, then
		 * hyphenate each part with the second level */
		size_t s = 0;
		for (size_t g = 1; g <= n; g++) {
			if (g < n && !((v[g + 1] & 1) && starts_char(w[g + 1])))
				continue;
			hyph_part(h, w + 1, n, s, g, brk);
			if (g < n)
				brk[g] = 1;
			s = g;
		}
	}
	/* a hyphen after byte i is the gap before byte i + 1; lmin
	 * characters stay before it and rmin after */
	size_t before = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		before += starts_char(w[i + 1]);
		if (!brk[i + 1] || !starts_char(w[i + 2]))
			continue;
		if (before >= (size_t)h->lmin && nch - before >= (size_t)h->rmin)
			ok[i] = 1;
	}
}

/* The lower case of the letters we hyphenate; anything else unchanged.
 * Only changes that keep the UTF-8 length (so not U+0130 İ → i). */
uint32_t hyph_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE)
		return c == 0xD7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x137)
		return c == 0x130 ? c : c | 1;
	if (c >= 0x139 && c <= 0x148)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x14A && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x179 && c <= 0x17E)
		return (c & 1) ? c + 1 : c;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	return c;
}

int hyph_is_letter(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c >= 0xC0 && c <= 0x17F) /* Latin-1 letters, Latin Extended-A */
		return c != 0xD7 && c != 0xF7;
	if (c >= 0x386 && c <= 0x3CE) /* Greek */
		return c != 0x387 && c != 0x38B && c != 0x38D && c != 0x3A2;
	return c >= 0x400 && c <= 0x45F; /* basic Cyrillic */
}

/* The path in p (used up) when that file can be read, else NULL. */
static char *if_readable(struct buf *p)
{
	if (access(buf_cstr(p), R_OK) == 0)
		return buf_detach(p);
	buf_free(p);
	return NULL;
}

/* dir/hyph_<name>.dic when it can be read, else NULL. */
static char *dic_if_there(const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/hyph_%s.dic", dir, name);
	return if_readable(&p);
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
	return if_readable(&p);
}
