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
#include <pthread.h>
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

/* The tree's objects are not libharu's: a book has a hundred thousand
 * elements, and making each a libharu dictionary, then having libharu
 * write it, was most of what tagging cost. Their numbers are held in its
 * cross-reference table (reserve) and their text is written here, whole
 * (raw_set), for device_save to write out. */
struct tree {
	struct device *dv;
	const struct layout *L;
	struct kid *kids;
	size_t n_kids, cap_kids;
	long *first, *last;   /* per tag (index n_tags: the root) */
	unsigned char *attached;
	int *order;           /* tags in the order they were attached */
	size_t n_order;
	unsigned *id;         /* per tag: its object number, once made */
	unsigned *parent;     /* per tag: its parent's object number */
	unsigned *mark_elem;  /* per mark: the object number of its element */
	unsigned root;        /* the root's object number */
	struct buf b;         /* the object being written */
	/* the objects, numbered from root on in the order below; their
	 * text written on a thread of its own (tree_text) into dv->tree_objs,
	 * by the same index */
	size_t n_wrappers, n_leaves;
	size_t next_wrapper, next_leaf; /* indexes of the next ones written */
	struct wrap { size_t mark; unsigned parent; } *wraps; /* by wrapper index */
	size_t n_keys;                  /* ParentTree keys */
	pthread_t thread;
};

/* Numbering order, and index in dv->tree_objs: the root, the elements in
 * T->order, the Link wrappers, the ParentTree's leaves, its root. */
static size_t elem_index(size_t i) { return 1 + i; }
static size_t wrapper_base(const struct tree *T) { return 1 + T->n_order; }
static size_t leaf_base(const struct tree *T) { return wrapper_base(T) + T->n_wrappers; }
static size_t ptree_index(const struct tree *T) { return leaf_base(T) + T->n_leaves; }

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

static unsigned obj_num(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* The number of the object at index i. */
static unsigned num_at(const struct tree *T, size_t i)
{
	return T->root + (unsigned)i;
}

/* Numbers for the tree's n objects, the next n free ones: entries in
 * libharu's cross-reference table that all point at dv->tree_entry,
 * which device_save takes as "written from dv->tree_text" and
 * device_close takes out again before libharu frees the table. The
 * catalog refers to the root through a stand-in object that has its
 * number but is in no table. */
static int reserve(struct tree *T, size_t n)
{
	struct device *dv = T->dv;
	HPDF_List xl = dv->pdf->xref->entries;
	if (n > HPDF_LIMIT_MAX_XREF_ELEMENT - xl->count)
		return -1;
	dv->tree_root_ref = HPDF_Null_New(dv->pdf->mmgr);
	if (!dv->tree_root_ref)
		return -1;
	/* libharu grows a list a block at a time, copying it whole each
	 * time: the room is made once */
	if (xl->count + n > xl->items_per_block)
		xl->items_per_block = (HPDF_UINT)(xl->count + n);
	T->root = dv->tree_first = xl->count;
	dv->tree_entry = (HPDF_XrefEntry_Rec){HPDF_IN_USE_ENTRY, 0, 0, NULL};
	for (size_t i = 0; i < n; i++)
		if (HPDF_List_Add(xl, &dv->tree_entry) != HPDF_OK) {
			xl->count = dv->tree_first;
			return -1;
		}
	dv->n_tree_objs = n;
	dv->tree_root_ref->header.obj_id = T->root | HPDF_OTYPE_INDIRECT;
	return 0;
}

/* The object at index i is what T->b holds, written as libharu writes a
 * dictionary object. The objects are set in their order, 0 up: the save
 * writes dv->tree_text at once (device.c, write_tree). */
static void raw_set(struct tree *T, size_t i)
{
	struct device *dv = T->dv;
	struct buf *t = &dv->tree_text;
	struct tree_obj *o = &dv->tree_objs[i];
	o->off = t->len;
	buf_put_uint(t, num_at(T, i));
	buf_puts(t, " 0 obj\n<<\n");
	buf_put(t, T->b.ptr, T->b.len);
	buf_puts(t, ">>\nendobj\n");
	buf_clear(&T->b);
}

/* "n 0 R": by hand, since printf's parsing was most of the time of
 * writing a hundred thousand elements. */
static void put_ref(struct buf *b, unsigned obj)
{
	buf_put_uint(b, obj);
	buf_puts(b, " 0 R");
}

static unsigned page_num(const struct tree *T, const struct mark *m)
{
	return obj_num(T->dv->pages[m->page]);
}

/* What an element says of itself: a figure's alternate text, a header
 * cell's scope. */
static void elem_attributes(struct tree *T, int tag)
{
	const struct tag *t = &T->L->tags[tag];
	const char *alt = layout_tag_alt_text(T->L, tag);
	if (alt) {
		buf_puts(&T->b, "/Alt ");
		mark_text_string(&T->b, alt);
	}
	if (t->type == TAG_NOTE) { /* PDF/UA 7.9: every Note has a unique ID */
		buf_puts(&T->b, "/ID(note-");
		buf_put_uint(&T->b, (size_t)tag);
		buf_putc(&T->b, ')');
	}
	if (t->type == TAG_TH)
		buf_printf(&T->b, "/A<</O/Table/Scope/%s>>",
			   t->attr == TAG_SCOPE_ROW ? "Row" : "Column");
}

/* A Link element of its own around an annotation drawn outside one: its
 * number now, its text once the elements before it are written
 * (wrapper_texts), so that the objects' text comes in their order. */
static unsigned link_wrapper(struct tree *T, size_t mark, unsigned parent)
{
	size_t k = T->next_wrapper++;
	T->wraps[k] = (struct wrap){mark, parent};
	return num_at(T, wrapper_base(T) + k);
}

static void wrapper_texts(struct tree *T)
{
	for (size_t k = 0; k < T->next_wrapper; k++) {
		const struct mark *m = &T->dv->marks[T->wraps[k].mark];
		buf_puts(&T->b, "/S/Link/P ");
		put_ref(&T->b, T->wraps[k].parent);
		buf_puts(&T->b, "/K[<</Type/OBJR/Obj ");
		put_ref(&T->b, obj_num(m->annot));
		buf_puts(&T->b, "/Pg ");
		put_ref(&T->b, page_num(T, m));
		buf_puts(&T->b, ">>]");
		raw_set(T, wrapper_base(T) + k);
	}
}

/* The /K of the element (or root) at slot, numbered self: its kids'
 * objects, their parents, and each mark's element. */
static void put_kids(struct tree *T, size_t slot, unsigned self)
{
	unsigned pg = 0;
	for (long k = T->first[slot]; k >= 0 && !pg; k = T->kids[k].next)
		if (T->kids[k].kind == KID_MARK && T->dv->marks[T->kids[k].v].mcid >= 0)
			pg = page_num(T, &T->dv->marks[T->kids[k].v]);
	if (pg) {
		buf_puts(&T->b, "/Pg ");
		put_ref(&T->b, pg);
	}
	buf_puts(&T->b, "/K[");
	for (long k = T->first[slot]; k >= 0; k = T->kids[k].next) {
		const struct kid *c = &T->kids[k];
		const struct mark *m = c->kind == KID_ELEM ? NULL : &T->dv->marks[c->v];
		if (c->kind == KID_ELEM) {
			put_ref(&T->b, T->id[c->v]);
			buf_putc(&T->b, ' ');
			T->parent[c->v] = self;
		} else if (c->kind == KID_LINK) {
			T->mark_elem[c->v] = link_wrapper(T, c->v, self);
			put_ref(&T->b, T->mark_elem[c->v]);
			buf_putc(&T->b, ' ');
		} else if (m->mcid < 0) {
			buf_puts(&T->b, "<</Type/OBJR/Obj ");
			put_ref(&T->b, obj_num(m->annot));
			buf_puts(&T->b, "/Pg ");
			put_ref(&T->b, page_num(T, m));
			buf_puts(&T->b, ">>");
		} else if (page_num(T, m) == pg) {
			buf_put_uint(&T->b, (size_t)m->mcid);
			buf_putc(&T->b, ' ');
		} else {
			buf_puts(&T->b, "<</Type/MCR/Pg ");
			put_ref(&T->b, page_num(T, m));
			buf_puts(&T->b, "/MCID ");
			buf_put_uint(&T->b, (size_t)m->mcid);
			buf_puts(&T->b, ">>");
		}
		if (c->kind == KID_MARK)
			T->mark_elem[c->v] = self;
	}
	buf_putc(&T->b, ']');
}

/* The root's contents, then every element's, parents first (the root's
 * kids learn their parent from it, and so on down): objects 0 to
 * n_order, in their order. */
static void element_texts(struct tree *T)
{
	/* the ParentTree's next key: the pages' keys, then one for each
	 * annotation (struct_parents) */
	size_t next = T->dv->n_pages;
	for (size_t i = 0; i < T->dv->n_marks; i++)
		next += T->dv->marks[i].mcid < 0;
	buf_puts(&T->b, "/Type/StructTreeRoot");
	put_kids(T, T->L->n_tags, T->root);
	buf_printf(&T->b, "/ParentTree %u 0 R/ParentTreeNextKey %zu", num_at(T, ptree_index(T)),
		   next);
	raw_set(T, 0);
	for (size_t i = 0; i < T->n_order; i++) {
		int t = T->order[i];
		buf_puts(&T->b, "/S/"); /* /Type is optional: 16 bytes an element */
		buf_puts(&T->b, mark_type_name(T->L->tags[t].type));
		buf_puts(&T->b, "/P ");
		put_ref(&T->b, T->parent[t]);
		elem_attributes(T, t);
		put_kids(T, (size_t)t, T->id[t]);
		raw_set(T, elem_index(i));
	}
}

/* The ParentTree's leaves hold this many keys each (/Kids and /Limits),
 * so that a viewer looks a key up without reading one huge array. */
#define TAGS_LEAF_KEYS 1024

struct numtree {
	struct tree *T;
	struct buf kids;   /* the root's /Kids */
	struct buf nums;   /* the leaf being filled */
	int open;          /* a leaf is being filled */
	size_t leaf;       /* its index */
	size_t n, lo, hi;  /* its keys and their range */
};

static void leaf_close(struct numtree *nt)
{
	if (!nt->open)
		return;
	struct buf *b = &nt->T->b;
	buf_printf(b, "/Limits[%zu %zu]/Nums[", nt->lo, nt->hi);
	buf_put(b, nt->nums.ptr, nt->nums.len);
	buf_putc(b, ']');
	raw_set(nt->T, nt->leaf);
	buf_clear(&nt->nums);
	nt->open = 0;
}

/* key's entry begins (keys come in ascending order); the caller writes
 * its value into nt->nums. */
static void num_key(struct numtree *nt, size_t key)
{
	if (!nt->open || nt->n == TAGS_LEAF_KEYS) {
		leaf_close(nt);
		nt->open = 1;
		nt->leaf = leaf_base(nt->T) + nt->T->next_leaf++;
		put_ref(&nt->kids, num_at(nt->T, nt->leaf));
		buf_putc(&nt->kids, ' ');
		nt->n = 0;
		nt->lo = key;
	}
	buf_put_uint(&nt->nums, key);
	buf_putc(&nt->nums, ' ');
	nt->hi = key;
	nt->n++;
}

/* Each page's StructParents and each annotation's StructParent: the
 * ParentTree's keys, the pages' by their place in drawing order, then the
 * annotations'. Returns how many there are. */
static size_t struct_parents(struct device *dv)
{
	size_t row_key = 0, n = 0;
	int open = 0;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid < 0 || (open && m->key == row_key))
			continue;
		row_key = m->key;
		open = 1;
		n++;
		HPDF_Dict_AddNumber(dv->pages[m->page], "StructParents", (HPDF_INT32)row_key);
	}
	size_t key = dv->n_pages;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid >= 0)
			continue;
		device_annot_struct_parent(m->annot, (long)key++);
		n++;
	}
	return n;
}

/* The ParentTree: each page's MCIDs (in order: the device numbers them as
 * it draws) and each annotation, keyed as struct_parents keyed them. */
static void parent_tree(struct tree *T)
{
	struct device *dv = T->dv;
	struct numtree nt = {T, BUF_INIT, BUF_INIT, 0, 0, 0, 0, 0};
	size_t row_key = 0;
	int open = 0;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid < 0)
			continue;
		if (!open || m->key != row_key) {
			if (open)
				buf_putc(&nt.nums, ']');
			row_key = m->key;
			num_key(&nt, row_key);
			buf_putc(&nt.nums, '[');
			open = 1;
		}
		put_ref(&nt.nums, T->mark_elem[i]);
		buf_putc(&nt.nums, ' ');
	}
	if (open)
		buf_putc(&nt.nums, ']');
	size_t key = dv->n_pages;
	for (size_t i = 0; i < dv->n_marks; i++) {
		const struct mark *m = &dv->marks[i];
		if (m->mcid >= 0)
			continue;
		num_key(&nt, key++);
		put_ref(&nt.nums, T->mark_elem[i]);
		buf_putc(&nt.nums, ' ');
	}
	leaf_close(&nt);
	buf_puts(&T->b, "/Kids[");
	buf_put(&T->b, nt.kids.ptr, nt.kids.len);
	buf_putc(&T->b, ']');
	raw_set(T, ptree_index(T));
	buf_free(&nt.kids);
	buf_free(&nt.nums);
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

static void catalog(struct device *dv, void *root, const struct tags_info *in)
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

static void tree_free(struct tree *T)
{
	free(T->kids);
	free(T->first);
	free(T->last);
	free(T->attached);
	free(T->order);
	free(T->id);
	free(T->parent);
	free(T->mark_elem);
	free(T->wraps);
	buf_free(&T->b);
	free(T);
}

/* The text of every object of the tree, in their order, on a thread of
 * its own while the file is written up to the tree's objects
 * (device_save waits for it there). */
static void *tree_text(void *arg)
{
	struct tree *T = arg;
	/* most of a big book's file: room made once, not by doubling */
	buf_space(&T->dv->tree_text, (ptree_index(T) + 1) * 160);
	element_texts(T);
	wrapper_texts(T);
	parent_tree(T);
	return NULL;
}

/* How many Link wrappers put_kids will write: a kid of the root's or of
 * an element's that is an annotation outside any Link. */
static size_t count_wrappers(const struct tree *T)
{
	size_t n = 0;
	for (size_t i = 0; i <= T->n_order; i++) {
		size_t slot = i == 0 ? T->L->n_tags : (size_t)T->order[i - 1];
		for (long k = T->first[slot]; k >= 0; k = T->kids[k].next)
			n += T->kids[k].kind == KID_LINK;
	}
	return n;
}

void tags_wait(struct device *dv)
{
	if (dv->tree_job && !dv->tree_joined) {
		struct tree *T = dv->tree_job;
		if (dv->tree_threaded)
			pthread_join(T->thread, NULL);
		else
			tree_text(T);
		dv->tree_joined = 1;
		tree_free(T);
		dv->tree_job = NULL;
	}
}

void tags_finish(struct device *dv, const struct layout *L, const struct tags_info *in)
{
	if (!dv->tagged)
		return;
	struct tree *T = xcalloc(1, sizeof *T);
	T->dv = dv;
	T->L = L;
	size_t n = L->n_tags + 1;
	T->first = xmalloc(n * sizeof *T->first);
	T->last = xmalloc(n * sizeof *T->last);
	for (size_t i = 0; i < n; i++)
		T->first[i] = T->last[i] = -1;
	T->attached = xcalloc(n, 1);
	T->order = xmalloc(n * sizeof *T->order);
	T->id = xcalloc(n, sizeof *T->id);
	T->parent = xcalloc(n, sizeof *T->parent);
	T->mark_elem = xcalloc(dv->n_marks + 1, sizeof *T->mark_elem);
	place_marks(T);
	T->n_wrappers = count_wrappers(T);
	T->wraps = xcalloc(T->n_wrappers + 1, sizeof *T->wraps);
	T->n_keys = struct_parents(dv);
	T->n_leaves = (T->n_keys + TAGS_LEAF_KEYS - 1) / TAGS_LEAF_KEYS;
	size_t n_objs = ptree_index(T) + 1;
	dv->tree_objs = xcalloc(n_objs, sizeof *dv->tree_objs);
	if (reserve(T, n_objs)) { /* no file is written */
		if (!dv->error)
			dv->error = HPDF_XREF_COUNT_ERR;
		tree_free(T);
		return;
	}
	for (size_t i = 0; i < T->n_order; i++)
		T->id[T->order[i]] = num_at(T, elem_index(i));
	catalog(dv, dv->tree_root_ref, in);
	dv->tree_job = T;
	dv->tree_joined = 0;
	dv->tree_threaded = thread_start(&T->thread, tree_text, T) == 0;
}
