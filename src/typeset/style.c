/* style.c — theme defaults and the YAML theme reader.
 *
 * A theme is a mapping of sections (page, fonts, sizes, text, spacing,
 * contents, colours, header, footer) whose keys are looked up in one table
 * by their dotted path ("sizes.h1", "colours.highlight.keyword"). The table
 * says the value's kind and where it goes, so adding a key is one line.
 * Unknown keys and bad values are errors at the theme file's line:col:
 * a typo in a theme should never silently fall back to a default. Reading
 * goes on after an error (a misplaced map or list is skipped whole), so
 * one run reports every mistake in the file. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "base/buf.h"
#include "typeset/style.h"
#include "base/util.h"

static struct rgb hex(unsigned v)
{
	struct rgb c = {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
			(v & 255) / 255.0};
	return c;
}

void style_defaults(struct style *s)
{
	memset(s, 0, sizeof *s);
	s->page_w = 595.276;
	s->page_h = 841.89;
	s->margin_top = 76;
	s->margin_bottom = 76;
	s->margin_left = 70;
	s->margin_right = 70;
	s->font_body = xstrdup("LiberationSerif");
	s->font_heading = xstrdup("LiberationSans");
	s->font_code = xstrdup("LiberationMono");
	s->font_fallback = xstrdup("DejaVuSans");
	s->size_body = 10.5;
	s->size_code = 8.4;
	s->size_small = 8.5;
	s->size_title = 30;
	static const double h[6] = {22, 16, 13, 11.5, 10.5, 10.5};
	memcpy(s->size_h, h, sizeof h);
	s->leading = 1.4;
	s->code_leading = 1.3;
	s->space_paragraph = 7;
	s->space_heading = 16;
	s->indent_list = 18;
	s->justify = 1;
	s->hyphenate = 1;
	s->contents_depth = 1;
	s->image_dpi = 300;
	s->index = 1;
	s->c_text = hex(0x1f2328);
	s->c_heading = hex(0x1b3a5c);
	s->c_accent = hex(0x2f6f9f);
	s->c_link = hex(0x1f5fa8);
	s->c_muted = hex(0x6a737d);
	s->c_rule = hex(0xc8ccd0);
	s->c_code_bg = hex(0xf4f6f8);
	s->c_code_text = hex(0x24292f);
	s->c_inline_code_bg = hex(0xeef1f4);
	s->c_table_header_bg = hex(0xe6edf4);
	s->c_table_stripe = hex(0xf7f9fb);
	s->c_table_rule = hex(0xc5ced8);
	s->c_box_bg[CALL_NOTE] = hex(0xeaf3fb);
	s->c_box_bar[CALL_NOTE] = hex(0x3b82c4);
	s->c_box_bg[CALL_TIP] = hex(0xeaf6ee);
	s->c_box_bar[CALL_TIP] = hex(0x3f9a5b);
	s->c_box_bg[CALL_WARNING] = hex(0xfdf4e3);
	s->c_box_bar[CALL_WARNING] = hex(0xd99a1e);
	s->c_box_bg[CALL_QUOTE] = hex(0xf5f6f7);
	s->c_box_bar[CALL_QUOTE] = hex(0xb8bec4);
	static const unsigned hl[HL_CLASS_COUNT] = {
	    [HL_PLAIN] = 0x24292f,    [HL_KEYWORD] = 0x8a2ba8, [HL_TYPE] = 0x0b6e99,
	    [HL_STRING] = 0x2a7a2a,   [HL_NUMBER] = 0xb35c00,  [HL_COMMENT] = 0x7a8590,
	    [HL_FUNCTION] = 0x1f4fa0, [HL_MACRO] = 0xa0522d,   [HL_ATTR] = 0x7b5ea7,
	    [HL_OPERATOR] = 0x4a4f55, [HL_PUNCT] = 0x4a4f55,   [HL_BUILTIN] = 0x0b6e99,
	    [HL_TAG] = 0x22863a,      [HL_VARIABLE] = 0xb31d28};
	for (int i = 0; i < HL_CLASS_COUNT; i++)
		s->c_hl[i] = hex(hl[i]);
	s->header_left = xstrdup("{course}");
	s->header_right = xstrdup("{lesson}");
	s->footer_left = xstrdup("");
	s->footer_center = xstrdup("{page}");
	s->footer_right = xstrdup("");
}

void style_free(struct style *s)
{
	char **strs[] = {&s->font_body,   &s->font_heading,  &s->font_code,
			 &s->font_fallback, &s->header_left, &s->header_right,
			 &s->footer_left, &s->footer_center, &s->footer_right};
	for (size_t i = 0; i < ARRAY_LEN(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

enum kind { K_LEN, K_NUM, K_STR, K_COLOUR, K_BOOL, K_INT, K_ALIGN, K_START, K_PAGE, K_MARGINS, K_DPI };

struct key {
	const char *path;
	enum kind kind;
	size_t off;
};

#define F(f) offsetof(struct style, f)
static const struct key keys[] = {
    {"page.size", K_PAGE, 0},
    {"page.margins", K_MARGINS, 0},
    {"page.margin_top", K_LEN, F(margin_top)},
    {"page.margin_bottom", K_LEN, F(margin_bottom)},
    {"page.margin_left", K_LEN, F(margin_left)},
    {"page.margin_right", K_LEN, F(margin_right)},
    {"fonts.body", K_STR, F(font_body)},
    {"fonts.heading", K_STR, F(font_heading)},
    {"fonts.code", K_STR, F(font_code)},
    {"fonts.fallback", K_STR, F(font_fallback)},
    {"sizes.body", K_LEN, F(size_body)},
    {"sizes.code", K_LEN, F(size_code)},
    {"sizes.small", K_LEN, F(size_small)},
    {"sizes.title", K_LEN, F(size_title)},
    {"sizes.footnote", K_LEN, F(size_footnote)},
    {"sizes.h1", K_LEN, F(size_h[0])},
    {"sizes.h2", K_LEN, F(size_h[1])},
    {"sizes.h3", K_LEN, F(size_h[2])},
    {"sizes.h4", K_LEN, F(size_h[3])},
    {"sizes.h5", K_LEN, F(size_h[4])},
    {"sizes.h6", K_LEN, F(size_h[5])},
    {"text.leading", K_NUM, F(leading)},
    {"text.code_leading", K_NUM, F(code_leading)},
    {"text.align", K_ALIGN, F(justify)},
    {"text.hyphenate", K_BOOL, F(hyphenate)},
    {"spacing.paragraph", K_LEN, F(space_paragraph)},
    {"spacing.heading", K_LEN, F(space_heading)},
    {"spacing.list_indent", K_LEN, F(indent_list)},
    {"contents.depth", K_INT, F(contents_depth)},
    {"qr_links", K_BOOL, F(qr_links)},
    {"images.dpi", K_DPI, F(image_dpi)},
    {"duplex", K_BOOL, F(duplex)},
    {"duplex_start", K_START, F(duplex_section)},
    {"index", K_BOOL, F(index)},
    {"colours.text", K_COLOUR, F(c_text)},
    {"colours.heading", K_COLOUR, F(c_heading)},
    {"colours.accent", K_COLOUR, F(c_accent)},
    {"colours.link", K_COLOUR, F(c_link)},
    {"colours.muted", K_COLOUR, F(c_muted)},
    {"colours.rule", K_COLOUR, F(c_rule)},
    {"colours.code_background", K_COLOUR, F(c_code_bg)},
    {"colours.code_text", K_COLOUR, F(c_code_text)},
    {"colours.inline_code_background", K_COLOUR, F(c_inline_code_bg)},
    {"colours.table_header", K_COLOUR, F(c_table_header_bg)},
    {"colours.table_stripe", K_COLOUR, F(c_table_stripe)},
    {"colours.table_rule", K_COLOUR, F(c_table_rule)},
    {"colours.note_background", K_COLOUR, F(c_box_bg[CALL_NOTE])},
    {"colours.note_bar", K_COLOUR, F(c_box_bar[CALL_NOTE])},
    {"colours.tip_background", K_COLOUR, F(c_box_bg[CALL_TIP])},
    {"colours.tip_bar", K_COLOUR, F(c_box_bar[CALL_TIP])},
    {"colours.warning_background", K_COLOUR, F(c_box_bg[CALL_WARNING])},
    {"colours.warning_bar", K_COLOUR, F(c_box_bar[CALL_WARNING])},
    {"colours.quote_background", K_COLOUR, F(c_box_bg[CALL_QUOTE])},
    {"colours.quote_bar", K_COLOUR, F(c_box_bar[CALL_QUOTE])},
    {"colours.highlight.plain", K_COLOUR, F(c_hl[HL_PLAIN])},
    {"colours.highlight.keyword", K_COLOUR, F(c_hl[HL_KEYWORD])},
    {"colours.highlight.type", K_COLOUR, F(c_hl[HL_TYPE])},
    {"colours.highlight.string", K_COLOUR, F(c_hl[HL_STRING])},
    {"colours.highlight.number", K_COLOUR, F(c_hl[HL_NUMBER])},
    {"colours.highlight.comment", K_COLOUR, F(c_hl[HL_COMMENT])},
    {"colours.highlight.function", K_COLOUR, F(c_hl[HL_FUNCTION])},
    {"colours.highlight.macro", K_COLOUR, F(c_hl[HL_MACRO])},
    {"colours.highlight.attribute", K_COLOUR, F(c_hl[HL_ATTR])},
    {"colours.highlight.operator", K_COLOUR, F(c_hl[HL_OPERATOR])},
    {"colours.highlight.punctuation", K_COLOUR, F(c_hl[HL_PUNCT])},
    {"colours.highlight.builtin", K_COLOUR, F(c_hl[HL_BUILTIN])},
    {"colours.highlight.tag", K_COLOUR, F(c_hl[HL_TAG])},
    {"colours.highlight.variable", K_COLOUR, F(c_hl[HL_VARIABLE])},
    {"header.left", K_STR, F(header_left)},
    {"header.right", K_STR, F(header_right)},
    {"footer.left", K_STR, F(footer_left)},
    {"footer.center", K_STR, F(footer_center)},
    {"footer.right", K_STR, F(footer_right)},
};
#undef F

/* "12", "12pt", "20mm", "2cm", "1in" → points; -1 when malformed. */
static double parse_length(const char *v)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || end == v || x < 0)
		return -1;
	while (*end == ' ')
		end++;
	if (!*end || !strcmp(end, "pt"))
		return x;
	if (!strcmp(end, "mm"))
		return x * 72 / 25.4;
	if (!strcmp(end, "cm"))
		return x * 72 / 2.54;
	if (!strcmp(end, "in"))
		return x * 72;
	return -1;
}

static int parse_colour(const char *v, struct rgb *c)
{
	if (v[0] != '#' || strlen(v) != 7)
		return -1;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)v[i]))
			return -1;
	*c = hex((unsigned)strtoul(v + 1, NULL, 16));
	return 0;
}

static int named_page(const char *v, double *w, double *h)
{
	static const struct {
		const char *name;
		double w, h;
	} sizes[] = {{"A4", 595.276, 841.89}, {"A5", 419.528, 595.276},
		     {"Letter", 612, 792},     {"Legal", 612, 1008},
		     {"B5", 498.898, 708.661}};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++)
		if (!strcasecmp(v, sizes[i].name)) {
			*w = sizes[i].w;
			*h = sizes[i].h;
			return 0;
		}
	return -1;
}

/* Larger than any real theme (the shipped ones are 2 KB) by far. */
#define THEME_MAX_BYTES (1 << 20)

struct reader {
	struct style *s;
	const char *path;
	struct diags *d;
	char *stack[8];  /* mapping keys from the root to here */
	int depth;
	int err;
	int geom_err;    /* the page size or margins were bad, so not applied */
};

static void bad(struct reader *r, const yaml_mark_t *m, const char *fmt, const char *a,
		const char *b)
{
	struct buf msg = BUF_INIT;
	buf_printf(&msg, fmt, a, b);
	diag_add(r->d, DIAG_ERROR, r->path, (int)m->line + 1, (int)m->column + 1, "%s",
		 buf_cstr(&msg));
	buf_free(&msg);
	r->err = 1;
}

static const struct key *find_key(const char *path)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (!strcmp(keys[i].path, path))
			return &keys[i];
	return NULL;
}

/* page.size: a name or [width, height]. */
static void apply_page(struct reader *r, const struct key *k, char **vals, int nv,
		       const yaml_mark_t *m)
{
	if (nv == 1 && named_page(vals[0], &r->s->page_w, &r->s->page_h) == 0)
		return;
	double w = nv == 2 ? parse_length(vals[0]) : -1;
	double h = nv == 2 ? parse_length(vals[1]) : -1;
	if (w < 144 || h < 144 || w > 5000 || h > 5000)
		bad(r, m, "%s: page size must be A4, A5, B5, Letter, Legal or [width, height] "
			  "of at least 2in each%s", k->path, "");
	else {
		r->s->page_w = w;
		r->s->page_h = h;
	}
}

/* page.margins: one, two or four lengths, as in CSS. */
static void apply_margins(struct reader *r, const struct key *k, char **vals, int nv,
			  const yaml_mark_t *m)
{
	double x[4];
	if (nv != 4 && nv != 1 && nv != 2) {
		bad(r, m, "%s: give one, two ([vertical, horizontal]) or four (top, right, "
			  "bottom, left) lengths%s", k->path, "");
		return;
	}
	for (int i = 0; i < nv; i++)
		if ((x[i] = parse_length(vals[i])) < 0) {
			bad(r, m, "%s: '%s' is not a length (12, 12pt, 20mm, 1in)", k->path, vals[i]);
			return;
		}
	if (nv == 1)
		x[1] = x[2] = x[3] = x[0];
	if (nv == 2) {
		x[2] = x[0];
		x[3] = x[1];
	}
	r->s->margin_top = x[0];
	r->s->margin_right = x[1];
	r->s->margin_bottom = x[2];
	r->s->margin_left = x[3];
}

/* A yes-or-no key: the two words for 1, the two for 0, and what to say
 * when the value is neither. */
struct flag_words {
	const char *on[2], *off[2];
	const char *error;
};

static const struct flag_words bool_words = {
	{"true", "yes"}, {"false", "no"}, "%s: '%s' is not true or false"};
static const struct flag_words align_words = {
	{"justify", "justified"}, {"ragged", "left"}, "%s: '%s' is not justify or ragged"};
static const struct flag_words start_words = {
	{"section", "sections"}, {"lesson", "lessons"}, "%s: '%s' is not lesson or section"};

static void apply_flag(struct reader *r, const struct key *k, const char *v,
		       const yaml_mark_t *m, const struct flag_words *w)
{
	int *dst = (int *)((char *)r->s + k->off);
	if (!strcmp(v, w->on[0]) || !strcmp(v, w->on[1]))
		*dst = 1;
	else if (!strcmp(v, w->off[0]) || !strcmp(v, w->off[1]))
		*dst = 0;
	else
		bad(r, m, w->error, k->path, v);
}

/* A key that takes one plain value. */
static void apply_scalar(struct reader *r, const struct key *k, const char *v,
			 const yaml_mark_t *m)
{
	char *base = (char *)r->s;
	switch (k->kind) {
	case K_LEN: {
		double x = parse_length(v);
		if (x < 0 || x > 2000)
			bad(r, m, "%s: '%s' is not a length (12, 12pt, 20mm, 1in)", k->path, v);
		else
			*(double *)(base + k->off) = x;
		break;
	}
	case K_NUM: {
		char *end;
		double x = strtod(v, &end);
		if (end == v || *end || x <= 0 || x > 10)
			bad(r, m, "%s: '%s' is not a number between 0 and 10", k->path, v);
		else
			*(double *)(base + k->off) = x;
		break;
	}
	case K_DPI: {
		/* under 72 a diagram prints visibly coarse; over 1200 no
		 * printer shows the difference but the file grows */
		char *end;
		double x = strtod(v, &end);
		if (end == v || *end || !(x >= 72 && x <= 1200))
			bad(r, m, "%s: '%s' is not a resolution from 72 to 1200", k->path, v);
		else
			*(double *)(base + k->off) = x;
		break;
	}
	case K_INT: {
		char *end;
		long x = strtol(v, &end, 10);
		if (end == v || *end || x < 0 || x > 6)
			bad(r, m, "%s: '%s' is not a whole number from 0 to 6", k->path, v);
		else
			*(int *)(base + k->off) = (int)x;
		break;
	}
	case K_STR:
		free(*(char **)(base + k->off));
		*(char **)(base + k->off) = xstrdup(v);
		break;
	case K_COLOUR:
		if (parse_colour(v, (struct rgb *)(base + k->off)))
			bad(r, m, "%s: '%s' is not a colour like \"#1f2328\"", k->path, v);
		break;
	case K_BOOL:
		apply_flag(r, k, v, m, &bool_words);
		break;
	case K_ALIGN:
		apply_flag(r, k, v, m, &align_words);
		break;
	case K_START:
		apply_flag(r, k, v, m, &start_words);
		break;
	default:
		break;
	}
}

/* Apply one value (or sequence of values) to key k. */
static void apply_value(struct reader *r, const struct key *k, char **vals, int nv,
			const yaml_mark_t *m)
{
	if (k->kind == K_PAGE)
		apply_page(r, k, vals, nv, m);
	else if (k->kind == K_MARGINS)
		apply_margins(r, k, vals, nv, m);
	else if (nv != 1)
		bad(r, m, "%s: expected a single value, not a list%s", k->path, "");
	else
		apply_scalar(r, k, vals[0], m);
}

/* apply_value(), remembering whether the page geometry went wrong: the
 * margins-against-page check is only meaningful when both were taken. */
static void apply(struct reader *r, const struct key *k, char **vals, int nv,
		  const yaml_mark_t *m)
{
	int before = r->err;
	r->err = 0;
	apply_value(r, k, vals, nv, m);
	if (r->err && (k->kind == K_PAGE || k->kind == K_MARGINS))
		r->geom_err = 1;
	r->err |= before;
}

static char *dotted(struct reader *r)
{
	struct buf p = BUF_INIT;
	for (int i = 0; i < r->depth; i++) {
		if (i)
			buf_putc(&p, '.');
		buf_puts(&p, r->stack[i]);
	}
	return buf_detach(&p);
}

/* Start of a map or list that cannot be read where it stands: skip it
 * whole, and when it stood in a key's place, skip that key's value too, so
 * that one mistake is reported once and reading goes on after it. */
struct skipper {
	int depth;      /* open maps and lists inside the node being skipped */
	int value_next; /* the node after it is a value without a key */
};

static void skip_node(struct skipper *k, int as_key)
{
	k->depth = 1;
	k->value_next = as_key;
}

/* The theme reader's state between libyaml events. */
struct parse {
	struct reader r;
	char *pending;         /* key waiting for its value */
	yaml_mark_t key_mark;  /* where that key stands */
	char **seq;            /* scalars of the sequence being read */
	size_t nseq, capseq;
	int in_seq, seq_bad;
	int maps;              /* open maps, the root one included */
	struct skipper sk;
};

/* Whether ev falls inside a node being skipped (and so is consumed). */
static int skipped(struct parse *P, const yaml_event_t *ev)
{
	int starts = ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_SEQUENCE_START_EVENT;
	int ends = ev->type == YAML_MAPPING_END_EVENT || ev->type == YAML_SEQUENCE_END_EVENT;
	if (P->sk.depth > 0) {
		P->sk.depth += starts ? 1 : ends ? -1 : 0;
		return 1;
	}
	if (P->sk.value_next && (starts || ev->type == YAML_SCALAR_EVENT ||
				 ev->type == YAML_ALIAS_EVENT)) {
		P->sk.value_next = 0;
		P->sk.depth = starts;
		return 1;
	}
	return 0;
}

/* The pending key's value has come: check the key's dotted path and, when
 * ok, apply vals (nv of them, m where they stand) to it. The pending key
 * is used up. */
static void take_value(struct parse *P, int ok, char **vals, int nv, const yaml_mark_t *m)
{
	struct reader *r = &P->r;
	/* a value needs a slot for its own key: at full depth it has none */
	if (r->depth == (int)ARRAY_LEN(r->stack)) {
		bad(r, &P->key_mark, "%s: nested too deeply%s", P->pending, "");
		free(P->pending);
		P->pending = NULL;
		return;
	}
	r->stack[r->depth++] = P->pending;
	char *full = dotted(r);
	r->depth--;
	const struct key *k = find_key(full);
	if (!k)
		bad(r, &P->key_mark, "unknown theme key '%s'%s", full, "");
	else if (ok)
		apply(r, k, vals, nv, m);
	free(full);
	free(P->pending);
	P->pending = NULL;
}

static void mapping_start(struct parse *P, const yaml_event_t *ev)
{
	struct reader *r = &P->r;
	if (P->in_seq) {
		bad(r, &ev->start_mark, "%s: a list of plain values was expected%s",
		    P->pending ? P->pending : "theme", "");
		P->seq_bad = 1;
		skip_node(&P->sk, 0);
	} else if (P->pending) {
		if (r->depth == (int)ARRAY_LEN(r->stack)) {
			bad(r, &ev->start_mark, "%s: nested too deeply%s", P->pending, "");
			free(P->pending);
			P->pending = NULL;
			skip_node(&P->sk, 0);
		} else {
			r->stack[r->depth++] = P->pending;
			P->pending = NULL;
			P->maps++;
		}
	} else if (P->maps > 0 || P->key_mark.line) {
		bad(r, &ev->start_mark, "unexpected mapping%s%s", "", "");
		skip_node(&P->sk, P->maps > 0);
	} else {
		P->maps++;
	}
}

/* A list or a value where the theme's mapping should start: the file is
 * not a theme at all (a stray file named by --style, /etc/passwd). One
 * error for the whole document, whose content is skipped. */
static void not_a_mapping(struct parse *P, const yaml_event_t *ev, int starts)
{
	bad(&P->r, &ev->start_mark,
	    "theme is not a YAML mapping of theme keys (page:, fonts:, sizes:, ...)%s%s", "", "");
	if (starts)
		skip_node(&P->sk, 0);
}

static void sequence_start(struct parse *P, const yaml_event_t *ev)
{
	if (P->maps == 0 && !P->in_seq) {
		not_a_mapping(P, ev, 1);
		return;
	}
	if (!P->pending || P->in_seq) {
		bad(&P->r, &ev->start_mark, "a list is not expected here%s%s", "", "");
		if (P->in_seq)
			P->seq_bad = 1;
		skip_node(&P->sk, !P->in_seq && P->maps > 0);
		return;
	}
	P->in_seq = 1;
}

static void sequence_end(struct parse *P)
{
	take_value(P, !P->seq_bad, P->seq, (int)P->nseq, &P->key_mark);
	for (size_t i = 0; i < P->nseq; i++)
		free(P->seq[i]);
	P->nseq = 0;
	P->in_seq = 0;
	P->seq_bad = 0;
}

static void scalar(struct parse *P, const yaml_event_t *ev)
{
	if (P->maps == 0 && !P->in_seq) {
		/* `---` alone is an empty theme, like an empty file */
		if (ev->data.scalar.length || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			not_a_mapping(P, ev, 0);
		return;
	}
	char *v = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
	if (P->in_seq) {
		P->seq = xgrow(P->seq, &P->capseq, P->nseq + 1, sizeof *P->seq);
		P->seq[P->nseq++] = v;
	} else if (!P->pending) {
		P->pending = v;
		P->key_mark = ev->start_mark;
	} else {
		take_value(P, 1, &v, 1, &ev->start_mark);
		free(v);
	}
}

static void alias(struct parse *P, const yaml_event_t *ev)
{
	bad(&P->r, &ev->start_mark, "aliases are not used in themes%s%s", "", "");
	if (P->in_seq) {
		P->seq_bad = 1;
	} else if (P->pending) {
		free(P->pending);
		P->pending = NULL;
	} else {
		P->sk.value_next = P->maps > 0;
	}
}

/* Take one event; 1 at the end of the stream. */
static int take_event(struct parse *P, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_MAPPING_START_EVENT:
		mapping_start(P, ev);
		break;
	case YAML_MAPPING_END_EVENT:
		if (P->r.depth > 0)
			free(P->r.stack[--P->r.depth]);
		P->maps--;
		break;
	case YAML_SEQUENCE_START_EVENT:
		sequence_start(P, ev);
		break;
	case YAML_SEQUENCE_END_EVENT:
		sequence_end(P);
		break;
	case YAML_SCALAR_EVENT:
		scalar(P, ev);
		break;
	case YAML_ALIAS_EVENT:
		alias(P, ev);
		break;
	default:
		break;
	}
	return 0;
}

static void parse_free(struct parse *P)
{
	while (P->r.depth > 0)
		free(P->r.stack[--P->r.depth]);
	for (size_t i = 0; i < P->nseq; i++)
		free(P->seq[i]);
	free(P->seq);
	free(P->pending);
}

int style_parse(struct style *s, const char *path, const char *text, size_t len,
		struct diags *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct parse P = {.r = {.s = s, .path = path, .d = d}};
	int done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			/* libyaml cannot go on after a syntax error */
			diag_add(d, DIAG_ERROR, path, (int)p.problem_mark.line + 1,
				 (int)p.problem_mark.column + 1, "theme is not valid YAML: %s",
				 p.problem ? p.problem : "syntax error");
			P.r.err = 1;
			break;
		}
		if (!skipped(&P, &ev))
			done = take_event(&P, &ev);
		yaml_event_delete(&ev);
	}
	parse_free(&P);
	yaml_parser_delete(&p);
	if (!P.r.geom_err && (s->margin_left + s->margin_right > s->page_w - 72 ||
			      s->margin_top + s->margin_bottom > s->page_h - 144)) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "margins leave less than 1in × 2in of text area on a %.0f × %.0f pt page",
			 s->page_w, s->page_h);
		P.r.err = 1;
	}
	return P.r.err ? -1 : 0;
}

int style_load(struct style *s, const char *data_dir, const char *name_or_file,
	       struct diags *d)
{
	const char *name = name_or_file && *name_or_file ? name_or_file : "default";
	struct buf path = BUF_INIT;
	size_t nl = strlen(name);
	if (strchr(name, '/') || (nl > 4 && !strcmp(name + nl - 4, ".yml")) ||
	    (nl > 5 && !strcmp(name + nl - 5, ".yaml")))
		buf_puts(&path, name);
	else
		buf_printf(&path, "%s/styles/%s.yml", data_dir ? data_dir : ".", name);
	int rc = -1;
	FILE *f = fopen(buf_cstr(&path), "rb");
	if (!f) {
		diag_add(d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read theme: %s",
			 strerror(errno));
		buf_free(&path);
		return -1;
	}
	struct buf text = BUF_INIT;
	char chunk[8192];
	size_t n;
	/* a theme is a page of YAML; the cap keeps a named device
	 * (--style /dev/zero) from filling memory */
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len <= THEME_MAX_BYTES)
		buf_put(&text, chunk, n);
	int read_err = ferror(f) ? errno : 0;
	fclose(f);
	if (read_err)
		diag_add(d, DIAG_FATAL, buf_cstr(&path), 0, 0, "cannot read theme: %s",
			 strerror(read_err));
	else if (text.len > THEME_MAX_BYTES)
		diag_add(d, DIAG_ERROR, buf_cstr(&path), 0, 0,
			 "theme is larger than %d bytes; a theme is a short YAML file",
			 THEME_MAX_BYTES);
	else
		rc = style_parse(s, buf_cstr(&path), buf_cstr(&text), text.len, d);
	buf_free(&text);
	buf_free(&path);
	return rc;
}
