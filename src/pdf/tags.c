/* tags.c — the structure tree of a tagged PDF, built once the pages are
 * drawn (tags.h). The walker recorded elements with their parents
 * (layout->tags) and the device recorded, in drawing order, each
 * marked-content sequence and link annotation with its element
 * (dv->marks). An element takes its place under its parent where its
 * first content is drawn, so the tree reads in the order the book is
 * drawn: cover, contents, lessons, index, back cover. Elements that drew
 * nothing are left out. Then the ParentTree maps each page's MCIDs and
 * each annotation back to their elements, and the catalog gets what
 * PDF/UA-1 asks of it: /MarkInfo, /Lang, /ViewerPreferences and the XMP
 * metadata with pdfuaid:part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "pdf/device_impl.h"
#include "pdf/tags.h"

/* A child of an element: an element, a mark, or a mark wrapped in a Link
 * element of its own (an annotation drawn outside any Link). */
enum kid_kind { KID_ELEM, KID_MARK, KID_LINK };

struct kid {
	enum kid_kind kind;
	size_t v;   /* tag id, or index in dv->marks */
	long next;  /* next sibling, -1 none */
};

struct tree {
	struct device *dv;
	const struct layout *L;
	HPDF_MMgr mm;
	struct kid *kids;
	size_t n_kids, cap_kids;
	long *first, *last;   /* per tag (index n_tags: the root) */
	unsigned char *attached;
	int *order;           /* tags in the order they were attached */
	size_t n_order;
	HPDF_Dict *obj;       /* per tag, once made */
	HPDF_Dict *mark_elem; /* per mark: the element that holds it */
	HPDF_Dict root;
};

static void add_kid(struct tree *T, size_t parent, enum kid_kind k, size_t v)
{
	T->kids = xgrow(T->kids, &T->cap_kids, T->n_kids + 1, sizeof *T->kids);
	T->kids[T->n_kids] = (struct kid){k, v, -1};
	if (T->last[parent] >= 0)
		T->kids[T->last[parent]].next = (long)T->n_kids;
	else
		T->first[parent] = (long)T->n_kids;
	T->last[parent] = (long)T->n_kids++;
}

/* Give tag and its ancestors not yet in the tree their places, outermost
 * first, each after the siblings placed before it. */
static void attach(struct tree *T, int tag)
{
	size_t n = 0;
	for (int t = tag; t >= 0 && !T->attached[t]; t = T->L->tags[t].parent)
		n++;
	while (n > 0) {
		int t = tag;
		for (size_t k = 1; k < n; k++)
			t = T->L->tags[t].parent;
		int parent = T->L->tags[t].parent;
		T->attached[t] = 1;
		add_kid(T, parent >= 0 ? (size_t)parent : T->L->n_tags, KID_ELEM, (size_t)t);
		T->order[T->n_order++] = t;
		n--;
	}
}

static void place_marks(struct tree *T)
{
	const struct device *dv = T->dv;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		attach(T, m->tag);
		int link = m->mcid < 0 && T->L->tags[m->tag].type != TAG_LINK;
		add_kid(T, (size_t)m->tag, link ? KID_LINK : KID_MARK, i);
	}
}

static HPDF_Dict new_elem(struct tree *T, const char *type)
{
	HPDF_Dict d = HPDF_Dict_New(T->mm);
	if (!d)
		return NULL;
	HPDF_Xref_Add(T->dv->pdf->xref, d);
	HPDF_Dict_AddName(d, "Type", "StructElem");
	HPDF_Dict_AddName(d, "S", type);
	return d;
}

static HPDF_String utf8_string(struct tree *T, const char *s)
{
	return HPDF_String_New(T->mm, s, HPDF_GetEncoder(T->dv->pdf, "UTF-8"));
}

/* What an element says of itself: a figure's alternate text, a header
 * cell's scope. */
static void elem_attributes(struct tree *T, HPDF_Dict d, int tag)
{
	const struct tag *t = &T->L->tags[tag];
	const char *alt = layout_tag_alt_text(T->L, tag);
	if (alt) {
		char tmp[DEVICE_MAX_TEXT + 1];
		size_t n = strlen(alt);
		if (n > DEVICE_MAX_TEXT) {
			n = DEVICE_MAX_TEXT;
			while (n > 0 && ((unsigned char)alt[n] & 0xC0) == 0x80)
				n--;
			memcpy(tmp, alt, n);
			tmp[n] = '\0';
			alt = tmp;
		}
		HPDF_Dict_Add(d, "Alt", utf8_string(T, alt));
	}
	if (t->type == TAG_TH) {
		HPDF_Dict a = HPDF_Dict_New(T->mm);
		HPDF_Dict_AddName(a, "O", "Table");
		HPDF_Dict_AddName(a, "Scope", t->attr == TAG_SCOPE_ROW ? "Row" : "Column");
		HPDF_Dict_Add(d, "A", a);
	}
}

/* A mark as a kid of element d on page pg (its /Pg; NULL none yet). */
static void add_mark_kid(struct tree *T, HPDF_Array K, const struct mark *m, HPDF_Page pg)
{
	HPDF_Page mp = T->dv->pages[m->page];
	if (m->mcid >= 0 && mp == pg) {
		HPDF_Array_AddNumber(K, m->mcid);
		return;
	}
	HPDF_Dict r = HPDF_Dict_New(T->mm);
	if (m->mcid >= 0) {
		HPDF_Dict_AddName(r, "Type", "MCR");
		HPDF_Dict_Add(r, "Pg", mp);
		HPDF_Dict_AddNumber(r, "MCID", m->mcid);
	} else {
		HPDF_Dict_AddName(r, "Type", "OBJR");
		HPDF_Dict_Add(r, "Pg", mp);
		HPDF_Dict_Add(r, "Obj", m->annot);
	}
	HPDF_Array_Add(K, r);
}

/* Kids from k on, at most max of them, as the /K of container; returns
 * the kid after the last one taken, -1 none. */
static long add_kids(struct tree *T, long k, size_t max, HPDF_Dict container)
{
	HPDF_Array K = HPDF_Array_New(T->mm);
	HPDF_Page pg = NULL;
	for (size_t n = 0; k >= 0 && n < max; k = T->kids[k].next, n++) {
		const struct kid *c = &T->kids[k];
		if (c->kind == KID_ELEM) {
			HPDF_Dict_Add(T->obj[c->v], "P", container);
			HPDF_Array_Add(K, T->obj[c->v]);
			continue;
		}
		const struct mark *m = &T->dv->marks[c->v];
		if (c->kind == KID_LINK) {
			HPDF_Dict l = new_elem(T, "Link");
			HPDF_Dict_Add(l, "P", container);
			HPDF_Array sub = HPDF_Array_New(T->mm);
			add_mark_kid(T, sub, m, NULL);
			HPDF_Dict_Add(l, "K", sub);
			HPDF_Array_Add(K, l);
			T->mark_elem[c->v] = l;
			continue;
		}
		if (!pg && m->mcid >= 0 && container != T->root) {
			pg = T->dv->pages[m->page];
			HPDF_Dict_Add(container, "Pg", pg);
		}
		add_mark_kid(T, K, m, pg);
		T->mark_elem[c->v] = container;
	}
	HPDF_Dict_Add(container, "K", K);
	return k;
}

/* libharu keeps an array under 32,768 items; an element with more kids
 * (a code block of 50,000 lines, each line its own sequence between its
 * background's artifacts) has them in NonStruct groups of this many. */
#define TAGS_MAX_KIDS 8192

/* The /K of the element (or root) at slot, and its kids' /P. */
static void fill_kids(struct tree *T, size_t slot, HPDF_Dict self)
{
	size_t n = 0;
	for (long k = T->first[slot]; k >= 0; k = T->kids[k].next)
		n++;
	if (n <= TAGS_MAX_KIDS) {
		add_kids(T, T->first[slot], n, self);
		return;
	}
	HPDF_Array K = HPDF_Array_New(T->mm);
	for (long k = T->first[slot]; k >= 0;) {
		HPDF_Dict g = new_elem(T, "NonStruct");
		HPDF_Dict_Add(g, "P", self);
		HPDF_Array_Add(K, g);
		k = add_kids(T, k, TAGS_MAX_KIDS, g);
	}
	HPDF_Dict_Add(self, "K", K);
}

static void make_elements(struct tree *T)
{
	for (size_t i = 0; i < T->n_order; i++) {
		int t = T->order[i];
		T->obj[t] = new_elem(T, mark_type_name(T->L->tags[t].type));
		elem_attributes(T, T->obj[t], t);
	}
	for (size_t i = 0; i < T->n_order; i++)
		fill_kids(T, (size_t)T->order[i], T->obj[T->order[i]]);
	fill_kids(T, T->L->n_tags, T->root);
}

/* The ParentTree's leaves hold this many keys each (/Kids and /Limits),
 * so that no array passes libharu's limit however many pages and links
 * a book has. */
#define TAGS_LEAF_KEYS 1024

struct numtree {
	struct tree *T;
	HPDF_Array kids;   /* the root's leaves */
	HPDF_Array nums;   /* the leaf being filled */
	HPDF_Dict leaf;
	size_t n, lo, hi;  /* its keys and their range */
};

static void leaf_close(struct numtree *nt)
{
	if (!nt->leaf)
		return;
	HPDF_Array lim = HPDF_Array_New(nt->T->mm);
	HPDF_Array_AddNumber(lim, (HPDF_INT32)nt->lo);
	HPDF_Array_AddNumber(lim, (HPDF_INT32)nt->hi);
	HPDF_Dict_Add(nt->leaf, "Limits", lim);
	nt->leaf = NULL;
}

/* Keys come in ascending order. */
static void num_add(struct numtree *nt, size_t key, void *value)
{
	if (!nt->leaf || nt->n == TAGS_LEAF_KEYS) {
		leaf_close(nt);
		nt->leaf = HPDF_Dict_New(nt->T->mm);
		HPDF_Xref_Add(nt->T->dv->pdf->xref, nt->leaf);
		nt->nums = HPDF_Array_New(nt->T->mm);
		HPDF_Dict_Add(nt->leaf, "Nums", nt->nums);
		HPDF_Array_Add(nt->kids, nt->leaf);
		nt->n = 0;
		nt->lo = key;
	}
	HPDF_Array_AddNumber(nt->nums, (HPDF_INT32)key);
	HPDF_Array_Add(nt->nums, value);
	nt->hi = key;
	nt->n++;
}

/* Each page's MCIDs (in order: the device numbers them as it draws) and
 * each annotation, keyed by the page's place in drawing order and, after
 * the pages, by the annotation's. */
static void parent_tree(struct tree *T)
{
	struct device *dv = T->dv;
	struct numtree nt = {T, HPDF_Array_New(T->mm), NULL, NULL, 0, 0, 0};
	HPDF_Array row = NULL;
	size_t row_key = 0;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid < 0)
			continue;
		if (!row || m->key != row_key) {
			row = HPDF_Array_New(T->mm);
			row_key = m->key;
			num_add(&nt, row_key, row);
			HPDF_Dict_AddNumber(dv->pages[m->page], "StructParents", (HPDF_INT32)row_key);
		}
		HPDF_Array_Add(row, T->mark_elem[i]);
	}
	size_t key = dv->n_pages;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid >= 0)
			continue;
		HPDF_Dict_AddNumber(m->annot, "StructParent", (HPDF_INT32)key);
		num_add(&nt, key++, T->mark_elem[i]);
	}
	leaf_close(&nt);
	HPDF_Dict tree = HPDF_Dict_New(T->mm);
	HPDF_Xref_Add(dv->pdf->xref, tree);
	HPDF_Dict_Add(tree, "Kids", nt.kids);
	HPDF_Dict_Add(T->root, "ParentTree", tree);
	HPDF_Dict_AddNumber(T->root, "ParentTreeNextKey", (HPDF_INT32)key);
}

/* s with XML's five special characters escaped, into b. */
static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&apos;"); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				buf_putc(b, *s);
		}
	}
}

/* The XMP packet: title, author, language, dates and the PDF/UA claim. */
static void xmp_packet(struct buf *b, const struct tags_info *in)
{
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		    "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		    " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
		    "<dc:format>application/pdf</dc:format>\n"
		    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(b, in->title ? in->title : "");
	buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
	if (in->author) {
		buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, in->author);
		buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
	xml_text(b, in->language);
	buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
	if (in->when >= 0) {
		struct tm tm;
		char d[32];
		gmtime_r(&in->when, &tm);
		strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n",
			   d, d);
	}
	buf_puts(b, "<xmp:CreatorTool>octavo</xmp:CreatorTool>\n"
		    "<pdf:Producer>octavo with libharu</pdf:Producer>\n"
		    "<pdfuaid:part>1</pdfuaid:part>\n"
		    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
		    "<?xpacket end=\"w\"?>\n");
}

/* The metadata stream, left uncompressed so that any tool can read it. */
static void metadata(struct device *dv, const struct tags_info *in)
{
	HPDF_Dict s = HPDF_DictStream_New(dv->pdf->mmgr, dv->pdf->xref);
	if (!s)
		return;
	s->filter = HPDF_STREAM_FILTER_NONE;
	HPDF_Dict_AddName(s, "Type", "Metadata");
	HPDF_Dict_AddName(s, "Subtype", "XML");
	struct buf b = BUF_INIT;
	xmp_packet(&b, in);
	HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)b.ptr, (HPDF_UINT)b.len);
	buf_free(&b);
	HPDF_Dict_Add(dv->pdf->catalog, "Metadata", s);
}

static void catalog(struct device *dv, HPDF_Dict root, const struct tags_info *in)
{
	HPDF_MMgr mm = dv->pdf->mmgr;
	HPDF_Dict cat = dv->pdf->catalog;
	HPDF_Dict mi = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "MarkInfo", mi);
	HPDF_Dict_Add(cat, "StructTreeRoot", root);
	HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, in->language, NULL));
	HPDF_Dict vp = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	metadata(dv, in);
}

void tags_finish(struct device *dv, const struct layout *L, const struct tags_info *in)
{
	if (!dv->tagged)
		return;
	struct tree T;
	memset(&T, 0, sizeof T);
	T.dv = dv;
	T.L = L;
	T.mm = dv->pdf->mmgr;
	T.first = xmalloc((L->n_tags + 1) * sizeof *T.first);
	T.last = xmalloc((L->n_tags + 1) * sizeof *T.last);
	for (size_t i = 0; i <= L->n_tags; i++)
		T.first[i] = T.last[i] = -1;
	T.attached = xcalloc(L->n_tags + 1, 1);
	T.order = xmalloc((L->n_tags + 1) * sizeof *T.order);
	T.obj = xcalloc(L->n_tags + 1, sizeof *T.obj);
	T.mark_elem = xcalloc(dv->n_marks + 1, sizeof *T.mark_elem);
	T.root = HPDF_Dict_New(T.mm);
	HPDF_Xref_Add(dv->pdf->xref, T.root);
	HPDF_Dict_AddName(T.root, "Type", "StructTreeRoot");
	place_marks(&T);
	make_elements(&T);
	parent_tree(&T);
	catalog(dv, T.root, in);
	free(T.kids);
	free(T.first);
	free(T.last);
	free(T.attached);
	free(T.order);
	free(T.obj);
	free(T.mark_elem);
}
