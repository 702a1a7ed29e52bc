/* hyph.h — English hyphenation points, by Liang's algorithm over Debian's
 * hyphen-en-us patterns (the patterns TeX uses), for the line breaker. */
#ifndef OCTAVO_HYPH_H
#define OCTAVO_HYPH_H

#include <stddef.h>

#define HYPH_EN_US "/usr/share/hyphen/hyph_en_US.dic"

struct hyph;

/* NULL when the pattern file cannot be read (text is then not hyphenated). */
struct hyph *hyph_open(const char *dic_path);
void hyph_close(struct hyph *h);
/* ok[i] = 1 when a hyphen may follow byte i of word (ASCII letters only).
 * At least two letters stay before a break and three after it. */
void hyph_points(struct hyph *h, const char *word, size_t n, char *ok);

#endif
