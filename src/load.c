/* load.c — PLACEHOLDER until the loader lands: reports that loading is not
 * implemented. Replaced by the real loader (issue 2). */
#include "book.h"

struct book *book_load(const struct load_options *opt, struct diags *d)
{
	diag_add(d, DIAG_FATAL, opt->course, 0, 0, "loading is not implemented yet");
	return NULL;
}
void book_free(struct book *b) { (void)b; }
const char *lesson_meta(const struct lesson *l, const char *key) { (void)l; (void)key; return NULL; }
const char *book_node_classes(cmark_node *node) { (void)node; return NULL; }
int book_node_has_class(cmark_node *node, const char *cls) { (void)node; (void)cls; return 0; }
const char *book_node_id(cmark_node *node) { (void)node; return NULL; }
enum link_kind book_node_link(const struct book *b, cmark_node *link, size_t *lesson, const char **id)
{ (void)b; (void)link; (void)lesson; (void)id; return LINK_EXTERNAL; }
int book_node_asset(const struct book *b, cmark_node *image) { (void)b; (void)image; return -1; }
char *book_node_text(cmark_node *node) { (void)node; return 0; }
