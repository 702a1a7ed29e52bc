/* pngref.h — libpng set up as octavo used it before its own PNG decoder
 * (expand everything to 8-bit RGBA, tRNS to alpha), the reference that
 * test_pngdec.c and fuzz/fuzz_png.c compare src/pngdec.c against. Header
 * only, so the fuzz target (built apart from the unit tests) takes it too. */
#ifndef OCTAVO_PNGREF_H
#define OCTAVO_PNGREF_H

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "image/pngdec.h"

struct mem {
	const unsigned char *p;
	size_t left;
};

static inline void mem_read(png_structp png, png_bytep out, png_size_t n)
{
	struct mem *m = png_get_io_ptr(png);
	if (n > m->left)
		png_error(png, "truncated");
	memcpy(out, m->p, n);
	m->p += n;
	m->left -= n;
}

static inline void quiet_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static inline void quiet_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* libpng's 8-bit RGBA, or NULL if it refuses the input (or the image is
 * over pngdec's pixel limit, which libpng would decode). */
static inline unsigned char *ref_decode(const unsigned char *d, size_t n, unsigned long *w_out,
				 unsigned long *h_out)
{
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, quiet_error,
						 quiet_warning);
	png_infop info = png_create_info_struct(png);
	unsigned char *volatile pix = NULL;
	png_bytep *volatile rows = NULL;
	struct mem m = {d, n};
	if (setjmp(png_jmpbuf(png))) {
		free(pix);
		pix = NULL;
		goto done;
	}
	png_set_read_fn(png, &m, mem_read);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	if ((unsigned long long)w * h > PNGDEC_MAX_PIXELS)
		goto done;
	png_set_strip_16(png);
	png_set_packing(png);
	png_set_palette_to_rgb(png);
	png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	pix = malloc((size_t)w * h * 4);
	rows = malloc(h * sizeof *rows);
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = pix + (size_t)y * w * 4;
	png_read_image(png, (png_bytepp)rows);
	*w_out = w;
	*h_out = h;
done:
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	return pix;
}

#endif
