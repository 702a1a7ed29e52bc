/* test_video.c — video_watch_url(): every YouTube and Vimeo form lessons
 * use maps to one watch address, and anything else is left alone. */
#include <stdlib.h>

#include "text/video.h"
#include "unit.h"

/* video_watch_url(in), or "(none)" for NULL; the last result is freed on
 * the next call. */
static const char *w(const char *in)
{
	static char *last;
	free(last);
	last = video_watch_url(in);
	return last ? last : "(none)";
}

int main(void)
{
	const char *yt = "https://www.youtube.com/watch?v=TkuDQ-SzXw_";
	CHECK_STR("embed", w("https://www.youtube.com/embed/TkuDQ-SzXw_"), yt);
	CHECK_STR(
	    "embed with query",
	    w("https://www.youtube.com/embed/TkuDQ-SzXw_?rel=0&autoplay=1"),
	    yt);
	CHECK_STR("embed scheme-relative",
	          w("//www.youtube.com/embed/TkuDQ-SzXw_"), yt);
	CHECK_STR("embed http, no www",
	          w("http://youtube.com/embed/TkuDQ-SzXw_"), yt);
	CHECK_STR("nocookie embed",
	          w("https://www.youtube-nocookie.com/embed/TkuDQ-SzXw_"), yt);
	CHECK_STR("youtu.be", w("https://youtu.be/TkuDQ-SzXw_"), yt);
	CHECK_STR("youtu.be with share query",
	          w("https://youtu.be/TkuDQ-SzXw_?si=abc"), yt);
	CHECK_STR("watch", w(yt), yt);
	CHECK_STR(
	    "watch, v not first",
	    w("https://www.youtube.com/watch?feature=share&v=TkuDQ-SzXw_"), yt);
	CHECK_STR("watch with t",
	          w("https://www.youtube.com/watch?v=TkuDQ-SzXw_&t=90s"),
	          "https://www.youtube.com/watch?v=TkuDQ-SzXw_&t=90");
	CHECK_STR("watch with t in h/m/s",
	          w("https://youtube.com/watch?v=TkuDQ-SzXw_&t=1m5s"),
	          "https://www.youtube.com/watch?v=TkuDQ-SzXw_&t=65");
	CHECK_STR("embed start",
	          w("https://www.youtube.com/embed/TkuDQ-SzXw_?start=30"),
	          "https://www.youtube.com/watch?v=TkuDQ-SzXw_&t=30");
	CHECK_STR("mobile", w("https://m.youtube.com/watch?v=TkuDQ-SzXw_"), yt);
	CHECK_STR("shorts", w("https://www.youtube.com/shorts/TkuDQ-SzXw_"),
	          yt);
	CHECK_STR("upper-case host",
	          w("HTTPS://WWW.YOUTUBE.COM/embed/TkuDQ-SzXw_"), yt);
	CHECK_STR("fragment after id", w("https://youtu.be/TkuDQ-SzXw_#x"), yt);
	CHECK_STR("vimeo player", w("https://player.vimeo.com/video/76979871"),
	          "https://vimeo.com/76979871");
	CHECK_STR(
	    "vimeo player query",
	    w("https://player.vimeo.com/video/76979871?h=8272103f6e&title=0"),
	    "https://vimeo.com/76979871/8272103f6e");
	CHECK_STR("vimeo page", w("https://vimeo.com/76979871"),
	          "https://vimeo.com/76979871");
	CHECK_STR("vimeo unlisted", w("https://vimeo.com/76979871/8272103f6e"),
	          "https://vimeo.com/76979871/8272103f6e");
	CHECK_STR("youtube channel is no video",
	          w("https://www.youtube.com/c/someone"), "(none)");
	CHECK_STR("watch without v",
	          w("https://www.youtube.com/watch?list=PL1"), "(none)");
	CHECK_STR("empty embed id", w("https://www.youtube.com/embed/"),
	          "(none)");
	CHECK_STR("bad id characters", w("https://youtu.be/ab%22cd"), "(none)");
	CHECK_STR("vimeo non-numeric",
	          w("https://vimeo.com/channels/staffpicks"), "(none)");
	CHECK_STR("look-alike host",
	          w("https://youtube.com.evil.example/embed/TkuDQ-SzXw_"),
	          "(none)");
	CHECK_STR("host suffix only",
	          w("https://notyoutube.com/embed/TkuDQ-SzXw_"), "(none)");
	CHECK_STR("not http", w("javascript:alert(1)//youtube.com/embed/x"),
	          "(none)");
	CHECK_STR("no scheme", w("www.youtube.com/embed/TkuDQ-SzXw_"),
	          "(none)");
	CHECK_STR("other site", w("https://example.org/embed/x"), "(none)");
	CHECK("NULL", video_watch_url(NULL) == NULL);
	w(NULL);
	return unit_done();
}
