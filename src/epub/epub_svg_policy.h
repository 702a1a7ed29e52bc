/* epub_svg_policy.h — private to the SVG cleaner (epub_svg.c): the
 * allow-list of SVG elements and attributes, and the checks for values
 * that could reach outside the book (url(), @import). The walk that
 * applies them is in epub_svg.c; nothing else includes this header. */
#ifndef OCTAVO_EPUB_SVG_POLICY_H
#define OCTAVO_EPUB_SVG_POLICY_H

enum svg_pol {
	SV_KEEP,   /* kept, attributes through the allow-list */
	SV_LINK,   /* <a>: kept as <g>, the drawing without the link */
	SV_IMAGE,  /* kept when it shows an image the book holds */
	SV_REF,    /* use, textPath, mpath, feImage: only with a #reference
		      into the same file */
	SV_ANIM,   /* animate, set…: kept unless it targets a link or an event
		      handler, or its values reach outside the file */
	SV_STYLE,  /* <style>: kept when its CSS stays inside the file */
	SV_REMOVE  /* script and embedding: removed with content, reported */
};

/* The policy for an SVG element name (case matters, as in XML), or -1
 * for an element the list does not know: removed with its content,
 * without a report (editor metadata, SVG fonts, newer elements). *tag
 * gets the name as "<script>", a static string, for reports. */
int svg_element_policy(const char *name, const char **tag);

/* Whether an attribute without a namespace may stay (geometry,
 * presentation, animation timing). href, style and on* are decided by the
 * caller, never here. */
int svg_attr_allowed(const char *name);

/* Whether CSS (a <style> sheet, a style attribute, an animated value)
 * stays inside the file: no @import, every url() a #fragment, none of the
 * other functions that fetch, and no backslash escape that could spell
 * one of these. */
int svg_css_safe(const char *css);

/* Whether a link value is a #fragment of the same file. */
static inline int svg_ref_local(const char *v)
{
	return v && v[0] == '#';
}

#endif
