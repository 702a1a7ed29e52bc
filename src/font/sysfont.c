/* sysfont.c — fonts installed on the system, for characters none of the
 * book's own fonts has: Chinese and Japanese (fonts-noto-cjk), emoji and
 * symbols (fonts-symbola). fontconfig is asked for the fonts that cover
 * the character, best first for the book's language (which picks the
 * Japanese or the Chinese shapes of a shared ideograph), and the first one
 * octavo can embed is added to the font set: TrueType or CID-keyed CFF
 * outlines. fontconfig is asked for the kind of font the text is set in
 * (serif, sans or monospaced, regular or bold), so a bold sans heading
 * gets a bold sans ideograph when one is installed. Colour bitmap fonts (Noto Color Emoji) have no outlines to
 * embed, so emoji come from a monochrome outline font such as Symbola.
 *
 * fontconfig is started only on the first character no bundled font has,
 * so a book without one never pays for reading its configuration and
 * cache. Fonts are system resources, not course files: the choice depends
 * on what is installed, and is the same from run to run on one machine.
 * The font set is used by one thread (the PDF's), but fontconfig's own
 * start-up is process-wide, so every call into it holds one lock. */
#include <dlfcn.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "font/fontset.h"

/* fontconfig is opened with dlopen on the first character no bundled
 * font has, not linked: with FreeType, expat and brotli its loading and
 * relocation cost every run half a millisecond before main, and most
 * books never ask it anything. Its header still types every call
 * (__typeof__). Its stable ABI name: */
#define FC_SONAME "libfontconfig.so.1"

#define FC_FUNCS(X) \
	X(FcCharSetAddChar)                        \
	X(FcCharSetCreate)                         \
	X(FcCharSetDestroy)                        \
	X(FcCharSetHasChar)                        \
	X(FcConfigDestroy)                         \
	X(FcConfigSubstitute)                      \
	X(FcDefaultSubstitute)                     \
	X(FcFontSetDestroy)                        \
	X(FcFontSort)                              \
	X(FcInitLoadConfigAndFonts)                \
	X(FcPatternAddBool)                        \
	X(FcPatternAddCharSet)                     \
	X(FcPatternAddInteger)                     \
	X(FcPatternAddString)                      \
	X(FcPatternCreate)                         \
	X(FcPatternDestroy)                        \
	X(FcPatternGetBool)                        \
	X(FcPatternGetCharSet)                     \
	X(FcPatternGetInteger)                     \
	X(FcPatternGetString)

static struct {
#define FC_FIELD(f) __typeof__(f) *f;
	FC_FUNCS(FC_FIELD)
#undef FC_FIELD
	int ok;
} fl;
static pthread_once_t fl_once = PTHREAD_ONCE_INIT;

/* The handle stays open for the process: fontconfig cannot be unloaded
 * safely. */
static void fl_open(void)
{
	void *lib = dlopen(FC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return;
#define FC_SYM(f)                                                              \
	if (!(fl.f = (__typeof__(f) *)dlsym(lib, #f)))                         \
		return;
	FC_FUNCS(FC_SYM)
#undef FC_SYM
	fl.ok = 1;
}

static pthread_mutex_t fc_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_missed(const struct fontset *fs, int kind, uint32_t cp)
{
	const unsigned char *m = fs->sys_miss[kind];
	return m && (m[cp >> 3] & (1u << (cp & 7)));
}

static void set_missed(struct fontset *fs, int kind, uint32_t cp)
{
	if (!fs->sys_miss[kind])
		fs->sys_miss[kind] = xcalloc(FONTSET_SYS_CP / 8, 1);
	fs->sys_miss[kind][cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* The kind of font `id`: style * 2 + bold, 0 (sans regular) if unknown. */
static int font_kind(const struct fontset *fs, int id)
{
	if (id < 0 || id >= fs->n || fs->f[id].loaded != 1)
		return 0;
	return fs->f[id].style * 2 + (fs->f[id].bold ? 1 : 0);
}

/* The fonts fontconfig ranks best for cp in the book's language and of
 * the kind asked for; NULL if none. The caller holds fc_lock. */
static FcFontSet *candidates(struct fontset *fs, int kind, uint32_t cp)
{
	static const char *generic[3] = {"sans-serif", "serif", "monospace"};
	if (!fs->fc) {
		pthread_once(&fl_once, fl_open);
		if (!fl.ok)
			return NULL; /* no fontconfig: like no font with cp */
		fs->fc = fl.FcInitLoadConfigAndFonts();
		if (!fs->fc)
			return NULL;
	}
	FcPattern *p = fl.FcPatternCreate();
	FcCharSet *cs = fl.FcCharSetCreate();
	if (!p || !cs) {
		if (p)
			fl.FcPatternDestroy(p);
		if (cs)
			fl.FcCharSetDestroy(cs);
		return NULL;
	}
	fl.FcCharSetAddChar(cs, cp);
	fl.FcPatternAddCharSet(p, FC_CHARSET, cs);
	fl.FcCharSetDestroy(cs);
	if (fs->lang && *fs->lang)
		fl.FcPatternAddString(p, FC_LANG, (const FcChar8 *)fs->lang);
	fl.FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)generic[kind / 2]);
	fl.FcPatternAddInteger(p, FC_WEIGHT, kind % 2 ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	fl.FcPatternAddBool(p, FC_SCALABLE, FcTrue);
	fl.FcPatternAddBool(p, FC_COLOR, FcFalse);
	fl.FcConfigSubstitute(fs->fc, p, FcMatchPattern);
	fl.FcDefaultSubstitute(p);
	FcResult res;
	FcFontSet *set = fl.FcFontSort(fs->fc, p, FcFalse, NULL, &res);
	fl.FcPatternDestroy(p);
	return set;
}

/* Whether face index of file is in the set already (read or not). */
static int known(const struct fontset *fs, const char *file, int index)
{
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].sys && fs->f[i].index == index && !strcmp(fs->f[i].path, file))
			return 1;
	return 0;
}

/* The first candidate that has cp and that octavo can read; its id or -1. */
static int first_usable(struct fontset *fs, FcFontSet *set, int kind, uint32_t cp)
{
	for (int i = 0; i < set->nfont; i++) {
		FcPattern *m = set->fonts[i];
		FcCharSet *cs;
		FcChar8 *file;
		int index = 0;
		FcBool colour = FcFalse;
		if (fl.FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    !fl.FcCharSetHasChar(cs, cp))
			continue;
		if (fl.FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		fl.FcPatternGetInteger(m, FC_INDEX, 0, &index);
		fl.FcPatternGetBool(m, FC_COLOR, 0, &colour);
		if (colour)
			continue;
		if (!known(fs, (const char *)file, index)) {
			if (fs->n_sys >= FONTSET_SYS_MAX)
				continue; /* bounds the files read; known ones still serve */
			fs->n_sys++;
		}
		int id = fontset_add_sys(fs, (const char *)file, index);
		if (id >= 0 && fontset_has(fs, id, cp)) {
			if (fs->verbose && !(fs->f[id].serves & (1u << kind)))
				fprintf(stderr, "octavo: pdf system font for U+%04X: %s (face %d)\n",
					(unsigned)cp, (const char *)file, index);
			fs->f[id].serves |= 1u << kind;
			return id;
		}
	}
	return -1;
}

int fontset_sys_pick(struct fontset *fs, int want, uint32_t cp)
{
	if (cp < 0x20 || cp >= FONTSET_SYS_CP || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFD)
		return -1;
	int kind = font_kind(fs, want);
	for (int i = 0; i < fs->n; i++)
		if (fs->f[i].sys && (fs->f[i].serves & (1u << kind)) && fontset_has(fs, i, cp))
			return i;
	if (is_missed(fs, kind, cp))
		return -1;
	if (fs->frozen) {
		fs->sys_needed = 1;
		return -1;
	}
	int id = -1;
	pthread_mutex_lock(&fc_lock);
	FcFontSet *set = candidates(fs, kind, cp);
	if (set) {
		id = first_usable(fs, set, kind, cp);
		fl.FcFontSetDestroy(set);
	}
	pthread_mutex_unlock(&fc_lock);
	if (id < 0)
		set_missed(fs, kind, cp);
	return id;
}

void fontset_sys_free(struct fontset *fs)
{
	for (int k = 0; k < FONTSET_KINDS; k++) {
		free(fs->sys_miss[k]);
		fs->sys_miss[k] = NULL;
	}
	if (fs->fc) {
		pthread_mutex_lock(&fc_lock);
		fl.FcConfigDestroy(fs->fc);
		pthread_mutex_unlock(&fc_lock);
		fs->fc = NULL;
	}
	fs->n_sys = 0;
}
