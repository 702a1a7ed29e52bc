/* hyph.h — hyphenation points by Liang's algorithm over Debian's hyphen-*
 * patterns (the patterns TeX uses) for the book language, for the line
 * breaker. */
#ifndef OCTAVO_HYPH_H
#define OCTAVO_HYPH_H

#include <stddef.h>
#include <stdint.h>

#define HYPH_DIR "/usr/share/hyphen"
#define HYPH_EN_US HYPH_DIR "/hyph_en_US.dic"

struct hyph;

/* The pattern file for a book language (a BCP 47 tag such as "de-AT"),
 * looked for in dir: for English hyph_en_GB.dic (en-GB only) or
 * hyph_en_US.dic; otherwise hyph_ll_CC.dic, hyph_ll.dic, hyph_ll_LL.dic,
 * then the first hyph_ll_*.dic by name. NULL when the language has none:
 * its text is then not hyphenated, since another language's patterns
 * put hyphens in the wrong places. The caller frees the path. */
char *hyph_find(const char *dir, const char *lang);

/* NULL when the pattern file cannot be read (text is then not hyphenated). */
struct hyph *hyph_open(const char *dic_path);
void hyph_close(struct hyph *h);
/* ok[i] = 1 when a hyphen may follow byte i of word (UTF-8, at most 60
 * bytes; always the last byte of a character). The file's LEFTHYPHENMIN
 * and RIGHTHYPHENMIN characters stay before and after a break. */
void hyph_points(struct hyph *h, const char *word, size_t n, char *ok);

/* Whether cp is a letter the hyphenator knows: ASCII, Latin-1, Latin
 * Extended-A, Greek and basic Cyrillic letters. */
int hyph_is_letter(uint32_t cp);
/* The lower case of such a letter (same UTF-8 length); others unchanged. */
uint32_t hyph_lower(uint32_t cp);

#endif
