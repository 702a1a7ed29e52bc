/* test_image.c — image type and size from the bytes, not the name. */
#include "image/image.h"
#include "unit.h"

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
				    'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 0, 200, 8, 2, 0, 0, 0};
/* APP0 segment first, then a progressive frame header (SOF2) */
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 6, 'J', 'F', 'I', 'F', 0xFF, 0xC2,
				     0, 11, 8, 0, 30, 0, 40, 3, 1, 0x22, 0, 0xFF, 0xD9};
/* a DHT segment (0xC4) is not a frame header and must be skipped */
static const unsigned char jpeg_dht[] = {0xFF, 0xD8, 0xFF, 0xC4, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11,
					 8, 0, 2, 0, 3, 3, 1, 0x22, 0, 0xFF, 0xD9};
static const unsigned char gif[] = {'G', 'I', 'F', '8', '7', 'a', 0x2C, 1, 0x90, 1, 0};
static const unsigned char svg[] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
static const unsigned char webp[] = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

int main(void)
{
	int w, h;
	const char *t = image_sniff(png, sizeof png, "a.png", &w, &h);
	CHECK_STR("png type", t, "image/png");
	CHECK("png size", w == 256 && h == 200);
	t = image_sniff(jpeg, sizeof jpeg, "b.png", &w, &h);
	CHECK_STR("a jpeg named .png is a jpeg", t, "image/jpeg");
	CHECK("progressive jpeg size", w == 40 && h == 30);
	t = image_sniff(jpeg_dht, sizeof jpeg_dht, "c.jpg", &w, &h);
	CHECK("jpeg: DHT skipped, SOF0 read", t && w == 3 && h == 2);
	t = image_sniff(jpeg, 8, "cut.jpg", &w, &h);
	CHECK("cut jpeg has no size", t && w == 0 && h == 0);
	t = image_sniff(gif, sizeof gif, "d.gif", &w, &h);
	CHECK("gif size", t && w == 300 && h == 400);
	CHECK_STR("svg by name and content", image_sniff(svg, sizeof svg - 1, "e.svg", &w, &h), "image/svg+xml");
	CHECK("svg content under another name is not trusted", image_sniff(svg, sizeof svg - 1, "e.png", &w, &h) == NULL);
	CHECK("webp is not supported", image_sniff(webp, sizeof webp, "f.webp", &w, &h) == NULL);
	CHECK("text is not an image", image_sniff((const unsigned char *)"hello", 5, "g.png", &w, &h) == NULL);
	CHECK("empty file", image_sniff((const unsigned char *)"", 0, "h.png", &w, &h) == NULL);
	CHECK("png name claims an image", image_named_like("x/Y.PNG"));
	CHECK("webp name does not", !image_named_like("f.webp"));
	return unit_done();
}
