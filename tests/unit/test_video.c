/* test_video.c — which URLs the PDF treats as videos, and the URL their
 * QR code opens (src/pdf/video.c). */
#include <stdlib.h>

#include "pdf/print.h"
#include "unit.h"

static void video_is(const char *name, const char *url, const char *want)
{
	char *got = pdf_video_url(url);
	if (want)
		CHECK_STR(name, got, want);
	else
		CHECK(name, got == NULL);
	free(got);
}

int main(void)
{
	video_is("video: watch page as it is",
	         "https://www.youtube.com/watch?v=AbC-12_x",
	         "https://www.youtube.com/watch?v=AbC-12_x");
	video_is("video: v= after another parameter",
	         "https://youtube.com/watch?t=4&v=Abc",
	         "https://youtube.com/watch?t=4&v=Abc");
	video_is("video: v= after a parameter ending in v",
	         "https://youtube.com/watch?xv=1&v=Abc",
	         "https://youtube.com/watch?xv=1&v=Abc");
	video_is("video: embed becomes watch page",
	         "https://www.youtube.com/embed/Abc123?rel=0",
	         "https://www.youtube.com/watch?v=Abc123");
	video_is("video: nocookie embed",
	         "https://www.youtube-nocookie.com/embed/Abc",
	         "https://www.youtube.com/watch?v=Abc");
	video_is("video: protocol-relative embed",
	         "//www.youtube.com/embed/Abc",
	         "https://www.youtube.com/watch?v=Abc");
	video_is("video: short link", "https://youtu.be/Abc",
	         "https://youtu.be/Abc");
	video_is("video: mobile host", "https://m.youtube.com/watch?v=Abc",
	         "https://m.youtube.com/watch?v=Abc");
	video_is("video: shorts", "https://www.youtube.com/shorts/Abc",
	         "https://www.youtube.com/shorts/Abc");
	video_is("video: vimeo page", "https://vimeo.com/123456",
	         "https://vimeo.com/123456");
	video_is("video: vimeo player",
	         "https://player.vimeo.com/video/123456?h=9",
	         "https://vimeo.com/123456");
	video_is("video: not a channel page", "https://www.youtube.com/about/",
	         NULL);
	video_is("video: not an empty embed", "https://www.youtube.com/embed/",
	         NULL);
	video_is("video: not an empty short link", "https://youtu.be/", NULL);
	video_is("video: not a vimeo page that is no video",
	         "https://vimeo.com/about", NULL);
	video_is("video: not watch without v",
	         "https://www.youtube.com/watch?list=x", NULL);
	video_is("video: not another host",
	         "https://notyoutube.com/watch?v=Abc", NULL);
	video_is("video: not a host suffix",
	         "https://youtube.com.evil.example/watch?v=Abc", NULL);
	video_is("video: not javascript",
	         "javascript:alert(1)//youtube.com/watch?v=a", NULL);
	video_is("video: not a bare host", "https://youtube.com", NULL);
	return unit_done();
}
