/* parse.c — step 3 of the load, one lesson at a time on the pool's
 * threads: Liquid, then the IAL markers, then cmark-gfm; the nesting depth
 * the back ends can take; the IAL classes and ids on their nodes; heading
 * ids; and the lesson's title when the front matter gives none. Each
 * lesson touches only its own data (cmark's one table shared by every
 * parser is settled once: see parse_init below). */
#include "course/course.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include "course/ial.h"
#include "course/liquid.h"
#include "course/loadlimits.h"
#include "course/slug.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

/* cmark-gfm's inline parser keeps one process-wide table of the
 * characters its extensions handle (~ for strikethrough, : and w for
 * autolinks...), and every parse sets them at the start of its inline
 * pass and clears them at its end (blocks.c, finalize_document). Two
 * lessons parsed at once would clear each other's table and lose
 * strikethrough and autolinks at random; a lock around the inline pass
 * made half of the load serial. Every parser here attaches the same
 * extensions, so the table octavo needs never changes. cmark-gfm is
 * linked from its static archive with the two functions that set and
 * clear a character wrapped (-Wl,--wrap, see the Makefile): clearing
 * does nothing, and setting reaches the library only inside parse_init,
 * which fills the table once, before the threads start. */
void __real_cmark_inlines_add_special_character(unsigned char c, bool emphasis);
void __wrap_cmark_inlines_add_special_character(unsigned char c, bool emphasis);
void __wrap_cmark_inlines_remove_special_character(unsigned char c, bool emphasis);

static bool filling_special;

void __wrap_cmark_inlines_add_special_character(unsigned char c, bool emphasis)
{
	if (filling_special)
		__real_cmark_inlines_add_special_character(c, emphasis);
}

void __wrap_cmark_inlines_remove_special_character(unsigned char c, bool emphasis)
{
	(void)c;
	(void)emphasis;
}

/* A parser with the extensions every lesson is parsed with. */
static cmark_parser *new_parser(void)
{
	static const char *const ext[] = {"table", "strikethrough", "autolink", "tasklist"};
	cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES |
					   CMARK_OPT_UNSAFE);
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(ext[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

static void fill_special(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = new_parser();
	filling_special = true;
	cmark_manage_extensions_special_characters(p, 1);
	filling_special = false;
	cmark_parser_free(p);
}

void parse_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fill_special);
}

static cmark_node *markdown_parse(const char *text, size_t len)
{
	cmark_parser *p = new_parser();
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

/* Nodes cmark_iter enters but never exits (iterator.c, S_is_leaf). */
static int is_iter_leaf(cmark_node_type t)
{
	return t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_TEXT ||
	       t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
	       t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE;
}

static int is_container_block(cmark_node_type t)
{
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST;
}

/* Back ends recurse over the tree, so depth is bounded here. */
static int check_depth(struct lesson *l)
{
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	int depth = 0, bdepth = 0, rc = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
			if (is_container_block(t))
				bdepth--;
			continue;
		}
		if (is_iter_leaf(t))
			continue; /* a leaf: the iterator gives no EXIT for it */
		depth++;
		if (is_container_block(t))
			bdepth++;
		if (bdepth > LIMIT_BLOCK_DEPTH || depth > LIMIT_NODE_DEPTH) {
			if (bdepth > LIMIT_BLOCK_DEPTH)
				node_diag(l, n, DIAG_ERROR,
					  "block quotes and lists are nested more than %d levels deep",
					  LIMIT_BLOCK_DEPTH);
			else
				node_diag(l, n, DIAG_ERROR, "elements are nested more than %d levels deep",
					  LIMIT_NODE_DEPTH);
			rc = -1;
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

static void give_ial(void *ctx, cmark_node *node, const struct ial *ial)
{
	struct lesson_priv *lp = ctx;
	struct node_info *in = info_of(lp, node);
	if (ial->classes) {
		if (in->classes) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s %s", in->classes, ial->classes);
			free(in->classes);
			in->classes = buf_detach(&b);
		} else {
			in->classes = xstrdup(ial->classes);
		}
	}
	if (ial->id) {
		free(in->ial_id);
		in->ial_id = xstrdup(ial->id);
	}
}

/* Inside a block quote? Such a heading titles a callout ("> ## Note"):
 * it gets an id, so links to it work, but it is not part of the lesson's
 * outline (PDF bookmarks, EPUB navigation, toc). */
static int in_block_quote(cmark_node *n)
{
	for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
		if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
			return 1;
	return 0;
}

static int collect_headings(struct lesson *l)
{
	struct lesson_priv *lp = l->front;
	struct slugset ss = SLUGSET_INIT;
	size_t cap = 0, seen = 0, notes = 0;
	int rc = 0;
	cmark_iter *it = cmark_iter_new(l->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION &&
		    notes++ == LIMIT_FOOTNOTES) {
			node_diag(l, n, DIAG_ERROR, "more than %d footnotes in one lesson", LIMIT_FOOTNOTES);
			rc = -1;
			break;
		}
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		if (seen++ == LIMIT_HEADINGS) {
			node_diag(l, n, DIAG_ERROR, "more than %d headings in one lesson", LIMIT_HEADINGS);
			rc = -1;
			break;
		}
		struct node_info *in = info_of(lp, n);
		char *title = book_node_text(n);
		char *base = in->ial_id ? xstrdup(in->ial_id) : slug_heading(title);
		char *id = slugset_unique(&ss, base);
		free(base);
		in->id = id;
		strmap_put(&lp->ids, id, strlen(id), (intptr_t)id);
		if (in_block_quote(n)) {
			in->own_id = id;
			free(title);
			continue;
		}
		l->headings = xgrow(l->headings, &cap, l->n_headings + 1, sizeof *l->headings);
		struct heading *h = &l->headings[l->n_headings++];
		h->level = cmark_node_get_heading_level(n);
		h->title = title;
		h->node = n;
		h->id = id;
	}
	cmark_iter_free(it);
	slugset_free(&ss);
	return rc;
}

/* cmark-gfm's string getters (literal, url, title, fence info, on_enter,
 * on_exit) copy a node's text into a malloc'd C string the first time
 * they are asked and store it in the node (cmark_chunk_to_cstr). The two
 * back ends walk the same trees at the same time, so that first call must
 * not happen there: ask every getter of every node once, here, on the
 * lesson's own loader thread. From then on the getters only read, and the
 * book is read-only for the back ends as book.h promises. The same walk
 * notes the links and images in order, so that step 4, which must run
 * after every lesson is parsed and on one thread, need not walk the
 * whole tree again; and the nodes the index reads (l->index_nodes),
 * for the same reason: a walk over a big book's trees, cold in the
 * cache, took 20 ms of each back end's one thread. */
static void settle_strings(struct lesson *l, struct lesson_priv *lp, cmark_node *doc)
{
	size_t cap_ix = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING || (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_STRONG || t == CMARK_NODE_CODE))) {
			l->index_nodes = xgrow(l->index_nodes, &cap_ix, l->n_index_nodes + 1,
					       sizeof *l->index_nodes);
			l->index_nodes[l->n_index_nodes++] =
			    (struct index_node){n, ev == CMARK_EVENT_EXIT};
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			lp->refs = xgrow(lp->refs, &lp->cap_refs, lp->n_refs + 1, sizeof *lp->refs);
			lp->refs[lp->n_refs++] = n;
		}
		/* each returns NULL, touching nothing, for other node types */
		cmark_node_get_literal(n);
		cmark_node_get_url(n);
		cmark_node_get_title(n);
		cmark_node_get_fence_info(n);
		cmark_node_get_on_enter(n);
		cmark_node_get_on_exit(n);
	}
	cmark_iter_free(it);
}

void parse_lesson(void *ctx, size_t i)
{
	struct loader *L = ctx;
	struct lesson *l = &L->b->lessons[i];
	struct lesson_priv *lp = l->front;
	if (!lp->fm_ok) {
		/* unreadable: already reported; keep a title for the toc */
		if (!l->title)
			l->title = xstrdup(l->slug);
		return;
	}
	const char *body = lp->text; /* the body only, see read_cand */
	size_t blen = lp->len;

	struct inc_budget budget = {LIMIT_LESSON_BYTES, LIMIT_INCLUDES, 0};
	struct liquid_ctx lc = {lp->fm.yaml.root, L->site, l->path, &lp->lines, lp->fm.body_off,
				L->inc.real ? &L->inc : NULL, L->inc_shown, NULL, &budget};
	char *t1, *t2;
	size_t n1, n2;
	liquid_apply(body, blen, &lc, &t1, &n1, &lp->liquid_map, &lp->diags);
	struct ial_list ials = {NULL, 0, 0};
	ial_strip(t1, n1, l->path, markdown_parse, &t2, &n2, &lp->ial_map, &ials, &lp->diags);
	free(t1);
	linemap_build(&lp->body_lines, t2, n2);
	lp->body_len = n2;
	l->doc = markdown_parse(t2, n2);
	free(t2);
	/* lp->text stays until every lesson is parsed (load.c says why) */
	if (check_depth(l) == 0) {
		ial_attach(l->doc, &ials, give_ial, lp);
		collect_headings(l);
		fix_heading_levels(l);
	}
	ial_list_free(&ials);
	settle_strings(l, lp, l->doc);
	if (!l->title) {
		for (size_t k = 0; k < l->n_headings; k++)
			if (l->headings[k].level == 1) {
				l->title = xstrdup(l->headings[k].title);
				/* at its text, past the "# " */
				cmark_node *h = l->headings[k].node;
				cmark_node *t = cmark_node_first_child(h);
				int line, col;
				lesson_node_pos(l, t ? t : h, &line, &col);
				srcpos_set(&l->title_at, l->path, line, col);
				break;
			}
	}
	if (!l->title && lp->nav_name) {
		l->title = xstrdup(lp->nav_name);
		srcpos_set(&l->title_at, lp->nav_name_at.path, lp->nav_name_at.line,
			   lp->nav_name_at.col);
	}
	if (!l->title)
		l->title = xstrdup(l->slug);
}
