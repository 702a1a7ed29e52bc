/* test_hyph.c — the Liang hyphenator: points from the real en-US
 * patterns, and the algorithm itself on a tiny pattern file written here
 * (so the expected points follow from the patterns by hand). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/zflate.h"
#include "typeset/hyph.h"
#include "unit.h"

/* Write text to path; 1 when done. */
static int write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return 0;
	fputs(text, fp);
	return fclose(fp) == 0;
}

/* An empty file dir/name, to stand for a pattern file. */
static void touch(const char *dir, const char *name)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *fp = fopen(p, "w");
	if (fp)
		fclose(fp);
}

/* hyph_find's answer for lang, without the folder, in out ("-" = none). */
static const char *found(const char *dir, const char *lang, char *out)
{
	char *p = hyph_find(dir, lang);
	snprintf(out, 64, "%s", p ? strrchr(p, '/') + 1 : "-");
	free(p);
	return out;
}

/* The pattern file a book language takes, in a folder of fake files. */
static void test_find(void)
{
	char dir[] = "/tmp/octavo-hyphdir-XXXXXX", out[64];
	if (!mkdtemp(dir)) {
		CHECK("hyph_find: temp folder", 0);
		return;
	}
	const char *files[] = {"hyph_en_US.dic", "hyph_de_DE.dic", "hyph_de_CH.dic",
			       "hyph_de_AT.dic", "hyph_pt_PT.dic", "hyph_pt_BR.dic",
			       "hyph_fr.dic", "hyph_it_CH.dic", "hyph_it_SM.dic", "hyph_el.txt"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		touch(dir, files[i]);
	CHECK_STR("hyph_find: en", found(dir, "en", out), "hyph_en_US.dic");
	CHECK_STR("hyph_find: en-GB without British patterns", found(dir, "en-GB", out), "hyph_en_US.dic");
	CHECK_STR("hyph_find: de-AT has its own", found(dir, "de-AT", out), "hyph_de_AT.dic");
	CHECK_STR("hyph_find: de-LU takes the home country", found(dir, "de-LU", out), "hyph_de_DE.dic");
	CHECK_STR("hyph_find: de", found(dir, "de", out), "hyph_de_DE.dic");
	CHECK_STR("hyph_find: fr-CA takes the plain language", found(dir, "fr-CA", out), "hyph_fr.dic");
	CHECK_STR("hyph_find: pt takes its home country", found(dir, "pt", out), "hyph_pt_PT.dic");
	CHECK_STR("hyph_find: a script subtag is passed over", found(dir, "pt-Latn-PT", out), "hyph_pt_PT.dic");
	CHECK_STR("hyph_find: it takes the first region by name", found(dir, "it", out), "hyph_it_CH.dic");
	CHECK_STR("hyph_find: xx has none", found(dir, "xx", out), "-");
	CHECK_STR("hyph_find: only .dic files count", found(dir, "el", out), "-");
	CHECK_STR("hyph_find: a prefix is not a language", found(dir, "d", out), "-");
	touch(dir, "hyph_en_GB.dic");
	CHECK_STR("hyph_find: en-GB", found(dir, "en-GB", out), "hyph_en_GB.dic");
	CHECK_STR("hyph_find: en-US keeps American", found(dir, "en-US", out), "hyph_en_US.dic");
	CHECK_STR("hyph_find: a missing folder", found("/nonexistent", "de", out), "-");
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		remove(p);
	}
	char p[512];
	snprintf(p, sizeof p, "%s/hyph_en_GB.dic", dir);
	remove(p);
	rmdir(dir);
}

/* The word with a '-' at every point, in out. */
static const char *marked(struct hyph *h, const char *w, char *out)
{
	char ok[64];
	size_t n = strlen(w), k = 0;
	hyph_points(h, w, n, ok);
	for (size_t i = 0; i < n; i++) {
		out[k++] = w[i];
		if (ok[i])
			out[k++] = '-';
	}
	out[k] = '\0';
	return out;
}

/* Every word's points, marked, one after another: what a pattern file
 * gives, to compare a trie built from the file with the cached one. */
static const char *const cache_words[] = {
	"hyphenation", "hierarchy", "algorithm", "Donaudampfschifffahrtsgesellschaftskapitän",
	"Fußgängerübergang", "Überprüfung", "Häufigkeitsverteilung", "Speicherverwaltung",
	"développement", "BIBLIOTHÈQUE", "généralement", "representation", "Rückgabewert"};

static void all_marked(struct hyph *h, char *out, size_t cap)
{
	size_t at = 0;
	out[0] = '\0';
	for (size_t k = 0; k < sizeof cache_words / sizeof *cache_words; k++) {
		char one[128];
		at += (size_t)snprintf(out + at, cap - at, "%s ", marked(h, cache_words[k], one));
	}
}

/* The one cache file in dir whose name starts with prefix, in out; its
 * inode (0 when there is none), which a rewrite (rename) changes. */
static unsigned long cache_file_of(const char *dir, const char *prefix, char *out, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned long ino = 0;
	out[0] = '\0';
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)) && strstr(e->d_name, ".trie") &&
		    !strstr(e->d_name, ".tmp-")) {
			struct stat st;
			snprintf(out, cap, "%s/%s", dir, e->d_name);
			if (stat(out, &st) == 0)
				ino = (unsigned long)st.st_ino;
		}
	if (d)
		closedir(d);
	return ino;
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* Points from the pattern file at path, its trie opened afresh. */
static void points_of(const char *path, char *out, size_t cap)
{
	struct hyph *h = hyph_open(path);
	if (h)
		all_marked(h, out, cap);
	else
		snprintf(out, cap, "(no patterns)");
	hyph_close(h);
}

/* Overwrite n bytes at off of file path. */
static void poke(const char *path, long off, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY);
	if (fd >= 0) {
		if (pwrite(fd, p, n, off) != (ssize_t)n)
			CHECK("hyph cache: poke", 0);
		close(fd);
	}
}

/* The cache of compiled patterns (OCTAVO_CACHE_DIR): a cached trie gives
 * the points the file gives; a cache that is stale, cut short, damaged or
 * another file's is built again and never read past; no cache folder, or
 * one that cannot be made, only means no cache. */
static void test_cache(void)
{
	char dir[] = "/tmp/octavo-hcache-XXXXXX", file[600], want[2048], got[2048];
	if (!mkdtemp(dir)) {
		CHECK("hyph cache: temp folder", 0);
		return;
	}
	setenv("OCTAVO_CACHE_DIR", dir, 1);
	const char *langs[][2] = {{"en_US", HYPH_EN_US},
				  {"de_DE", HYPH_DIR "/hyph_de_DE.dic"},
				  {"fr", HYPH_DIR "/hyph_fr.dic"}};
	for (size_t l = 0; l < 3; l++) {
		char name[64], prefix[32];
		snprintf(prefix, sizeof prefix, "hyph_%s-", langs[l][0]);
		points_of(langs[l][1], want, sizeof want); /* builds, writes the cache */
		unsigned long ino = cache_file_of(dir, prefix, file, sizeof file);
		snprintf(name, sizeof name, "hyph cache: %s written", langs[l][0]);
		CHECK(name, ino != 0);
		points_of(langs[l][1], got, sizeof got);
		snprintf(name, sizeof name, "hyph cache: %s from the cache, same points", langs[l][0]);
		CHECK_STR(name, got, want);
		snprintf(name, sizeof name, "hyph cache: %s cache read, not written again", langs[l][0]);
		CHECK(name, cache_file_of(dir, prefix, file, sizeof file) == ino);
	}

	/* damage: a flipped byte in the middle (its CRC no longer matches) */
	char en_file[600];
	unsigned long ino = cache_file_of(dir, "hyph_en_US-", en_file, sizeof en_file);
	struct stat st;
	stat(en_file, &st);
	points_of(HYPH_EN_US, want, sizeof want);
	poke(en_file, (long)st.st_size / 2, "\xff\x00\xff", 3);
	points_of(HYPH_EN_US, got, sizeof got);
	CHECK_STR("hyph cache: damaged, built again, same points", got, want);
	CHECK("hyph cache: damaged, written again", cache_file_of(dir, "hyph_en_US-", file, sizeof file) != ino);
	/* cut short */
	ino = cache_file_of(dir, "hyph_en_US-", file, sizeof file);
	CHECK("hyph cache: cut short", truncate(en_file, 4000) == 0);
	points_of(HYPH_EN_US, got, sizeof got);
	CHECK_STR("hyph cache: cut short, same points", got, want);
	CHECK("hyph cache: cut short, written again", cache_file_of(dir, "hyph_en_US-", file, sizeof file) != ino);
	/* a node whose values lie outside the pool, with the file's CRC made
	 * to match: the checks of every offset, not the CRC, refuse it. The
	 * header: magic 8, endian 4, node size 4, source length 8, source
	 * CRC 4, body CRC 4 (at 28) ... 136 bytes; the first node follows. */
	unsigned char node0[8] = {0xff, 0xff, 0xff, 0x00, 200, 0, 0, 0};
	poke(en_file, 136, node0, sizeof node0);
	int fd = open(en_file, O_RDONLY);
	stat(en_file, &st);
	unsigned char *body = malloc((size_t)st.st_size);
	if (fd >= 0 && body && read(fd, body, (size_t)st.st_size) == st.st_size) {
		uint32_t crc = zcrc32(0, body + 136, (size_t)st.st_size - 136);
		poke(en_file, 28, &crc, 4);
	}
	if (fd >= 0)
		close(fd);
	free(body);
	ino = cache_file_of(dir, "hyph_en_US-", file, sizeof file);
	points_of(HYPH_EN_US, got, sizeof got);
	CHECK_STR("hyph cache: offsets out of range, same points", got, want);
	CHECK("hyph cache: offsets out of range, written again",
	      cache_file_of(dir, "hyph_en_US-", file, sizeof file) != ino);
	/* another pattern file's cache under this one's name */
	char fr_file[600];
	if (cache_file_of(dir, "hyph_fr-", fr_file, sizeof fr_file)) {
		char cmd[1400];
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", fr_file, en_file);
		CHECK("hyph cache: copy", system(cmd) == 0);
		points_of(HYPH_EN_US, got, sizeof got);
		CHECK_STR("hyph cache: another file's cache, same points", got, want);
	}

	/* a FIFO where the cache file should be: not read (opening it to
	 * read would wait for a writer); the new cache file replaces it */
	remove(en_file);
	if (mkfifo(en_file, 0600) == 0) {
		points_of(HYPH_EN_US, got, sizeof got);
		CHECK_STR("hyph cache: a FIFO in its place, same points", got, want);
		remove(en_file);
	}

	/* a pattern file rewritten at once with bytes of the same length:
	 * its time may not change, its CRC does */
	char path[] = "/tmp/octavo-hyph-XXXXXX", out[64];
	fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	write_file(path, "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n1b1\n");
	struct hyph *h = hyph_open(path);
	CHECK_STR("hyph cache: own file", marked(h, "abba", out), "a-b-b-a");
	hyph_close(h);
	write_file(path, "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n1a1\n");
	h = hyph_open(path);
	CHECK_STR("hyph cache: own file rewritten, same length", marked(h, "abba", out), "a-bb-a");
	hyph_close(h);
	remove(path);

	/* no cache: an empty OCTAVO_CACHE_DIR writes nothing; a folder that
	 * cannot be made is no error */
	char dir2[] = "/tmp/octavo-hcache-XXXXXX";
	if (mkdtemp(dir2)) {
		size_t before = files_in(dir);
		setenv("OCTAVO_CACHE_DIR", "", 1);
		points_of(HYPH_EN_US, got, sizeof got);
		CHECK_STR("hyph cache: none, same points", got, want);
		CHECK("hyph cache: none, nothing written", files_in(dir2) == 0 && files_in(dir) == before);
		rmdir(dir2);
	}
	setenv("OCTAVO_CACHE_DIR", "/dev/null/octavo", 1);
	points_of(HYPH_EN_US, got, sizeof got);
	CHECK_STR("hyph cache: folder cannot be made, same points", got, want);
	unsetenv("OCTAVO_CACHE_DIR");

	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		CHECK("hyph cache: clean up", 0);
}

int main(void)
{
	char out[128];
	/* every hyph_open below goes through a cache of its own; test_cache
	 * tests the cache itself */
	char cdir[] = "/tmp/octavo-hcache-XXXXXX";
	if (mkdtemp(cdir))
		setenv("OCTAVO_CACHE_DIR", cdir, 1);
	test_find();
	struct hyph *en = hyph_open(HYPH_EN_US);
	CHECK("hyph: en-US patterns load", en != NULL);
	CHECK_STR("hyph: hyphenation", marked(en, "hyphenation", out), "hy-phen-ation");
	CHECK_STR("hyph: capitals are lowered first", marked(en, "HYPHENATION", out), "HY-PHEN-ATION");
	CHECK_STR("hyph: hierarchy", marked(en, "hierarchy", out), "hi-er-ar-chy");
	CHECK_STR("hyph: four letters never break", marked(en, "into", out), "into");
	CHECK_STR("hyph: three letters stay after a break", marked(en, "algorithm", out), "al-go-rithm");
	hyph_close(en);

	CHECK("hyph: a missing file gives NULL", hyph_open("/nonexistent/hyph.dic") == NULL);
	hyph_points(NULL, "hyphenation", 11, out);
	CHECK("hyph: no patterns, no points", memchr(out, 1, 11) == NULL);

	/* A pattern file of our own: the charset line, a keyword, a comment,
	 * a pattern with a non-ASCII letter (skipped) and two patterns. With
	 * "1n2a" and ".ba1": in "bananas" the gap before each "na" gets 1,
	 * the gap inside it 2 (even: no break), and the gap after ".ba" 1 —
	 * so ba-na-nas, keeping three letters after the last break. */
	char path[] = "/tmp/octavo-hyph-XXXXXX";
	int fd = mkstemp(path);
	CHECK("hyph: temp pattern file", fd >= 0);
	if (fd >= 0) {
		close(fd);
		write_file(path, "UTF-8\nLEFTHYPHENMIN 2\n% a comment\n\xc3\xa9" "1x\n1n2a\n.ba1\n");
	}
	struct hyph *t = hyph_open(path);
	CHECK("hyph: own pattern file loads", t != NULL);
	CHECK_STR("hyph: odd values break, even ones forbid", marked(t, "bananas", out), "ba-na-nas");
	CHECK_STR("hyph: no pattern matches, no break", marked(t, "strudel", out), "strudel");
	hyph_close(t);

	/* German: an ISO8859-1 file in two levels (compounds first, then
	 * syllables). The expected points are libhyphen's for the same file
	 * (checked by hand with a throwaway program), except where libhyphen
	 * miscounts bytes after a non-ASCII letter inside a compound ("Sch-
	 * lüs-sel", "Rü-ck-ga-be"); there the points are the German rules'. */
	struct hyph *de = hyph_open(HYPH_DIR "/hyph_de_DE.dic");
	CHECK("hyph: de-DE patterns load (hyphen-de installed)", de != NULL);
	if (de) {
		CHECK_STR("hyph: de compound with umlaut",
			  marked(de, "Donaudampfschifffahrtsgesellschaftskapitän", out),
			  "Do-nau-dampf-schiff-fahrts-ge-sell-schafts-ka-pi-tän");
		CHECK_STR("hyph: de ß and umlauts", marked(de, "Fußgängerübergang", out),
			  "Fuß-gän-ger-über-gang");
		CHECK_STR("hyph: de capital umlaut lowered", marked(de, "Überprüfung", out),
			  "Über-prü-fung");
		CHECK_STR("hyph: de compound parts", marked(de, "Häufigkeitsverteilung", out),
			  "Häu-fig-keits-ver-tei-lung");
		CHECK_STR("hyph: de sch stays whole", marked(de, "Schlüsselwörter", out),
			  "Schlüs-sel-wör-ter");
		CHECK_STR("hyph: de ck stays whole", marked(de, "Rückgabewert", out), "Rück-ga-be-wert");
		/* every point is the last byte of a character */
		const char *words[] = {"Größenverhältnisse", "Übergänge", "Käsebrötchen", "Äußerungen"};
		int inside = 0;
		for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
			char ok[64];
			size_t n = strlen(words[k]);
			hyph_points(de, words[k], n, ok);
			for (size_t i = 0; i + 1 < n; i++)
				if (ok[i] && ((unsigned char)words[k][i + 1] & 0xC0) == 0x80)
					inside = 1;
		}
		CHECK("hyph: no point inside a UTF-8 sequence", !inside);
	}
	if (de)
		CHECK_STR("hyph: de Speicherverwaltung", marked(de, "Speicherverwaltung", out),
			  "Spei-cher-ver-wal-tung");
	/* why the language matters: English patterns break it as "Spe-icher" */
	en = hyph_open(HYPH_EN_US);
	CHECK_STR("hyph: en patterns on a German word", marked(en, "Speicherverwaltung", out),
		  "Spe-icherver-wal-tung");
	hyph_close(en);
	hyph_close(de);

	/* French: a UTF-8 file whose patterns all follow NEXTLEVEL */
	struct hyph *fr = hyph_open(HYPH_DIR "/hyph_fr.dic");
	CHECK("hyph: fr patterns load (hyphen-fr installed)", fr != NULL);
	if (fr) {
		CHECK_STR("hyph: fr accented word", marked(fr, "développement", out), "dé-ve-lop-pe-ment");
		CHECK_STR("hyph: fr capital accent", marked(fr, "BIBLIOTHÈQUE", out), "BI-BLIO-THÈQUE");
		CHECK_STR("hyph: fr RIGHTHYPHENMIN 2", marked(fr, "généralement", out), "gé-né-ra-le-ment");
	}
	hyph_close(fr);

	/* LEFT/RIGHTHYPHENMIN count characters: with a break allowed between
	 * any two é, two é (four bytes) stay before a break and after it */
	CHECK("hyph: write min file", write_file(path, "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n1\xc3\xa9" "1\n"));
	t = hyph_open(path);
	CHECK_STR("hyph: minimums in characters", marked(t, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", out),
		  "\xc3\xa9\xc3\xa9-\xc3\xa9-\xc3\xa9\xc3\xa9");
	hyph_close(t);
	CHECK("hyph: write min file", write_file(path, "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n1\xc3\xa9" "1\n"));
	t = hyph_open(path);
	CHECK_STR("hyph: RIGHTHYPHENMIN 3", marked(t, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", out),
		  "\xc3\xa9\xc3\xa9-\xc3\xa9\xc3\xa9\xc3\xa9");
	hyph_close(t);
	/* no keywords: libhyphen's 2 and 2 */
	CHECK("hyph: write default file", write_file(path, "UTF-8\n1a1\n"));
	t = hyph_open(path);
	CHECK_STR("hyph: default minimums 2 and 2", marked(t, "aaaaa", out), "aa-a-aa");
	hyph_close(t);

	/* ISO8859-1 files are read as UTF-8: "\xe4" is ä */
	CHECK("hyph: write latin-1 file", write_file(path, "ISO8859-1\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n\xe4" "1b\n"));
	t = hyph_open(path);
	CHECK("hyph: latin-1 file loads", t != NULL);
	CHECK_STR("hyph: latin-1 pattern matches UTF-8", marked(t, "x\xc3\xa4" "b", out), "x\xc3\xa4-b");
	CHECK_STR("hyph: latin-1 pattern, capital", marked(t, "X\xc3\x84" "B", out), "X\xc3\x84-B");
	hyph_close(t);
	/* The file is read whole, and each pattern's walk starts where it
	 * parts from the one before: CR LF line ends, a last line with no
	 * newline, what follows a blank on a pattern line, a pattern that
	 * comes back to an earlier prefix after others (unsorted), and one
	 * given twice (the later values count, as they always did). */
	CHECK("hyph: write crlf file",
	      write_file(path, "UTF-8\r\nLEFTHYPHENMIN 1\r\nRIGHTHYPHENMIN 1\r\n"
			       "b1c\r\nx9y\r\nb1d junk\tmore\r\nq1r\r\nb2c\r\nb1c\r\nzz1w"));
	t = hyph_open(path);
	CHECK("hyph: crlf file loads", t != NULL);
	CHECK_STR("hyph: crlf pattern", marked(t, "abcd", out), "ab-cd");
	CHECK_STR("hyph: text after a blank is not read", marked(t, "abda", out), "ab-da");
	CHECK_STR("hyph: a pattern given twice, the later counts", marked(t, "abca", out), "ab-ca");
	CHECK_STR("hyph: last line without newline", marked(t, "azzwa", out), "azz-wa");
	CHECK_STR("hyph: unsorted patterns", marked(t, "aqra", out), "aq-ra");
	hyph_close(t);
	/* other charsets are not converted, so the file is not used */
	CHECK("hyph: write koi8 file", write_file(path, "KOI8-R\n1a1\n"));
	CHECK("hyph: other charset refused", hyph_open(path) == NULL);
	remove(path);

	CHECK("hyph: lower Latin-1", hyph_lower(0xC4) == 0xE4);
	CHECK("hyph: × is no letter", !hyph_is_letter(0xD7) && hyph_lower(0xD7) == 0xD7);
	CHECK("hyph: lower Latin Extended-A", hyph_lower(0x141) == 0x142 && hyph_lower(0x160) == 0x161);
	CHECK("hyph: lower Ÿ", hyph_lower(0x178) == 0xFF);
	CHECK("hyph: lower Greek", hyph_lower(0x3A9) == 0x3C9 && hyph_lower(0x386) == 0x3AC);
	CHECK("hyph: lower Cyrillic", hyph_lower(0x416) == 0x436 && hyph_lower(0x401) == 0x451);
	CHECK("hyph: letters", hyph_is_letter(0xE9) && hyph_is_letter(0x3B1) && hyph_is_letter(0x44F) &&
				       !hyph_is_letter('1') && !hyph_is_letter(0x2014));

	/* a file with no usable pattern is refused, so text is simply not
	 * hyphenated rather than hyphenated by nothing */
	char path2[] = "/tmp/octavo-hyph-XXXXXX";
	fd = mkstemp(path2);
	if (fd >= 0) {
		close(fd);
		write_file(path2, "UTF-8\nLEFTHYPHENMIN 2\n");
	}
	CHECK("hyph: a file without patterns gives NULL", hyph_open(path2) == NULL);
	remove(path2);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", cdir);
	if (system(cmd) != 0)
		CHECK("hyph: clean up the cache", 0);
	test_cache();
	return unit_done();
}
