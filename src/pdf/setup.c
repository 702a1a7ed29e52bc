/* setup.c — everything the PDF needs before the first lesson is laid
 * out: the style (a --style file, or styles/default.yml, or the built-in
 * values), the three font families and the fallback font, the book
 * language's hyphenation patterns, the device and every picture. The
 * patterns load, and the pictures decode, on a second thread beside the
 * fonts and the device. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/pdf.h"
#include "typeset/hyph.h"

static double metric_width(void *ctx, int font, const char *s, size_t n, double size)
{
	struct pdf *P = ctx;
	return fontset_width(&P->fs, font, s, n, size);
}

static const uint16_t *metric_ascii(void *ctx, int font)
{
	struct pdf *P = ctx;
	return fontset_ascii(&P->fs, font);
}

static void metric_hyph(void *ctx, const char *w, size_t n, char *ok)
{
	struct pdf *P = ctx;
	hyph_points(P->hy, w, n, ok);
}

static int add_family(struct pdf *P, int fam, const char *stem)
{
	static const char *suffix[4] = {"Regular", "Bold", "Italic", "BoldItalic"};
	const char *dir = P->opt->data_dir ? P->opt->data_dir : ".";
	struct buf path = BUF_INIT;
	int rc = 0;
	for (int k = 0; k < 4; k++) {
		buf_clear(&path);
		size_t sl = strlen(stem);
		if (strchr(stem, '/') || (sl > 4 && !strcasecmp(stem + sl - 4, ".ttf")))
			buf_puts(&path, stem);
		else
			buf_printf(&path, "%s/fonts/%s-%s.ttf", dir, stem, suffix[k]);
		int found = access(buf_cstr(&path), R_OK) == 0;
		if (!found) {
			buf_clear(&path);
			buf_printf(&path, "%s/fonts/%s.ttf", dir, stem);
			found = access(buf_cstr(&path), R_OK) == 0;
		}
		if (!found) {
			if (k > 0) {
				P->fam[fam][k] = P->fam[fam][k & FACE_BOLD];
				continue;
			}
			diag_add(P->d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read font '%s'", stem);
			rc = -1;
			break;
		}
		P->fam[fam][k] = fontset_add(&P->fs, buf_cstr(&path));
		if (k == 0 && !fontset_has(&P->fs, P->fam[fam][0], 'a')) {
			diag_add(P->d, DIAG_FATAL, buf_cstr(&path), 0, 0,
				 "not a TrueType font octavo can read");
			rc = -1;
			break;
		}
	}
	buf_free(&path);
	return rc;
}

/* --style NAME or FILE; without it styles/default.yml if it is there:
 * the same values are built in, so a bare install still prints. */
static int setup_style(struct pdf *P)
{
	const struct build_options *opt = P->opt;
	if (opt->style || !opt->data_dir)
		return style_load(&P->st, opt->data_dir, opt->style, P->d) ? -1 : 0;
	struct buf def = BUF_INIT;
	buf_printf(&def, "%s/styles/default.yml", opt->data_dir);
	int have = access(buf_cstr(&def), R_OK) == 0;
	buf_free(&def);
	if (have && style_load(&P->st, opt->data_dir, NULL, P->d))
		return -1;
	return 0;
}

/* The body, heading and code families, and the fallback font when its
 * file is there. */
static int setup_fonts(struct pdf *P)
{
	if (add_family(P, FAM_BODY, P->st.font_body) ||
	    add_family(P, FAM_HEADING, P->st.font_heading) ||
	    add_family(P, FAM_CODE, P->st.font_code))
		return -1;
	struct buf fb = BUF_INIT;
	buf_printf(&fb, "%s/fonts/%s.ttf", P->opt->data_dir ? P->opt->data_dir : ".",
		   P->st.font_fallback);
	if (access(buf_cstr(&fb), R_OK) == 0)
		P->fs.fallback = fontset_add(&P->fs, buf_cstr(&fb));
	buf_free(&fb);
	/* for a character none of these has, a system font (sysfont.c) */
	P->fs.lang = P->b->language;
	P->fs.verbose = P->opt->verbose;
	return 0;
}

/* Only the book language's own patterns: another language's would
 * hyphenate at the wrong places, worse than not hyphenating. */
static void find_patterns(struct pdf *P)
{
	const char *lang = P->b->language ? P->b->language : "en";
	P->hy_path = hyph_find(HYPH_DIR, lang);
	if (!P->opt->verbose)
		return;
	if (P->hy_path)
		fprintf(stderr, "octavo: pdf hyphenation patterns %s\n", P->hy_path);
	else
		fprintf(stderr, "octavo: pdf no hyphenation patterns for %s\n", lang);
}

/* The patterns read while the course loaded, on a thread of their own:
 * reading them is the slowest single step of setting up (1.5 to 2.5 ms for
 * the English ones), and loading a small course keeps only one core busy.
 * The book's language is not known until the course is loaded, so the
 * language read is a guess, --lang or else English; a book in another
 * language reads its own patterns in pdf_setup, as without the guess. */
struct pdf_prefetch {
	pthread_t thread;
	char *path;      /* the pattern file being read */
	struct hyph *hy;
	int joined;
	int taken;       /* by a pdf_setup: another PDF of the run reads its own */
};

static void *prefetch_run(void *arg)
{
	struct pdf_prefetch *pf = arg;
	pf->hy = hyph_open(pf->path);
	return NULL;
}

struct pdf_prefetch *pdf_prefetch_start(const char *lang)
{
	struct pdf_prefetch *pf = xcalloc(1, sizeof *pf);
	pf->path = hyph_find(HYPH_DIR, lang ? lang : "en");
	if (!pf->path || thread_start(&pf->thread, prefetch_run, pf)) {
		free(pf->path);
		free(pf);
		return NULL;
	}
	return pf;
}

static void prefetch_join(struct pdf_prefetch *pf)
{
	if (!pf->joined)
		pthread_join(pf->thread, NULL);
	pf->joined = 1;
}

void pdf_prefetch_free(struct pdf_prefetch *pf)
{
	if (!pf)
		return;
	prefetch_join(pf);
	hyph_close(pf->hy);
	free(pf->path);
	free(pf);
}

/* Whether the prefetch reads the patterns the book needs. */
static int prefetched(const struct pdf *P)
{
	const struct pdf_prefetch *pf = P->opt->prefetch;
	return pf && !pf->taken && P->hy_path && !strcmp(pf->path, P->hy_path);
}

/* The book's patterns (unless prefetched), beside the font loading and
 * the device's opening; then this thread helps decode the pictures. */
static void *load_patterns(void *arg)
{
	struct pdf *P = arg;
	if (P->hy_path && !prefetched(P))
		P->hy = hyph_open(P->hy_path);
	pdf_images_decode(P);
	return NULL;
}

int pdf_setup(struct pdf *P, const char *out_path)
{
	if (setup_style(P))
		return -1;
	/* the patterns' thread starts first: it needs only the book's
	 * language, and the pictures' plan for the decoding it then helps
	 * with (the plan needs only the theme), and no more than the
	 * pictures the cache does not hold */
	pdf_images_plan(P);
	/* the pictures of earlier builds first, on this thread: a thread
	 * started now would wait while the EPUB's thread loads libzip (the
	 * loader's lock), 1.5 ms of the sample course's set-up, for no work */
	size_t to_decode = pdf_images_from_cache(P);
	find_patterns(P);
	pthread_t patterns;
	int threaded = 0;
	if ((P->hy_path && !prefetched(P)) || to_decode > 1)
		threaded = thread_start(&patterns, load_patterns, P) == 0;
	if (!threaded)
		load_patterns(P);
	int failed = setup_fonts(P);
	if (!failed && device_open(&P->dv, &P->fs, P->d, out_path))
		failed = 1;
	if (failed) {
		if (threaded)
			pthread_join(patterns, NULL);
		return -1;
	}
	P->dev_ready = 1;
	P->dv.jobs = jobs_or_cores(P->opt->jobs);
	/* meanwhile: the images */
	pdf_images_decode(P);
	if (threaded)
		pthread_join(patterns, NULL);
	if (prefetched(P)) {
		prefetch_join(P->opt->prefetch);
		P->hy = P->opt->prefetch->hy;
		P->opt->prefetch->hy = NULL;
		P->opt->prefetch->taken = 1;
	}
	pdf_images_load(P);
	struct metrics m = {metric_width, P->hy ? metric_hyph : NULL, P, metric_ascii};
	layout_init(&P->L, &m, P->st.page_w, P->st.page_h, P->st.margin_top, P->st.margin_right,
		    P->st.margin_bottom, P->st.margin_left);
	layout_reserve(&P->L, P->b->text_bytes);
	P->layout_ready = 1;
	return 0;
}
