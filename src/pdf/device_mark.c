/* device_mark.c — marked content for a tagged PDF (device_impl.h says
 * what it does): the element each item and op belongs to, the BDC/EMC
 * operators around a page's content, and the record of every sequence and
 * link annotation that tags.c turns into the structure tree once all the
 * pages are drawn. An element drawn on several pages, or interrupted by a
 * child, gets one sequence per piece, each with its own MCID. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"

const char *mark_type_name(int type)
{
	/* the standard structure types, so no RoleMap is needed */
	static const char *names[TAG_COUNT] = {
		[TAG_DOCUMENT] = "Document", [TAG_PART] = "Part",   [TAG_SECT] = "Sect",
		[TAG_DIV] = "Div",           [TAG_H1] = "H1",       [TAG_H2] = "H2",
		[TAG_H3] = "H3",             [TAG_H4] = "H4",       [TAG_H5] = "H5",
		[TAG_H6] = "H6",             [TAG_P] = "P",         [TAG_L] = "L",
		[TAG_LI] = "LI",             [TAG_LBL] = "Lbl",     [TAG_LBODY] = "LBody",
		[TAG_TABLE] = "Table",       [TAG_TR] = "TR",       [TAG_TH] = "TH",
		[TAG_TD] = "TD",             [TAG_CODE] = "Code",   [TAG_BLOCKQUOTE] = "BlockQuote",
		[TAG_FIGURE] = "Figure",     [TAG_CAPTION] = "Caption", [TAG_NOTE] = "Note",
		[TAG_LINK] = "Link",         [TAG_TOC] = "TOC",     [TAG_TOCI] = "TOCI",
		[TAG_INDEX] = "Index",
	};
	return type >= 0 && type < TAG_COUNT && names[type] ? names[type] : "Span";
}

void mark_page(struct marker *m, int page, size_t key)
{
	memset(m, 0, sizeof *m);
	m->open = MARK_NONE;
	m->cur = -1;
	m->page = page;
	m->key = key;
}

static void set_cur(struct marker *m, const struct layout *L, int id)
{
	m->cur = id;
	m->cur_artifact = id >= 0 && L->tags[id].type == TAG_ARTIFACT;
}

void mark_item(struct marker *m, const struct layout *L, const struct item *it)
{
	set_cur(m, L, it->tag);
	m->depth = 0;
}

void mark_tag_op(struct marker *m, const struct layout *L, const struct op *o)
{
	int id = o->target;
	if (id < 0 || (size_t)id >= L->n_tags)
		return;
	if (o->kind == OP_TAG_BEGIN) {
		if (m->depth < MARK_DEPTH)
			m->stack[m->depth++] = m->cur;
		set_cur(m, L, id);
	} else if (m->depth > 0) {
		/* back to what was open before it in this item (a label goes
		 * back to its paragraph, not to its list item) */
		set_cur(m, L, m->stack[--m->depth]);
	} else {
		set_cur(m, L, L->tags[id].parent); /* opened in an earlier item */
	}
}

void mark_close(struct page_draw *pd, struct marker *m)
{
	if (m->open != MARK_NONE)
		buf_put(&pd->raw, "EMC\012", 4);
	m->open = MARK_NONE;
}

/* "/Name <</MCID n>> BDC": by hand, as device_draw writes its operators;
 * snprintf was a third of the cost of marking. */
static void put_bdc(struct buf *b, const char *name, int mcid)
{
	char t[80];
	size_t n = 0, len = strlen(name);
	t[n++] = '/';
	memcpy(t + n, name, len);
	n += len;
	memcpy(t + n, " <</MCID ", 9);
	n += 9;
	n = (size_t)(fmt_uint(t + n, (unsigned)mcid) - t);
	memcpy(t + n, ">> BDC\012", 7);
	buf_put(b, t, n + 7);
}

void mark_open(struct page_draw *pd, const struct layout *L, struct marker *m, int want)
{
	mark_close(pd, m);
	if (want == MARK_ARTIFACT) {
		buf_put(&pd->raw, "/Artifact BMC\012", 14);
	} else if (want == MARK_PAGINATION) {
		buf_put(&pd->raw, "/Artifact <</Type /Pagination>> BDC\012", 36);
	} else {
		put_bdc(&pd->raw, mark_type_name(L->tags[want].type), m->mcid);
		draw_ev_add(pd, &(struct draw_ev){.kind = EV_MARK, .a = want, .b = m->mcid++});
	}
	m->open = want;
}

void mark_link_text(struct device *dv, int tag, const char *s, size_t n)
{
	if (dv->link_text_tag != tag) {
		buf_clear(&dv->link_text);
		dv->link_text_tag = tag;
	} else if (dv->link_text.len) {
		buf_putc(&dv->link_text, ' ');
	}
	if (dv->link_text.len + n <= DEVICE_MAX_TEXT)
		buf_put(&dv->link_text, s, n);
}

/* One UTF-16 code unit as four hex digits at d; returns their end. */
static char *put_unit(char *d, unsigned u)
{
	static const char hex[] = "0123456789ABCDEF";
	for (int sh = 12; sh >= 0; sh -= 4)
		*d++ = hex[(u >> sh) & 15];
	return d;
}

size_t text_utf16(const char *s, uint16_t u[DEVICE_MAX_TEXT + 1])
{
	size_t n = strlen(s), k = 0;
	if (n > DEVICE_MAX_TEXT) {
		n = DEVICE_MAX_TEXT;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	/* one unit at most for each byte in, and the mark */
	u[k++] = 0xFEFF;
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp = utf8_next(s + i, n - i, &len);
		i += len;
		if (cp > 0xFFFF) { /* a surrogate pair */
			u[k++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
		}
		u[k++] = (uint16_t)cp;
	}
	return k;
}

void mark_text_string(struct buf *b, const char *s)
{
	uint16_t u[DEVICE_MAX_TEXT + 1];
	size_t k = text_utf16(s, u);
	char *start = buf_space(b, 4 * k + 2), *d = start;
	*d++ = '<';
	for (size_t i = 0; i < k; i++)
		d = put_unit(d, u[i]);
	*d++ = '>';
	buf_commit(b, (size_t)(d - start));
}

/* What a screen reader says for a link: its text, else its address. */
static void annot_contents(struct device *dv, const struct marker *m, const struct layout *L,
			   HPDF_Annotation a, int link)
{
	const char *s = NULL;
	if (dv->link_text_tag == m->cur && dv->link_text.len)
		s = buf_cstr(&dv->link_text);
	else if (link >= 0 && (size_t)link < L->n_links && L->links[link].uri)
		s = L->links[link].uri;
	if (!s || !*s)
		s = "link within the book";
	/* UTF-16 even for ASCII: a literal string would put the link's words
	 * among the file's tokens, where a tool reading the page's operators
	 * from qpdf's QDF (tests/t-print.sh) would take them for operators.
	 * Converted here, as libharu writes a UTF-8 string but not a byte at
	 * a time through its encoder (a fifth of what tagging cost a big
	 * book), and with characters past U+FFFF as surrogate pairs where
	 * libharu's encoder makes spaces. */
	device_annot_contents(a, s);
}

void mark_annot(struct device *dv, const struct marker *m, const struct layout *L,
		HPDF_Annotation a, int link)
{
	if (m->force || m->cur < 0 || m->cur_artifact)
		return;
	annot_contents(dv, m, L, a, link);
	dv->marks = xgrow(dv->marks, &dv->cap_marks, dv->n_marks + 1, sizeof *dv->marks);
	dv->marks[dv->n_marks++] = (struct mark){m->cur, -1, m->page, m->key, a};
}
