/* video.h — one address for a video, whatever form a lesson wrote it in.
 *
 * Lessons point at YouTube and Vimeo videos in many forms: an <iframe>
 * player (youtube.com/embed/ID, youtube-nocookie.com/embed/ID,
 * player.vimeo.com/video/ID), the youtubeplayer.html include, share links
 * (youtu.be/ID), Shorts, or plain watch links. A player address does not
 * open as a page in a browser, and the PDF and the EPUB must print and
 * link the same address, so every back end and the loader map video
 * addresses through video_watch_url(). */
#ifndef OCTAVO_TEXT_VIDEO_H
#define OCTAVO_TEXT_VIDEO_H

/* The canonical watch address of a YouTube or Vimeo video URL:
 * "https://www.youtube.com/watch?v=ID" (plus "&t=N" when the URL starts
 * the video N seconds in, by `t=` or `start=`), or "https://vimeo.com/ID"
 * (plus "/HASH" for an unlisted video's key). Accepts http:, https: and
 * scheme-relative ("//host/…") URLs. Returns a malloc'd string the caller
 * frees, or NULL when `url` is not a video address octavo knows (the
 * caller then keeps the URL as written). */
char *video_watch_url(const char *url);

#endif
