/* test_svgdec.c — the SVG rasteriser on SVGs written here: the raster's
 * pixel size for a given resolution and largest drawn size, exact colours
 * and alpha (straight, not premultiplied; clear pixels white), the
 * clamping of huge declared sizes and of rasters over the pixel ceiling,
 * sizes from a viewBox or in physical units, and refusal of broken or
 * empty SVGs. A picture in a real file, named by an absolute file: URL
 * and by a relative path, must not be drawn: the decoder has no base and
 * reads nothing. Also checks that its pixel ceiling is the loader's. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "course/loadlimits.h"
#include "image/svgdec.h"
#include "unit.h"

static int decode(const char *svg, double dpi, double max_w, double max_h,
                  unsigned long max_px, struct svgdec_image *img)
{
	struct svgdec_options o = {dpi, max_w, max_h, max_px};
	return svgdec_decode((const unsigned char *)svg, strlen(svg), &o, img);
}

/* Pixel (x, y) as RGBA; alpha 255 when the image has no alpha plane. */
static void pixel(const struct svgdec_image *img, unsigned long x,
                  unsigned long y, unsigned char out[4])
{
	size_t i = y * img->px.w + x;
	memcpy(out, img->px.rgb + 3 * i, 3);
	out[3] = img->px.alpha ? img->px.alpha[i] : 255;
}

static int is(const unsigned char p[4], int r, int g, int b, int a)
{
	return p[0] == r && p[1] == g && p[2] == b && p[3] == a;
}

static void test_sizes_and_colours(void)
{
	struct svgdec_image img;
	unsigned char p[4];
	/* 96×48 CSS px is 1×0.5 in: 300×150 pixels at 300 dpi, all red */
	const char *red =
	    "<svg xmlns='http://www.w3.org/2000/svg' width='96' height='48'>"
	    "<rect width='96' height='48' fill='#ff0000'/></svg>";
	CHECK("svgdec/red/decodes",
	      decode(red, 300, 1000, 1000, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/red/300dpi-size", img.px.w == 300 && img.px.h == 150);
	CHECK("svgdec/red/natural-size",
	      img.w == 96 && img.h == 48 && !img.notes);
	CHECK("svgdec/red/opaque-no-alpha", img.px.alpha == NULL);
	pixel(&img, 0, 0, p);
	CHECK("svgdec/red/corner-red", is(p, 255, 0, 0, 255));
	pixel(&img, 299, 149, p);
	CHECK("svgdec/red/far-corner-red", is(p, 255, 0, 0, 255));
	pngdec_free(&img.px);

	/* left half half-transparent blue, right half clear */
	const char *half =
	    "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'>"
	    "<rect width='10' height='10' fill='#0000ff' "
	    "fill-opacity='0.5'/></svg>";
	CHECK("svgdec/half/decodes",
	      decode(half, 96, 0, 0, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/half/size",
	      img.px.w == 20 && img.px.h == 10 && img.px.alpha);
	pixel(&img, 2, 5, p);
	CHECK("svgdec/half/straight-colour", p[0] == 0 && p[1] == 0 &&
	                                         p[2] >= 253 && p[3] >= 126 &&
	                                         p[3] <= 129);
	pixel(&img, 15, 5, p);
	CHECK("svgdec/half/clear-is-white", is(p, 255, 255, 255, 0));
	pngdec_free(&img.px);

	/* drawn at most 48 px wide: the raster is for that size, not 96 */
	CHECK("svgdec/fit/decodes",
	      decode(red, 192, 48, 1000, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/fit/raster-for-drawn-size",
	      img.px.w == 96 && img.px.h == 48);
	CHECK("svgdec/fit/natural-size-kept", img.w == 96 && img.h == 48);
	pngdec_free(&img.px);

	/* only a viewBox; then physical units (1in × 0.5in) */
	CHECK("svgdec/viewbox/decodes",
	      decode("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 30 "
	             "15'><rect width='30' height='15'/></svg>",
	             96, 0, 0, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/viewbox/size",
	      img.w == 30 && img.h == 15 && img.px.w == 30 && img.px.h == 15);
	pngdec_free(&img.px);
	CHECK("svgdec/inches/decodes",
	      decode("<svg xmlns='http://www.w3.org/2000/svg' width='1in' "
	             "height='0.5in'/>",
	             96, 0, 0, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/inches/size", img.w == 96 && img.h == 48);
	pngdec_free(&img.px);
}

static void test_limits(void)
{
	struct svgdec_image img;
	CHECK("svgdec/limit-is-the-loaders",
	      SVGDEC_MAX_PIXELS == LIMIT_IMAGE_PIXELS);
	const char *huge =
	    "<svg xmlns='http://www.w3.org/2000/svg' width='100000' "
	    "height='100000'>"
	    "<rect width='100000' height='100000' fill='red'/></svg>";
	CHECK("svgdec/huge/decodes",
	      decode(huge, 300, 600, 800, SVGDEC_MAX_PIXELS, &img) == 0);
	CHECK("svgdec/huge/clamped",
	      (img.notes & SVGDEC_SIZE_CLAMPED) &&
	          img.w * img.h <= SVGDEC_MAX_PIXELS + 1.0);
	CHECK("svgdec/huge/declared-kept",
	      img.declared_w == 100000 && img.declared_h == 100000);
	CHECK("svgdec/huge/raster-for-the-page",
	      img.px.w == 1875 && img.px.h == 1875);
	pngdec_free(&img.px);
	/* a raster over the ceiling is made coarser, and says so */
	CHECK("svgdec/coarse/decodes",
	      decode("<svg xmlns='http://www.w3.org/2000/svg' width='96' "
	             "height='96'/>",
	             1200, 0, 0, 10000, &img) == 0);
	CHECK("svgdec/coarse/lowered", (img.notes & SVGDEC_DPI_LOWERED) &&
	                                   img.px.w * img.px.h <= 10000 &&
	                                   img.px.w >= 99);
	pngdec_free(&img.px);
}

/* absurd sizes: refused or drawn within the ceiling, never overflowing */
static void test_absurd(void)
{
	static const char *odd[] = {
	    "<svg xmlns='http://www.w3.org/2000/svg' width='1e300' "
	    "height='1e-290'/>",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='1e-300' "
	    "height='1e300'/>",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='1e308' "
	    "height='1e308'/>",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='-5' height='10'/>",
	};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		struct svgdec_image img;
		char name[64];
		snprintf(name, sizeof name, "svgdec/absurd/%zu", i);
		int rc = decode(odd[i], 1200, 0, 0, 100000, &img);
		CHECK(name, (rc == -1 && !img.px.rgb) ||
		                (rc == 0 && img.px.w * img.px.h <= 100000));
		pngdec_free(&img.px);
	}
}

/* a data: picture claiming 100000×100000 pixels is refused before
 * librsvg's decoder sees it, even spelt with a character reference or
 * behind an SVG namespace prefix; a small one is drawn */
static void test_data_pictures(void)
{
	static const char big[] = "iVBORw0KGgoAAAANSUhEUgABhqAAAYagCAIAAAAnMJyf"
	                          "AAAADElEQVR4nGNgYGAAAAAE"
	                          "AAH2FzhVAAAAAElFTkSuQmCC";
	static const char green[] = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkw"
	                            "kpAAAAD0lEQVR4nGNgWMCAQMRx"
	                            "AARDCgHeFFL0AAAAAElFTkSuQmCC";
	static const char *fmt[] = {
	    "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
	    "<image width='8' height='8' "
	    "href='data:image/png;base64,%s'/></svg>",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
	    "<image width='8' height='8' "
	    "href='&#100;ata:image/png;base64,%s'/></svg>",
	    /* an entity reference before the picture: the walk must not
	     * wander into the DTD (it once looped there for ever) */
	    "<!DOCTYPE svg [<!ENTITY e 'text'>]>"
	    "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
	    "<text>&e;</text><g><image width='8' height='8' "
	    "href='data:image/png;base64,%s'/></g></svg>",
	    "<s:svg xmlns:s='http://www.w3.org/2000/svg' "
	    "xmlns:x='http://www.w3.org/1999/xlink' "
	    "width='8' height='8'><s:g><s:image width='8' height='8' "
	    "x:href='DATA:image/png;base64,%s'/></s:g></s:svg>",
	};
	char svg[1024], name[64];
	struct svgdec_image img;
	for (size_t i = 0; i < sizeof fmt / sizeof *fmt; i++) {
		snprintf(svg, sizeof svg, fmt[i], big);
		snprintf(name, sizeof name, "svgdec/data-picture/huge-%zu", i);
		CHECK(name,
		      decode(svg, 96, 0, 0, SVGDEC_MAX_PIXELS, &img) == -3 &&
		          !img.px.rgb);
		snprintf(svg, sizeof svg, fmt[i], green);
		snprintf(name, sizeof name, "svgdec/data-picture/small-%zu", i);
		int rc = decode(svg, 96, 0, 0, SVGDEC_MAX_PIXELS, &img);
		CHECK(name, rc == 0 && img.px.rgb && img.px.rgb[1] > 120 &&
		                img.px.rgb[0] < 40);
		pngdec_free(&img.px);
	}
}

static void test_refused(void)
{
	static const char *bad[] = {
	    "",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='10' "
	    "height='10'><rect></svg>",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='10' "
	    "height='10'><rect wid",
	    "<svg xmlns='http://www.w3.org/2000/svg' width='0' "
	    "height='0'></svg>",
	    "not xml at all",
	    "<html><body>x</body></html>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct svgdec_image img;
		char name[64];
		snprintf(name, sizeof name, "svgdec/refused/%zu", i);
		int rc = decode(bad[i], 300, 0, 0, SVGDEC_MAX_PIXELS, &img);
		CHECK(name,
		      rc == -1 && img.px.rgb == NULL && img.px.alpha == NULL);
	}
}

/* lessons/assets/cover.png exists: named from a file: URL or relatively,
 * it must not be drawn, so the SVG stays clear. */
static void test_reads_nothing(void)
{
	char cwd[PATH_MAX], svg[PATH_MAX + 512];
	if (!getcwd(cwd, sizeof cwd)) {
		CHECK("svgdec/no-read/cwd", 0);
		return;
	}
	snprintf(
	    svg, sizeof svg,
	    "<svg xmlns='http://www.w3.org/2000/svg' "
	    "xmlns:xlink='http://www.w3.org/1999/xlink' width='8' height='8'>"
	    "<image width='8' height='8' "
	    "xlink:href='file://%s/lessons/assets/cover.png'/>"
	    "<image width='8' height='8' "
	    "href='lessons/assets/cover.png'/></svg>",
	    cwd);
	CHECK("svgdec/no-read/the-file-is-there",
	      access("lessons/assets/cover.png", R_OK) == 0);
	struct svgdec_image img;
	CHECK("svgdec/no-read/decodes",
	      decode(svg, 96, 0, 0, SVGDEC_MAX_PIXELS, &img) == 0);
	int clear = img.px.alpha != NULL;
	for (size_t i = 0; clear && i < img.px.w * img.px.h; i++)
		clear = img.px.alpha[i] == 0;
	CHECK("svgdec/no-read/stays-clear", clear);
	pngdec_free(&img.px);
}

int main(void)
{
	CHECK("svgdec/librsvg-available", svgdec_available());
	test_sizes_and_colours();
	test_limits();
	test_refused();
	test_absurd();
	test_data_pictures();
	test_reads_nothing();
	return unit_done();
}
