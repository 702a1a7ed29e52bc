/* sysfont.c — fonts installed on the system, for characters none of the
 * book's own fonts has: Chinese and Japanese (fonts-noto-cjk), emoji and
 * symbols (fonts-symbola). fontconfig is asked for the fonts that cover
 * the character, best first for the book's language (which picks the
 * Japanese or the Chinese shapes of a shared ideograph), and the first one
 * octavo can embed is added to the font set: TrueType or CID-keyed CFF
 * outlines. Colour bitmap fonts (Noto Color Emoji) have no outlines to
 * embed, so emoji come from a monochrome outline font such as Symbola.
 *
 * fontconfig is started only on the first character no bundled font has,
 * so a book without one never pays for reading its configuration and
 * cache. Fonts are system resources, not course files: the choice depends
 * on what is installed, and is the same from run to run on one machine.
 * The font set is used by one thread (the PDF's), but fontconfig's own
 * start-up is process-wide, so every call into it holds one lock. */
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"
#include "font/fontset.h"

static pthread_mutex_t fc_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_missed(const struct fontset *fs, uint32_t cp)
{
	return fs->sys_miss && (fs->sys_miss[cp >> 3] & (1u << (cp & 7)));
}

static void set_missed(struct fontset *fs, uint32_t cp)
{
	if (!fs->sys_miss)
		fs->sys_miss = xcalloc(FONTSET_SYS_CP / 8, 1);
	fs->sys_miss[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* The fonts fontconfig ranks best for cp in the book's language; NULL if
 * none. The caller holds fc_lock. */
static FcFontSet *candidates(struct fontset *fs, uint32_t cp)
{
	if (!fs->fc) {
		fs->fc = FcInitLoadConfigAndFonts();
		if (!fs->fc)
			return NULL;
	}
	FcPattern *p = FcPatternCreate();
	FcCharSet *cs = FcCharSetCreate();
	if (!p || !cs) {
		if (p)
			FcPatternDestroy(p);
		if (cs)
			FcCharSetDestroy(cs);
		return NULL;
	}
	FcCharSetAddChar(cs, cp);
	FcPatternAddCharSet(p, FC_CHARSET, cs);
	FcCharSetDestroy(cs);
	if (fs->lang && *fs->lang)
		FcPatternAddString(p, FC_LANG, (const FcChar8 *)fs->lang);
	FcPatternAddBool(p, FC_SCALABLE, FcTrue);
	FcPatternAddBool(p, FC_COLOR, FcFalse);
	FcConfigSubstitute(fs->fc, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult res;
	FcFontSet *set = FcFontSort(fs->fc, p, FcFalse, NULL, &res);
	FcPatternDestroy(p);
	return set;
}

/* The first candidate that has cp and that octavo can read; its id or -1. */
static int first_usable(struct fontset *fs, FcFontSet *set, uint32_t cp)
{
	for (int i = 0; i < set->nfont && fs->n_sys < FONTSET_SYS_MAX; i++) {
		FcPattern *m = set->fonts[i];
		FcCharSet *cs;
		FcChar8 *file;
		int index = 0;
		FcBool colour = FcFalse;
		if (FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    !FcCharSetHasChar(cs, cp))
			continue;
		if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		FcPatternGetBool(m, FC_COLOR, 0, &colour);
		if (colour)
			continue;
		int id = fontset_add_sys(fs, (const char *)file, index);
		if (id >= 0 && fontset_has(fs, id, cp)) {
			fs->n_sys++;
			if (fs->verbose)
				fprintf(stderr, "octavo: pdf system font for U+%04X: %s (face %d)\n",
					(unsigned)cp, (const char *)file, index);
			return id;
		}
	}
	return -1;
}

int fontset_sys_pick(struct fontset *fs, uint32_t cp)
{
	if (cp < 0x20 || cp >= FONTSET_SYS_CP || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFD)
		return -1;
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].sys && fontset_has(fs, i, cp))
			return i;
	if (is_missed(fs, cp) || fs->n_sys >= FONTSET_SYS_MAX)
		return -1;
	int id = -1;
	pthread_mutex_lock(&fc_lock);
	FcFontSet *set = candidates(fs, cp);
	if (set) {
		id = first_usable(fs, set, cp);
		FcFontSetDestroy(set);
	}
	pthread_mutex_unlock(&fc_lock);
	if (id < 0)
		set_missed(fs, cp);
	return id;
}

void fontset_sys_free(struct fontset *fs)
{
	free(fs->sys_miss);
	fs->sys_miss = NULL;
	if (fs->fc) {
		pthread_mutex_lock(&fc_lock);
		FcConfigDestroy(fs->fc);
		pthread_mutex_unlock(&fc_lock);
		fs->fc = NULL;
	}
	fs->n_sys = 0;
}
