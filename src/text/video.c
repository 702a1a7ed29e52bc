/* video.c — canonical watch addresses for YouTube and Vimeo (see
 * video.h). A small hand-written URL reader: only the host, the path
 * and two query parameters matter, and anything unexpected leaves the
 * URL alone rather than guessing. */
#include "text/video.h"

#include <string.h>
#include <strings.h>

#include "base/buf.h"

/* Length of a YouTube id (letters, digits, '-' and '_') at s, or 0. */
static size_t yt_id_len(const char *s)
{
	size_t n = strspn(
	    s,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	return n >= 1 && n <= 64 ? n : 0;
}

static int has_prefix(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

/* The value of query parameter `key` in q ("?a=1&b=2" or "&…"), or NULL;
 * *n gets its length. */
static const char *query_param(const char *q, const char *key, size_t *n)
{
	size_t kl = strlen(key);
	for (const char *p = q; p && *p && *p != '#';) {
		p++; /* past '?' or '&' */
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			*n = strcspn(p + kl + 1, "&#");
			return p + kl + 1;
		}
		p += strcspn(p, "&#");
		if (*p != '&')
			break;
	}
	return NULL;
}

/* Seconds of a start time written "90", "90s" or "1h2m3s"; -1 if not. */
static long start_seconds(const char *s, size_t n)
{
	long total = 0, cur = 0;
	int digits = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (cur > 1000000)
				return -1;
			cur = cur * 10 + (c - '0');
			digits = 1;
		} else if (digits && (c == 'h' || c == 'm' || c == 's')) {
			total += cur * (c == 'h' ? 3600 : c == 'm' ? 60 : 1);
			cur = 0;
			digits = 0;
		} else {
			return -1;
		}
	}
	return total + cur;
}

static char *youtube(const char *host_end, int short_host)
{
	const char *path = host_end;
	const char *id = NULL;
	if (short_host) {
		id = *path == '/' ? path + 1 : NULL;
	} else if (has_prefix(path, "/embed/") ||
	           has_prefix(path, "/shorts/") || has_prefix(path, "/live/") ||
	           has_prefix(path, "/v/")) {
		id = strchr(path + 1, '/') + 1;
	} else if (has_prefix(path, "/watch?") ||
	           has_prefix(path, "/watch/?")) {
		size_t vn;
		id = query_param(strchr(path, '?'), "v", &vn);
	}
	size_t n = id ? yt_id_len(id) : 0;
	if (!n || !strchr("?&#/", id[n]))
		return NULL;
	struct buf b = BUF_INIT;
	buf_puts(&b, "https://www.youtube.com/watch?v=");
	buf_put(&b, id, n);
	const char *q = strchr(path, '?');
	size_t tn = 0;
	const char *t = q ? query_param(q, "t", &tn) : NULL;
	if (!t && q)
		t = query_param(q, "start", &tn);
	long secs = t ? start_seconds(t, tn) : -1;
	if (secs > 0)
		buf_printf(&b, "&t=%ld", secs);
	return buf_detach(&b);
}

static char *vimeo(const char *path)
{
	if (has_prefix(path, "/video/"))
		path += 6;
	if (*path != '/')
		return NULL;
	path++;
	size_t n = strspn(path, "0123456789");
	if (!n || n > 20 || !strchr("?&#/", path[n]))
		return NULL;
	struct buf b = BUF_INIT;
	buf_puts(&b, "https://vimeo.com/");
	buf_put(&b, path, n);
	/* an unlisted video needs its key: /ID/HASH or ?h=HASH */
	const char *h = NULL;
	size_t hn = 0;
	if (path[n] == '/') {
		h = path + n + 1;
		hn = strspn(h, "0123456789abcdef");
		if (h[hn] && !strchr("?&#/", h[hn]))
			hn = 0;
	} else if (path[n] == '?') {
		h = query_param(path + n, "h", &hn);
		if (h && strspn(h, "0123456789abcdef") != hn)
			hn = 0;
	}
	if (h && hn && hn <= 64) {
		buf_putc(&b, '/');
		buf_put(&b, h, hn);
	}
	return buf_detach(&b);
}

char *video_watch_url(const char *url)
{
	if (!url)
		return NULL;
	const char *p = url;
	if (has_prefix(p, "https://"))
		p += 8;
	else if (has_prefix(p, "http://"))
		p += 7;
	else if (!strncmp(p, "//", 2))
		p += 2;
	else
		return NULL;
	size_t hl = strcspn(p, "/?#");
	static const struct {
		const char *host;
		int kind; /* 0 YouTube, 1 youtu.be, 2 Vimeo */
	} hosts[] = {{"youtube.com", 0},
	             {"www.youtube.com", 0},
	             {"m.youtube.com", 0},
	             {"youtube-nocookie.com", 0},
	             {"www.youtube-nocookie.com", 0},
	             {"youtu.be", 1},
	             {"www.youtu.be", 1},
	             {"vimeo.com", 2},
	             {"www.vimeo.com", 2},
	             {"player.vimeo.com", 2}};
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		if (strlen(hosts[i].host) != hl ||
		    strncasecmp(p, hosts[i].host, hl))
			continue;
		if (hosts[i].kind == 2)
			return vimeo(p + hl);
		return youtube(p + hl, hosts[i].kind == 1);
	}
	return NULL;
}
