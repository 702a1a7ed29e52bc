/* toc.c — `octavo toc`: the resolved reading order, as an indented list
 * for people or as JSON for scripts (the shape is fixed in cli.h). */
#include "cli/cli.h"

#include <string.h>

#include "base/buf.h"

/* JSON string with every control character escaped; the text is UTF-8
 * already (the loader refuses anything else), so it is copied as is. */
static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void toc_json(const struct book *b, FILE *out)
{
	fputs("{\"title\":", out);
	json_str(out, b->title);
	fputs(",\"author\":", out);
	json_str(out, b->author);
	fputs(",\"description\":", out);
	json_str(out, b->description);
	fputs(",\"sections\":[", out);
	for (size_t s = 0; s < b->n_sections; s++) {
		const struct section *sec = &b->sections[s];
		fputs(s ? ",\n {\"title\":" : "\n {\"title\":", out);
		json_str(out, sec->title);
		fputs(",\"lessons\":[", out);
		for (size_t i = 0; i < sec->count; i++) {
			const struct lesson *l = &b->lessons[sec->first + i];
			fputs(i ? ",\n  {\"title\":" : "\n  {\"title\":", out);
			json_str(out, l->title);
			fputs(",\"file\":", out);
			json_str(out, l->file);
			fputs(",\"headings\":[", out);
			for (size_t h = 0; h < l->n_headings; h++) {
				const struct heading *hd = &l->headings[h];
				fprintf(out, "%s{\"level\":%d,\"title\":", h ? "," : "", hd->level);
				json_str(out, hd->title);
				fputs(",\"id\":", out);
				json_str(out, hd->id);
				fputc('}', out);
			}
			fputs("]}", out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

static void toc_plain(const struct book *b, FILE *out)
{
	fprintf(out, "%s\n", b->title);
	for (size_t s = 0; s < b->n_sections; s++) {
		const struct section *sec = &b->sections[s];
		fprintf(out, "  %s\n", sec->title);
		for (size_t i = 0; i < sec->count; i++) {
			const struct lesson *l = &b->lessons[sec->first + i];
			fprintf(out, "    %s  (%s)\n", l->title, l->file);
			for (size_t h = 0; h < l->n_headings; h++) {
				const struct heading *hd = &l->headings[h];
				fprintf(out, "      %*s%s  #%s\n", 2 * (hd->level - 1), "", hd->title,
					hd->id);
			}
		}
	}
}

void toc_print(const struct book *b, int json, FILE *out)
{
	if (json)
		toc_json(b, out);
	else
		toc_plain(b, out);
}
