/* course.h — src/course/: the loader, a course folder in, a book out.
 *
 * This folder reads a course folder (or one lesson file) into the book
 * model of src/book/: lesson files and their YAML front matter, course.yml
 * and _config.yml, Liquid tags, kramdown attribute lists, the navigation
 * that sets the reading order, heading slugs, links and image assets, and
 * the path checks that keep every read inside the course folder. It may
 * use src/base/, src/text/, src/image/ and src/book/, and never a later
 * stage (typeset, pdf, epub) or the CLI: the CLI reaches it only through
 * book_load() in book/book.h.
 *
 * The rest of this header is private to src/course/: the loader's shared
 * context (struct loader and what hangs on each lesson and node) and the
 * functions the load files (load.c, files.c, order.c, chain.c, parse.c,
 * links.c, assets.c, meta.c, query.c, pool.c) call in one another. The
 * order of the whole load is in load.c. */
#ifndef OCTAVO_COURSE_COURSE_H
#define OCTAVO_COURSE_COURSE_H

#include <pthread.h>
#include <stddef.h>

#include <cmark-gfm.h>

#include "base/diag.h"
#include "base/strmap.h"
#include "base/util.h"
#include "book/book.h"
#include "course/frontmatter.h"
#include "course/nav.h"
#include "course/path.h"
#include "course/srcmap.h"
#include "course/yamlx.h"

/* ---- per-node data, hung on cmark nodes through user_data ------------ */

struct node_info {
	struct node_info *next; /* every info of a lesson, for freeing */
	char *classes;          /* IAL classes, space separated */
	char *ial_id;           /* IAL #id (headings use it as their id) */
	const char *id;         /* heading id (owned by struct heading, or
				   by own_id for a heading not in the list) */
	char *own_id;
	int has_link;
	enum link_kind link;
	size_t link_lesson;
	const char *link_id;    /* owned by the target lesson's heading */
	int asset;              /* index into book->assets, or -1 */
	int level;              /* heading level the book shows (levels.c);
				   0 until set */
};

/* What the loader keeps about a lesson beyond struct lesson. */
struct lesson_priv {
	char *text;             /* normalised file text; once the front matter
				   is read, only the body (from fm.body_off) */
	size_t len;
	struct linemap lines;   /* of text */
	struct frontmatter fm;
	int fm_ok;              /* text and front matter read without error */
	struct srcmap liquid_map, ial_map;
	struct linemap body_lines; /* of the text given to cmark */
	size_t body_len;
	struct node_info *infos;
	cmark_node **refs;      /* its links and images in document order,
				   for step 4 (links.c); freed there */
	size_t n_refs, cap_refs;
	struct strmap ids;      /* heading id → index into headings */
	struct diags diags;     /* this lesson's diagnostics */
	char *nav_name;         /* its title in the navigation, if any */
	struct srcpos nav_name_at;
	long nav_group;         /* index into loader.groups, or -1 */
	int nav_line, nav_col;  /* where its `navigation:` is */
};

/* The node's info, made on first use. Called for every heading, link,
 * image and IAL target, so it is inline here rather than a call. */
static inline struct node_info *info_of(struct lesson_priv *lp, cmark_node *n)
{
	struct node_info *in = cmark_node_get_user_data(n);
	if (in)
		return in;
	in = xcalloc(1, sizeof *in);
	in->asset = -1;
	in->next = lp->infos;
	lp->infos = in;
	cmark_node_set_user_data(n, in);
	return in;
}

/* ---- the loader's context ---------------------------------------------- */

/* A file that may be a lesson. */
struct cand {
	char *file;   /* course-relative */
	char *path;   /* for diagnostics */
	char *abs;    /* real path (inside the course) */
	struct lesson_priv *lp;
	int in_book;
};

struct loader {
	const struct load_options *opt;
	struct course_root root;
	int single;             /* COURSE named one file */
	struct diags course_d;  /* course-level diagnostics */
	struct diags order_d;   /* ordering diagnostics */
	struct cand *cand;
	size_t n_cand, cap_cand;
	struct strmap cand_by_file; /* file → index */
	struct ydoc course_yml, config_yml;
	struct course_root inc; /* the includes folder; inc.real NULL: none */
	char *inc_shown;        /* its name in diagnostics */
	char *course_yml_path;
	char *config_yml_path;
	const struct ynode *course; /* the course.yml map */
	const struct ynode *site;   /* the _config.yml map */
	struct book *b;
	struct strmap lesson_by_key; /* "dir/slug" → lesson index */
	struct strmap asset_by_key;
	struct strmap asset_by_ref; /* folder NUL reference → asset index */
	char **asset_why;       /* per asset: its problem, or NULL */
	size_t *asset_owner;    /* per asset: last file warned about it */
	size_t cap_why;
	int order_failed;       /* an ordering error was reported */
	/* front-matter navigations, one per distinct tree: 1,000 lessons
	 * that each carry the same 1,000-entry tree keep it once */
	pthread_mutex_t nav_lock;
	struct nav_group *groups;
	size_t n_groups, cap_groups;
	struct strmap group_by_key;
};

struct nav_group {
	char *key;       /* everything in the tree, for grouping */
	char *skey;      /* sections and files only, to compare with course.yml */
	struct nav *nav; /* the tree of the first lesson (file order) holding it */
	size_t rep;      /* that lesson's candidate index */
	size_t count;    /* lessons holding it */
};

/* The reading order being decided: candidate indexes, in order. The
 * sections are recorded in the book alongside (order_add_section). */
struct order {
	size_t *cand;
	size_t n, cap;
};

/* ---- pool.c: the thread pool ------------------------------------------- */


/* ---- files.c: finding and reading lesson files ---------------------------- */

/* dir/file, or file alone when dir is "", "." or NULL (malloc'd). */
char *course_join_path(const char *dir, const char *file);

/* Open opt->course: a folder (its lesson files become candidates, in
 * natural order) or one lesson file (L->single). 0, or -1 after a
 * diagnostic in *d. */
int open_course(struct loader *L, struct diags *d);

/* Add candidate `file` (course-relative); `path` is its name for
 * diagnostics (NULL: root folder + file). Returns its index. */
size_t add_cand(struct loader *L, const char *file, const char *path);

/* Read candidate i's file and front matter into its lesson_priv, with
 * problems in that lesson's diagnostics; ctx is the struct loader. Safe
 * to run for different candidates on different threads. */
void read_cand(void *ctx, size_t i);

/* ---- meta.c: course.yml, _config.yml and metadata ----------------------- */

/* Read and parse the course folder's YAML file `name` into *doc; *path_out
 * gets its path for diagnostics (malloc'd) once the file exists. 0; 1 when
 * there is no such file; -1 after a diagnostic in *d. */
int read_yaml_file(struct loader *L, const char *name, struct ydoc *doc, char **path_out,
		   struct diags *d);

/* course.yml → L->course and its navigation *nv. 0; 1 when there is no
 * course.yml; -1 after diagnostics in *d. */
int load_course_yml(struct loader *L, struct nav *nv, struct diags *d);

/* Point *p at path:line:col (path copied; NULL for a made-up title). */
void srcpos_set(struct srcpos *p, const char *path, int line, int col);

/* Fill *l (zeroed first) from candidate c, which hands its lesson_priv
 * over to l->front, and from its front matter's metadata. */
void fill_lesson(struct loader *L, struct lesson *l, struct cand *c, size_t section);

/* The book's title, author, description, date, language, subjects and
 * slug, from navigation nv (NULL when none), course.yml, _config.yml and
 * the lessons; a bad language tag is warned about. */
void set_book_meta(struct loader *L, const struct nav *nv);

/* ---- incdir.c: the includes folder ------------------------------------ */

/* Decide the folder `{% include %}` reads (L->inc, L->inc_shown; none is
 * fine) from --includes, `includes:` in course.yml or _config.yml, or the
 * Jekyll site around the course; record it and how it was found in the
 * book. 0, or -1 after an error in *d (fatal for a bad --includes). Call
 * after course.yml and _config.yml are read. */
int find_includes(struct loader *L, struct diags *d);

/* ---- order.c and chain.c: the reading order ------------------------------- */

/* File candidate i's front-matter navigation `navn` with the lessons that
 * hold the same one (lp->nav_group). Thread-safe: see order.c. */
void register_nav(struct loader *L, size_t i, const struct ynode *navn);

/* Decide the reading order of the candidates read so far into *o, with
 * the book's sections: course_nav (course.yml's navigation, or NULL), else
 * the front matter's, else the previous/next chain. *used is the front
 * matter navigation chosen, or NULL. Returns 0, or -1 when ordering failed
 * (diagnostics are in L->order_d). */
int order_lessons(struct loader *L, const struct nav *course_nav, struct order *o,
		  const struct nav **used);

/* Start a section of the book titled `title` (copied; "" for NULL),
 * written at path:line:col. */
void order_add_section(struct book *b, const char *title, const char *path, int line, int col);

/* Append candidate ci to the order and to the current section; e is its
 * navigation entry in nv (both NULL when there is none). */
void order_push(struct loader *L, struct order *o, size_t ci, const struct nav *nv,
		const struct nav_entry *e);

/* No navigation tree: order by previous/next, else by file name, in one
 * section titled `title` (_config.yml's, or NULL). 0, or -1 on a cycle. */
int order_by_chain(struct loader *L, struct order *o, const struct ynode *title);

/* ---- parse.c: Liquid, IAL and Markdown, per lesson -------------------------- */

/* Parse lesson i of L->b (ctx is the struct loader): Liquid, IAL, cmark,
 * depth check, headings and the title. Lessons may run in parallel. */
void parse_lesson(void *ctx, size_t i);
/* Before anything in the process parses Markdown with cmark-gfm's
 * extensions (lessons on threads, a test's own parser): the table of the
 * characters the extensions handle, set once; without it ~~ and bare
 * links stay plain text (parse.c says why). */
void parse_init(void);

/* ---- links.c and assets.c: what links and images point at ------------------ */

/* Scheme of a URL, lower-cased, into out (cap bytes); "" when none. */
void url_scheme(const char *url, char *out, size_t cap);

/* A lesson's course-relative folder: "" at the root. *owned is what the
 * caller frees (may be NULL). */
const char *lesson_dir(const struct lesson *l, char **owned);

/* Key of a lesson in lesson_by_key: course-relative path, no extension
 * (malloc'd). */
char *lesson_key(const char *file);

/* Resolve every link and image of lesson li (serially: assets are shared). */
void resolve_lesson(struct loader *L, size_t li);

/* Image node n of lesson li → its asset, warned about at n. */
void resolve_image(struct loader *L, size_t li, cmark_node *n);

/* The book's cover and each lesson's `cover:` → assets, warned about at
 * their YAML values. */
void set_covers(struct loader *L);

/* ---- levels.c ------------------------------------------------------------ */

/* Give every heading of l (but callout titles) a level that is at most one
 * below the heading before it, warning where the lesson skips a level, and
 * set l->headings[].level to it. Call after the headings are collected. */
void fix_heading_levels(struct lesson *l);

/* ---- query.c: the book model's private parts, positions -------------------- */

/* Free a lesson_priv and all it holds (NULL is fine). */
void lesson_priv_free(struct lesson_priv *lp);

/* A diagnostic in lesson l's own list at node n, placed at n's line and
 * column in the lesson file. */
void node_diag(struct lesson *l, cmark_node *n, enum diag_sev sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
