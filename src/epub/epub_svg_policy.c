/* epub_svg_policy.c — what an SVG image may keep in the EPUB: the
 * elements and plain attributes that draw (shapes, text, gradients,
 * filters, timing), and the CSS check for values that could fetch
 * something. Like the raw-HTML allow-list (src/text/html_clean.c), it
 * lists what is known to be harmless; everything else goes. The walk that
 * applies it is epub_svg.c. */
#include "epub/epub_svg_policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

struct svg_element {
	const char *name;
	enum svg_pol pol;
	const char *tag; /* for reports */
};

/* sorted by strcmp, for bsearch */
static const struct svg_element elements[] = {
	{"a", SV_LINK, "<a>"},
	{"animate", SV_ANIM, "<animate>"},
	{"animateColor", SV_ANIM, "<animateColor>"},
	{"animateMotion", SV_ANIM, "<animateMotion>"},
	{"animateTransform", SV_ANIM, "<animateTransform>"},
	{"audio", SV_REMOVE, "<audio>"},
	{"canvas", SV_REMOVE, "<canvas>"},
	{"circle", SV_KEEP, "<circle>"},
	{"clipPath", SV_KEEP, "<clipPath>"},
	{"color-profile", SV_REMOVE, "<color-profile>"},
	{"cursor", SV_REMOVE, "<cursor>"},
	{"defs", SV_KEEP, "<defs>"},
	{"desc", SV_KEEP, "<desc>"},
	{"ellipse", SV_KEEP, "<ellipse>"},
	{"embed", SV_REMOVE, "<embed>"},
	{"feBlend", SV_KEEP, "<feBlend>"},
	{"feColorMatrix", SV_KEEP, "<feColorMatrix>"},
	{"feComponentTransfer", SV_KEEP, "<feComponentTransfer>"},
	{"feComposite", SV_KEEP, "<feComposite>"},
	{"feConvolveMatrix", SV_KEEP, "<feConvolveMatrix>"},
	{"feDiffuseLighting", SV_KEEP, "<feDiffuseLighting>"},
	{"feDisplacementMap", SV_KEEP, "<feDisplacementMap>"},
	{"feDistantLight", SV_KEEP, "<feDistantLight>"},
	{"feFlood", SV_KEEP, "<feFlood>"},
	{"feFuncA", SV_KEEP, "<feFuncA>"},
	{"feFuncB", SV_KEEP, "<feFuncB>"},
	{"feFuncG", SV_KEEP, "<feFuncG>"},
	{"feFuncR", SV_KEEP, "<feFuncR>"},
	{"feGaussianBlur", SV_KEEP, "<feGaussianBlur>"},
	{"feImage", SV_REF, "<feImage>"},
	{"feMerge", SV_KEEP, "<feMerge>"},
	{"feMergeNode", SV_KEEP, "<feMergeNode>"},
	{"feMorphology", SV_KEEP, "<feMorphology>"},
	{"feOffset", SV_KEEP, "<feOffset>"},
	{"fePointLight", SV_KEEP, "<fePointLight>"},
	{"feSpecularLighting", SV_KEEP, "<feSpecularLighting>"},
	{"feSpotLight", SV_KEEP, "<feSpotLight>"},
	{"feTile", SV_KEEP, "<feTile>"},
	{"feTurbulence", SV_KEEP, "<feTurbulence>"},
	{"filter", SV_KEEP, "<filter>"},
	{"font-face-uri", SV_REMOVE, "<font-face-uri>"},
	{"foreignObject", SV_REMOVE, "<foreignObject>"},
	{"g", SV_KEEP, "<g>"},
	{"handler", SV_REMOVE, "<handler>"},
	{"iframe", SV_REMOVE, "<iframe>"},
	{"image", SV_IMAGE, "<image>"},
	{"line", SV_KEEP, "<line>"},
	{"linearGradient", SV_KEEP, "<linearGradient>"},
	{"listener", SV_REMOVE, "<listener>"},
	{"marker", SV_KEEP, "<marker>"},
	{"mask", SV_KEEP, "<mask>"},
	{"mpath", SV_REF, "<mpath>"},
	{"object", SV_REMOVE, "<object>"},
	{"path", SV_KEEP, "<path>"},
	{"pattern", SV_KEEP, "<pattern>"},
	{"polygon", SV_KEEP, "<polygon>"},
	{"polyline", SV_KEEP, "<polyline>"},
	{"radialGradient", SV_KEEP, "<radialGradient>"},
	{"rect", SV_KEEP, "<rect>"},
	{"script", SV_REMOVE, "<script>"},
	{"set", SV_ANIM, "<set>"},
	{"stop", SV_KEEP, "<stop>"},
	{"style", SV_STYLE, "<style>"},
	{"svg", SV_KEEP, "<svg>"},
	{"switch", SV_KEEP, "<switch>"},
	{"symbol", SV_KEEP, "<symbol>"},
	{"text", SV_KEEP, "<text>"},
	{"textPath", SV_REF, "<textPath>"},
	{"title", SV_KEEP, "<title>"},
	{"tref", SV_REMOVE, "<tref>"},
	{"tspan", SV_KEEP, "<tspan>"},
	{"use", SV_REF, "<use>"},
	{"video", SV_REMOVE, "<video>"},
	{"view", SV_KEEP, "<view>"},
};

/* SVG 1.1 attributes that only draw or time a drawing; sorted by strcmp */
static const char *const attrs[] = {
	"accumulate", "additive", "alignment-baseline", "amplitude", "attributeName",
	"attributeType", "azimuth", "baseFrequency", "baseProfile", "baseline-shift",
	"begin", "bias", "by", "calcMode", "class", "clip", "clip-path", "clip-rule",
	"clipPathUnits", "color", "color-interpolation", "color-interpolation-filters",
	"color-rendering", "cx", "cy", "d", "diffuseConstant", "direction", "display",
	"divisor", "dominant-baseline", "dur", "dx", "dy", "edgeMode", "elevation",
	"enable-background", "end", "exponent", "fill", "fill-opacity", "fill-rule",
	"filter", "filterRes", "filterUnits", "flood-color", "flood-opacity", "font",
	"font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
	"font-variant", "font-weight", "from", "fx", "fy",
	"glyph-orientation-horizontal", "glyph-orientation-vertical",
	"gradientTransform", "gradientUnits", "height", "id", "image-rendering", "in",
	"in2", "intercept", "k1", "k2", "k3", "k4", "kernelMatrix", "kernelUnitLength",
	"kerning", "keyPoints", "keySplines", "keyTimes", "lengthAdjust",
	"letter-spacing", "lighting-color", "limitingConeAngle", "marker",
	"marker-end", "marker-mid", "marker-start", "markerHeight", "markerUnits",
	"markerWidth", "mask", "maskContentUnits", "maskUnits", "max", "media",
	"method", "min", "mode", "numOctaves", "offset", "opacity", "operator",
	"order", "orient", "origin", "overflow", "path", "pathLength",
	"patternContentUnits", "patternTransform", "patternUnits", "pointer-events",
	"points", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha",
	"preserveAspectRatio", "primitiveUnits", "r", "radius", "refX", "refY",
	"repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures",
	"restart", "result", "rotate", "rx", "ry", "scale", "seed", "shape-rendering",
	"slope", "spacing", "specularConstant", "specularExponent",
	"spreadMethod", "startOffset", "stdDeviation", "stitchTiles", "stop-color",
	"stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
	"stroke-width", "surfaceScale", "systemLanguage", "tableValues",
	"targetX", "targetY", "text-anchor", "text-decoration", "text-rendering",
	"textLength", "to", "transform", "type", "unicode-bidi", "values",
	"version", "viewBox", "visibility", "width", "word-spacing",
	"writing-mode", "x", "x1", "x2", "xChannelSelector", "y", "y1", "y2",
	"yChannelSelector", "z",
};

static int cmp_element(const void *key, const void *el)
{
	return strcmp((const char *)key, ((const struct svg_element *)el)->name);
}

int svg_element_policy(const char *name, const char **tag)
{
	const struct svg_element *e =
		bsearch(name, elements, ARRAY_LEN(elements), sizeof elements[0], cmp_element);
	*tag = e ? e->tag : "an unknown element";
	return e ? (int)e->pol : -1;
}

static int cmp_attr(const void *key, const void *a)
{
	return strcmp((const char *)key, *(const char *const *)a);
}

int svg_attr_allowed(const char *name)
{
	return bsearch(name, attrs, ARRAY_LEN(attrs), sizeof attrs[0], cmp_attr) != NULL;
}

/* Whether the url( at u (its "url(" already matched) names a #fragment. */
static int url_local(const char *u)
{
	u += 4;
	u += strspn(u, " \t\r\n\f");
	if (*u == '"' || *u == '\'')
		u++;
	return *u == '#';
}

int svg_css_safe(const char *css)
{
	/* CSS functions and rules that fetch; matched anywhere, in any case,
	 * so a name that merely contains one is refused too (it cannot be
	 * a real drawing's need) */
	static const char *const fetch[] = {"@import", "image(", "image-set(", "src(",
					    "cross-fade(", "element(", "expression(",
					    "-moz-binding", "behavior"};
	if (!css)
		return 1;
	if (strchr(css, '\\'))
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(fetch); i++)
		if (strcasestr(css, fetch[i]))
			return 0;
	for (const char *u = strcasestr(css, "url("); u; u = strcasestr(u + 4, "url("))
		if (!url_local(u))
			return 0;
	return 1;
}
