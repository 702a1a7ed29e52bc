/* unit.h — the smallest test harness: each CHECK prints one line,
 * "ok NAME" or "not ok NAME: file:line: expression", which tests/run.sh
 * counts. unit_done() gives the exit status. */
#ifndef OCTAVO_UNIT_H
#define OCTAVO_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;

#define CHECK(name, cond)                                                    \
	do {                                                                 \
		if (cond)                                                    \
			printf("ok %s\n", (name));                           \
		else {                                                       \
			printf("not ok %s: %s:%d: %s\n", (name), __FILE__,   \
			       __LINE__, #cond);                             \
			unit_failures++;                                     \
		}                                                            \
	} while (0)

#define CHECK_STR(name, got, want)                                           \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		if (g_ && w_ && !strcmp(g_, w_))                             \
			printf("ok %s\n", (name));                           \
		else {                                                       \
			printf("not ok %s: %s:%d: got \"%s\" want \"%s\"\n",  \
			       (name), __FILE__, __LINE__, g_ ? g_ : "(null)", \
			       w_ ? w_ : "(null)");                          \
			unit_failures++;                                     \
		}                                                            \
	} while (0)

static inline int unit_done(void)
{
	return unit_failures ? 1 : 0;
}

#endif
