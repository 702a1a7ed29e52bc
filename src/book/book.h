/* book.h — src/book/: the book model, the one thing both halves share.
 *
 * The loader (src/course/) builds a struct book; the back ends (src/pdf/,
 * src/epub/) and `octavo toc` only read it. This folder holds the model
 * (this header; book.c has the queries that need no loader state) and the
 * back-end interface (backend.h); it uses only
 * src/base/, and every folder above the loader may include it, which is
 * how a back end learns about a course without including the loader.
 *
 * The book model: a course loaded, ordered, parsed and resolved,
 * ready for the back ends.
 *
 * book_load() is the whole front half of the pipeline (load → validate →
 * order → parse → resolve). What it returns is read-only for the back ends:
 * they walk each lesson's cmark-gfm tree and ask this module about nodes
 * (IAL classes, heading ids, link targets, image assets). A back end never
 * reads a file or YAML: every asset's bytes are already in `struct asset`.
 *
 * Everything in a struct book is owned by it and freed by book_free(). */
#ifndef OCTAVO_BOOK_H
#define OCTAVO_BOOK_H

#include <stddef.h>
#include <time.h>

#include <cmark-gfm.h>

#include "base/diag.h"

struct load_options {
	const char *course; /* folder or single lesson file; NULL = "lessons" */
	const char *lang;   /* --lang, or NULL: front matter `lang`, else "en" */
	int strict;         /* --strict: warnings make the load fail */
	int jobs;           /* threads for load/parse; 0 = number of cores */
	const char *includes; /* --includes: Jekyll's _includes folder, or NULL
				 (course.yml/_config.yml `includes:`, else the
				 Jekyll site's _includes found walking up) */
};

enum asset_status {
	ASSET_OK,          /* data/len hold the file */
	ASSET_MISSING,     /* no such file in the course folder */
	ASSET_UNSUPPORTED, /* not PNG/JPEG/GIF/SVG (e.g. .webp); data NULL */
	ASSET_OUTSIDE,     /* path leaves the course folder; never read */
	ASSET_CORRUPT,     /* header unreadable or too many pixels */
	ASSET_REMOTE       /* http(s) URL; never fetched */
};

struct asset {
	char *src;              /* path relative to the course root, "assets/x.png";
				   for REMOTE the URL */
	const char *media_type; /* "image/png", "image/jpeg", "image/gif",
				   "image/svg+xml"; NULL unless ASSET_OK */
	unsigned char *data;    /* file bytes, NULL unless ASSET_OK */
	size_t len;             /* bytes */
	int width_px;           /* from the image header; 0 when unknown */
	int height_px;
	enum asset_status status;
};

/* Where a title was written, for a back end's warning about it (a
 * character no font has): path:line:col. path is NULL when the title was
 * made up (a file name, "Untitled course"); col 0 when unknown. */
struct srcpos {
	char *path;
	int line, col;
};

struct heading {
	int level;       /* 1–6, as shown: book_node_heading_level() */
	char *title;     /* plain text of the heading */
	char *id;        /* unique within the lesson, GitHub-style slug */
	cmark_node *node;
};

struct lesson {
	char *file;        /* relative to the course root: "08_concurrency.md" */
	char *path;        /* for diagnostics, as the user named it:
			      "lessons/08_concurrency.md" */
	char *slug;        /* file name without extension: "08_concurrency" */
	char *title;       /* front matter title, else first h1, else slug */
	struct srcpos title_at;
	char *description; /* may be NULL */
	char *author;      /* may be NULL */
	struct srcpos description_at, author_at; /* their front-matter values */
	char *date;        /* "YYYY-MM-DD" or NULL */
	int cover;         /* index into book->assets, or -1 */
	size_t section;    /* index into book->sections */
	int body_line;     /* line of the file where the Markdown body starts */
	cmark_node *doc;   /* CMARK_NODE_DOCUMENT; Liquid and IAL already applied */
	struct heading *headings; /* in document order; the lesson's outline.
				     Headings inside block quotes (callout
				     titles, "> ## Note") are left out, but
				     still have ids (book_node_id) */
	size_t n_headings;
	/* the nodes the index reads (book/terms.c), in document order: each
	 * heading as it opens and as it closes, each strong and each code
	 * span; noted while the lesson is parsed, so that the index need
	 * not walk the whole tree again */
	struct index_node *index_nodes;
	size_t n_index_nodes;
	void *front;       /* front matter, private to the loader; use
			      lesson_meta() */
};

struct index_node {
	cmark_node *node;
	int exit;          /* a heading closing */
};

struct section {
	char *title;
	struct srcpos title_at;
	size_t first; /* lessons[first .. first + count) */
	size_t count;
};

struct book {
	char *root;        /* course folder as given ("lessons") */
	char *title;       /* course title */
	struct srcpos title_at;
	char *author;      /* may be NULL */
	char *description; /* may be NULL */
	struct srcpos author_at, description_at; /* where they were written */
	char *date;        /* "YYYY-MM-DD": date_published, else newest lesson
			      date; may be NULL */
	char *language;    /* well-formed BCP 47 ("en-US"); "en" by default */
	char **subjects;   /* course.yml `groups` */
	size_t n_subjects;
	int cover;         /* index into assets, or -1 */
	struct section *sections;
	size_t n_sections;
	struct lesson *lessons; /* in reading order */
	size_t n_lessons;
	struct asset *assets;   /* every image the book refers to, once each */
	size_t n_assets;
	char *slug;        /* file-name-safe course name: "introduction-to-rust" */
	char *includes;     /* the includes folder used, as diagnostics name it;
			       NULL when there is none */
	char *includes_how; /* how it was found (or why there is none), for -v */
	size_t text_bytes;  /* the lessons' Markdown bodies, in bytes: how big
			       the book is, for choosing how many threads */
};

/* Load COURSE. Diagnostics go to *d. Returns NULL when the course cannot be
 * built (any DIAG_ERROR or DIAG_FATAL, or warnings under strict); the
 * caller then exits with diag_exit_status(). */
struct book *book_load(const struct load_options *opt, struct diags *d);
void book_free(struct book *b);

/* Front matter scalar `key` of a lesson as a string, or NULL. */
const char *lesson_meta(const struct lesson *l, const char *key);

/* Where `node` (in l->doc) starts in the lesson's file: 1-based line and
 * byte column, front matter counted and Liquid/IAL rewrites undone, for
 * diagnostics as `l->path:line:col`. *col is 0 when unknown. */
void lesson_node_pos(const struct lesson *l, cmark_node *node, int *line, int *col);
/* The same for the byte `off` bytes into a text node's literal (exact
 * when the text holds no backslash escapes or entities). Text that came
 * from a `{% include %}` is placed at the include tag. */
void lesson_text_pos(const struct lesson *l, cmark_node *node, size_t off, int *line, int *col);

/* --- questions the back ends ask about nodes ------------------------- */

/* IAL classes attached to the node, space separated ("cover", "caption",
 * "bg-blue"), or NULL. Applies to paragraphs, headings, images, links,
 * tables, lists, block quotes and code blocks. */
const char *book_node_classes(cmark_node *node);
int book_node_has_class(cmark_node *node, const char *cls);

/* id of a heading node (unique in its lesson), or NULL. */
const char *book_node_id(cmark_node *node);

/* The level (1–6) a heading node is shown at: as written, except that a
 * heading never skips a level below the one before it (the loader warned
 * where the lesson does). Both back ends take it from here so the PDF and
 * the EPUB agree; struct heading.level holds the same. 0 for a node that
 * is not a heading. */
int book_node_heading_level(cmark_node *node);

enum link_kind {
	LINK_EXTERNAL, /* http:, https:, mailto: — use the URL as written */
	LINK_INTERNAL, /* another (or this) lesson, optionally a fragment */
	LINK_BROKEN,   /* looked internal but has no target (warned) */
	LINK_UNSAFE    /* javascript:, data: and the like: never emit */
};

/* Resolve a CMARK_NODE_LINK. For LINK_INTERNAL, *lesson is the index into
 * book->lessons and *id the heading id, or NULL for the lesson's top. */
enum link_kind book_node_link(const struct book *b, cmark_node *link,
			      size_t *lesson, const char **id);

/* The asset of a CMARK_NODE_IMAGE: index into book->assets, or -1. */
int book_node_asset(const struct book *b, cmark_node *image);
/* Where asset `a` is first used in reading order, as `path:line:col` parts
 * for a back end's warning about the image. Returns 0 and sets *path to
 * the lesson's path when some lesson shows it; -1 when none does (a
 * cover used only on the cover page). */
int book_asset_pos(const struct book *b, int a, const char **path, int *line, int *col);

/* Text of a node and its descendants, concatenated (malloc'd). */
char *book_node_text(cmark_node *node);

/* The date the book carries: `source_date` (SOURCE_DATE_EPOCH) when it is
 * >= 0, else book->date at 00:00 UTC, else -1. Never the clock. Both back
 * ends date their output with it, so the PDF and the EPUB agree. */
time_t book_time(const struct book *b, time_t source_date);

#endif
