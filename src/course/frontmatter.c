/* frontmatter.c — encoding checks and front matter (see frontmatter.h). */
#include "course/frontmatter.h"

#include <stdint.h>
#include <string.h>

#include "course/loadlimits.h"

size_t utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* lessons are mostly ASCII: eight bytes at a time while they are */
		uint64_t w8;
		while (i + 8 <= len && (memcpy(&w8, s + i, 8), !(w8 & 0x8080808080808080ULL)))
			i += 8;
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned cp, min;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2; cp = c & 0x1F; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3; cp = c & 0x0F; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return i;
		}
		if (i + n > len)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n;
	}
	return len;
}

/* line:col of a byte offset in raw text, counting LF as the line end */
static void raw_pos(const char *s, size_t off, int *line, int *col)
{
	int l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (int)(off - start) + 1;
}

int text_normalise(const char *path, char *raw, size_t *len, struct diags *d)
{
	size_t n = *len;
	unsigned char *u = (unsigned char *)raw;
	int line, col;

	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_add(d, DIAG_ERROR, path, 1, 1,
			 "file is UTF-16; save it as UTF-8");
		return -1;
	}
	/* report whichever comes first: a NUL or a byte that is not UTF-8 */
	const char *nul = memchr(raw, '\0', n);
	size_t bad = utf8_invalid_at(raw, nul ? (size_t)(nul - raw) : n);
	if (bad < (nul ? (size_t)(nul - raw) : n)) {
		raw_pos(raw, bad, &line, &col);
		diag_add(d, DIAG_ERROR, path, line, col,
			 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", u[bad]);
		return -1;
	}
	if (nul) {
		raw_pos(raw, (size_t)(nul - raw), &line, &col);
		diag_add(d, DIAG_ERROR, path, line, col,
			 "NUL byte: this is not a text file (binary, or UTF-16 without a byte-order mark?)");
		return -1;
	}
	size_t r = 0, w = 0;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		r = 3;
	/* CR LF and lone CR become LF, moving the runs between them at once */
	while (r < n) {
		const char *cr = memchr(raw + r, '\r', n - r);
		size_t run = cr ? (size_t)(cr - raw) - r : n - r;
		if (w != r)
			memmove(raw + w, raw + r, run);
		w += run;
		r += run;
		if (!cr)
			break;
		raw[w++] = '\n';
		r += r + 1 < n && raw[r + 1] == '\n' ? 2 : 1;
	}
	raw[w] = '\0';
	*len = w;
	return 0;
}

/* Is [p, end) a fence line: `---` (or `...` when closing) followed only by
 * spaces or tabs? Returns the offset just past its newline, or 0. */
static size_t fence_line(const char *text, size_t p, size_t len, int closing)
{
	if (p + 3 > len)
		return 0;
	if (memcmp(text + p, "---", 3) && !(closing && !memcmp(text + p, "...", 3)))
		return 0;
	size_t i = p + 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i == len)
		return len;
	if (text[i] != '\n')
		return 0;
	return i + 1;
}

int frontmatter_parse(const char *path, const char *text, size_t len,
		      struct frontmatter *fm, struct diags *d)
{
	memset(fm, 0, sizeof *fm);
	fm->body_line = 1;
	size_t start = fence_line(text, 0, len, 0);
	if (!start)
		return 0; /* no front matter: the whole file is Markdown */
	int line = 2;
	size_t p = start;
	while (p < len) {
		size_t next = fence_line(text, p, len, 1);
		if (next) {
			if (p - start > LIMIT_FRONT_MATTER_BYTES) {
				diag_add(d, DIAG_ERROR, path, 1, 1,
					 "front matter is larger than %u bytes",
					 LIMIT_FRONT_MATTER_BYTES);
				return -1;
			}
			if (ydoc_load(text + start, p - start, 1, path, &fm->yaml, d))
				return -1;
			const struct ynode *root = fm->yaml.root;
			if (root && root->type == Y_SCALAR && !yscalar(root)) {
				root = NULL; /* only comments, or empty */
			} else if (root && root->type != Y_MAP) {
				diag_add(d, DIAG_ERROR, path, root->line, root->col,
					 "front matter must be keys and values (`title: …`), not %s",
					 ytype_name(root));
				ydoc_free(&fm->yaml);
				return -1;
			}
			fm->yaml.root = (struct ynode *)root;
			fm->body_off = next;
			fm->body_line = line + 1;
			return 0;
		}
		const char *nl = memchr(text + p, '\n', len - p);
		if (!nl)
			break;
		p = (size_t)(nl - text) + 1;
		line++;
	}
	diag_add(d, DIAG_ERROR, path, 1, 1,
		 "front matter starts here but is never closed with a `---` line");
	return -1;
}

void frontmatter_free(struct frontmatter *fm)
{
	ydoc_free(&fm->yaml);
}
