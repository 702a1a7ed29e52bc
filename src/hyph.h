/* hyph.h — English hyphenation points, by Liang's algorithm over Debian's
 * hyphen-en-us patterns (the patterns TeX uses), for the line breaker. */
#ifndef OCTAVO_HYPH_H
#define OCTAVO_HYPH_H

#include <stddef.h>

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
/* ok[i] = 1 when a hyphen may follow byte i of word (ASCII letters only).
 * At least two letters stay before a break and three after it. */
void hyph_points(struct hyph *h, const char *word, size_t n, char *ok);

#endif
