/* html_inline.c — one inline HTML tag cleaned (see html_clean.h and
 * html_policy.h). cmark splits inline HTML into single tags, so there is
 * no tree to parse: each tag is read here on its own, and the caller keeps
 * the open elements and closes them. A word in angle brackets that is no
 * element we know (<optional>, <T>) stays text. */
#include <stdlib.h>
#include <string.h>

#include "text/html_policy.h"
#include "text/text.h"
#include "base/util.h"

/* HTML's space characters end a bare attribute value; so does a NUL byte
 * (strchr finds the set's terminator), as the tag scanner always had it. */
static int html_space_or_nul(int c)
{
	return strchr(" \t\r\n\f", c) != NULL;
}

/* Decode the entities a URL or title in an attribute is likely to hold. */
static char *decode_entities(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		static const struct { const char *ent; char c; } ents[] = {
			{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
			{"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
		size_t k;
		for (k = 0; k < ARRAY_LEN(ents); k++) {
			size_t m = strlen(ents[k].ent);
			if (i + m <= n && !memcmp(s + i, ents[k].ent, m)) {
				buf_putc(&b, ents[k].c);
				i += m - 1;
				break;
			}
		}
		if (k == ARRAY_LEN(ents))
			buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

struct tag {
	char name[24];
	int closing, self_closing;
	struct attr a[16];
	size_t na;
};

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
}

/* Parse "<name a=v ...>" or "</name>". Returns 0 when it is not a tag. */
static int parse_tag(const char *s, size_t n, struct tag *t)
{
	memset(t, 0, sizeof *t);
	size_t i = 1, k = 0;
	if (n < 3 || s[0] != '<' || s[n - 1] != '>')
		return 0;
	n--; /* the closing '>' */
	if (s[i] == '/') {
		t->closing = 1;
		i++;
	}
	while (i < n && is_name_char(s[i]) && k + 1 < sizeof t->name)
		t->name[k++] = s[i++];
	if (k == 0 || (i < n && is_name_char(s[i])))
		return 0;
	while (i < n) {
		while (i < n && strchr(" \t\r\n\f", s[i]))
			i++;
		if (i >= n)
			break;
		if (s[i] == '/') {
			t->self_closing = 1;
			i++;
			continue;
		}
		size_t ns = i;
		while (i < n && !strchr(" \t\r\n\f=/>", s[i]))
			i++;
		if (i == ns) {
			i++;
			continue;
		}
		char *name = xstrndup(s + ns, i - ns);
		char *value = NULL;
		while (i < n && strchr(" \t\r\n\f", s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && strchr(" \t\r\n\f", s[i]))
				i++;
			size_t vs, ve;
			i = text_attr_value(s, n, i, html_space_or_nul, &vs, &ve);
			value = decode_entities(s + vs, ve - vs);
		}
		if (t->na < ARRAY_LEN(t->a)) {
			t->a[t->na].name = name;
			t->a[t->na].value = value;
			t->na++;
		} else {
			free(name);
			free(value);
		}
	}
	return 1;
}

static void free_tag(struct tag *t)
{
	for (size_t i = 0; i < t->na; i++) {
		free((void *)t->a[i].name);
		free((void *)t->a[i].value);
	}
}

/* What a closing tag of a known element is: the end of an inline element
 * we keep, text for a block element's (it cannot close inside a
 * paragraph), or nothing. */
static enum html_tag_kind closing_kind(const struct element *el)
{
	if (el->pol == P_KEEP || el->pol == P_LINK)
		return (el->flags & E_PHRASING) ? HTML_TAG_CLOSE : HTML_TAG_TEXT;
	return HTML_TAG_DROP;
}

/* An opening (or self-closing) tag of a known element, written as its
 * policy says. */
static enum html_tag_kind opening_kind(struct clean_ctx *c, const struct element *el,
				       const struct tag *t)
{
	struct buf *out = c->out;
	switch (el->pol) {
	case P_QUIET:
	case P_UNWRAP:
		return HTML_TAG_DROP;
	case P_REMOVE:
		html_report_drop(c->rep, el);
		return t->self_closing ? HTML_TAG_DROP : HTML_TAG_SKIP;
	case P_IFRAME:
	case P_MEDIA:
		if (c->in_link || !html_put_embed_link(out, t->a, t->na, 0))
			html_report_drop(c->rep, el);
		return HTML_TAG_VOID;
	case P_IMG:
		html_put_img(out, t->a, t->na, c->env);
		return HTML_TAG_VOID;
	case P_VOID:
		if (!(el->flags & E_PHRASING))
			return HTML_TAG_TEXT;
		buf_printf(out, "<%s/>", el->as);
		return HTML_TAG_VOID;
	case P_LINK: {
		const char *href = attr_get(t->a, t->na, "href");
		if (c->in_link || !html_url_is_safe(href))
			return HTML_TAG_DROP;
		html_put_link_open(out, href, t->a, t->na);
		return HTML_TAG_OPEN;
	}
	case P_KEEP:
		if (!(el->flags & E_PHRASING))
			return HTML_TAG_TEXT; /* a block tag inside a paragraph */
		buf_printf(out, "<%s", el->as);
		html_put_attrs(out, el->as, t->a, t->na);
		if (t->self_closing) {
			buf_printf(out, "></%s>", el->as);
			return HTML_TAG_VOID;
		}
		buf_putc(out, '>');
		return HTML_TAG_OPEN;
	}
	return HTML_TAG_TEXT;
}

enum html_tag_kind html_clean_inline(struct buf *out, const char *s, size_t len,
				     int in_link, const struct html_env *env,
				     struct html_report *rep, const char **name)
{
	struct tag t;
	enum html_tag_kind kind = HTML_TAG_TEXT;
	*name = NULL;
	if (len >= 4 && !memcmp(s, "<!--", 4))
		return HTML_TAG_DROP;
	if (len >= 2 && (s[1] == '!' || s[1] == '?'))
		return HTML_TAG_DROP; /* <!DOCTYPE>, <?xml?>, <![CDATA[ */
	if (!parse_tag(s, len, &t))
		return HTML_TAG_TEXT;
	/* <optional>, <T>, <username>: words, not tags */
	const struct element *el = html_find_element(t.name);
	if (el) {
		struct clean_ctx c = {out, env, rep, in_link};
		*name = el->name;
		kind = t.closing ? closing_kind(el) : opening_kind(&c, el, &t);
		if (kind == HTML_TAG_OPEN || kind == HTML_TAG_CLOSE)
			*name = el->as;
	}
	free_tag(&t);
	return kind;
}
