#!/bin/sh
# tests/t-svg.sh — SVG images in the EPUB go through an allow-list. Every
# hostile SVG of tests/hostile/svg-*/ (made by its gen.sh or copied from
# its course/) and the harmless drawing tests/fixtures/svg/rich.svg go
# into one book: epubcheck must find 0 errors and 0 warnings, and the
# packaged SVGs must hold no event handler, no <set>/<animate> of a link or
# handler, no @import or url() out of the file, no link out of the file,
# and only <image>s of images in the package, each with a width and
# height. What is harmless stays: the drawing keeps every element and
# attribute, and the hostile files keep their in-file references.
. tests/lib.sh

T=$(tmpdir)
JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
SOURCE_DATE_EPOCH=1735689600
HOSTILE=$TOP/tests/hostile/hostile.py
export SOURCE_DATE_EPOCH HOSTILE

# One lesson per case, showing every image of the case's course, which
# sits in a folder of the same name so the SVGs' relative links hold.
mkdir -p "$T/book" "$T/gen"
n=0
for d in "$TOP"/tests/hostile/svg-*/ "$TOP/tests/fixtures/svg/"; do
	case=$(basename "$d")
	n=$((n + 1))
	w=$T/gen/$case
	mkdir -p "$w"
	if [ -f "$d/gen.sh" ]; then
		(cd "$w" && sh "$d/gen.sh") >"$w.log" 2>&1 || { notok "svg/$case/gen" "$(head -c 200 "$w.log")"; continue; }
	elif [ -d "$d/course" ]; then
		cp -R "$d/course" "$w/course"
	else
		mkdir -p "$w/course" && cp "$d"/*.svg "$w/course/" &&
			python3 "$HOSTILE" png "$w/course/dot.png" 8 8
	fi
	cp -R "$w/course" "$T/book/$case"
	find "$T/book/$case" -name '*.md' -exec rm {} +
	{
		printf -- '---\ntitle: %s\n---\n\n' "$case"
		# the images the case's lessons show (the fixture: all of them)
		if [ -f "$d/gen.sh" ] || [ -d "$d/course" ]; then
			cat "$w"/course/*.md | grep -o '!\[[^]]*\]([^)]*)' | sed "s|](|]($case/|"
		else
			(cd "$T/book" && ls "$case"/*) | sed 's/.*/![&](&)/'
		fi | sed 's/$/\n/'
		printf 'End of %s.\n' "$case"
	} >"$T/book/$(printf %02d "$n")_$case.md"
done

"$OCTAVO" build "$T/book" -o "$T/svg.epub" >"$T/build.out" 2>"$T/build.err"
expect_eq "svg/book-builds" "$?" 0
bad=$(grep -v -E '^[^ ].*: warning: .' "$T/build.err" | head -n 3)
expect_eq "svg/only-warnings" "$bad" ""
if [ -f "$JAR" ] && command -v java >/dev/null 2>&1; then
	java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$T/svg.epub" >"$T/check.out" 2>&1 &
	pid=$!
else
	pid=
fi

python3 - "$T/svg.epub" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
svgs = sorted(n for n in names if n.endswith(".svg"))
def ok(n): print("ok svg/" + n)
def bad(n, why): print("not ok svg/%s: %s" % (n, why))
def local(t): return t.split("}")[-1]
def url_out(v): return any(not m.lstrip(" \t\n'\"").startswith("#") for m in re.findall(r"(?i)url\(([^)]*)", v))
problems, trees = [], {}
for n in svgs:
    data = z.read(n)
    if re.search(rb"<!DOCTYPE|<\?xml-stylesheet|<!ENTITY", data):
        problems.append("%s keeps a DOCTYPE or an instruction" % n)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        problems.append("%s is not well-formed XML (%s)" % (n, e))
        continue
    trees[n] = root
    for el in root.iter():
        tag = local(el.tag)
        if not el.tag.startswith(SVG):
            problems.append("%s: element %s is not SVG" % (n, el.tag))
        if tag in ("script", "foreignObject", "iframe", "object", "embed", "handler", "listener"):
            problems.append("%s: <%s>" % (n, tag))
        for k, v in el.attrib.items():
            lk = local(k)
            if lk.lower().startswith("on"):
                problems.append("%s: event handler %s" % (n, lk))
            if url_out(v) or re.search(r"(?i)javascript:|@import", v):
                problems.append("%s: %s=%r reaches out" % (n, lk, v[:50]))
            if lk == "href" and tag != "image" and not v.startswith("#"):
                problems.append("%s: <%s> links to %r" % (n, tag, v[:50]))
        if tag in ("set", "animate", "animateTransform", "animateMotion", "animateColor"):
            target = (el.get("attributeName") or "").strip().split(":")[-1].lower()
            if target.startswith("href") or target.startswith("on"):
                problems.append("%s: <%s> of %s" % (n, tag, target))
        if tag == "style":
            css = "".join(el.itertext())
            if "\\" in css or re.search(r"(?i)@import", css) or url_out(css):
                problems.append("%s: <style> reaches out: %r" % (n, css[:60]))
        if tag == "image":
            href = el.get(XLINK + "href") or el.get("href") or ""
            target = "OEBPS/images/" + href
            if "/" in href or target not in names or not re.search(r"\.(png|jpe?g|gif)$", href):
                problems.append("%s: <image> of %r, not an image in the package" % (n, href))
            if not el.get("width") or not el.get("height"):
                problems.append("%s: <image> without width and height" % n)
if problems:
    bad("nothing-active-or-outside", "; ".join(problems[:4]))
elif len(svgs) < 8:
    bad("nothing-active-or-outside", "only %d SVGs packaged: %s" % (len(svgs), svgs))
else:
    ok("nothing-active-or-outside (%d SVGs)" % len(svgs))

def one(suffix):
    m = [t for n, t in trees.items() if n.endswith(suffix)]
    return m[0] if len(m) == 1 else None
def sizes(root):
    return sorted((i.get("width") or "", i.get("height") or "") for i in root.iter(SVG + "image"))
r = one("-inside.svg")
got = sizes(r) if r is not None else "not packaged"
if got == [("30", "20"), ("60", "40")] and all(
        "photo.png" in (i.get(XLINK + "href") or "") for i in r.iter(SVG + "image")):
    ok("image-inside-the-book-kept-with-size")
else:
    bad("image-inside-the-book-kept-with-size", "images %s" % (got,))
r = one("-anim.svg")
got = [a.get("attributeName") for a in r.iter() if local(a.tag) in ("set", "animate")] if r is not None else None
if got == ["opacity"]: ok("harmless-animation-kept")
else: bad("harmless-animation-kept", "animations left: %s" % got)
r = one("-styled.svg")
css = ["".join(s.itertext()) for s in r.iter(SVG + "style")] if r is not None else None
strokes = [c.get("stroke") for c in r.iter(SVG + "circle")] if r is not None else None
if css == ["ellipse { fill: url(#g) }"] and strokes == ["url(#g)"]: ok("in-file-style-kept")
else: bad("in-file-style-kept", "styles %s, strokes %s" % (css, strokes))
r = one("-refs.svg")
uses = [u.get(XLINK + "href") for u in r.iter(SVG + "use")] if r is not None else None
if uses == ["#box"]: ok("in-file-use-kept")
else: bad("in-file-use-kept", "uses %s" % uses)

# the harmless drawing: every element and attribute kept, only the
# <image> link renamed to the packaged file
src = ET.parse(sys.argv[1].replace("svg.epub", "book/svg/rich.svg")).getroot()
out = one("-rich.svg")
def shape(root):
    return [(e.tag, sorted((k, v) for k, v in e.attrib.items() if local(k) != "href"))
            for e in root.iter()]
if out is not None and shape(src) == shape(out):
    ok("harmless-drawing-kept-whole")
else:
    bad("harmless-drawing-kept-whole", "packaged %s" % ("no" if out is None else "a changed copy"))
PY

# the warnings: one per SVG that lost something, none for the drawing
w=$(grep -c 'warning: SVG image .*left out of the EPUB' "$T/build.err")
if [ "$w" -ge 7 ] && ! grep -q 'rich.svg' "$T/build.err"; then ok "svg/one-warning-per-cleaned-svg"; else
	notok "svg/one-warning-per-cleaned-svg" "$w warnings; $(grep rich.svg "$T/build.err" | head -c 200)"; fi

if [ -n "$pid" ]; then
	wait "$pid"
	if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$T/check.out"; then
		ok "svg/epubcheck-0-errors-0-warnings"
	else
		notok "svg/epubcheck-0-errors-0-warnings" "$(grep -E 'ERROR|WARNING|FATAL' "$T/check.out" | head -n 3 | tr '\n' ' ' | head -c 400)"
	fi
else
	notok "svg/epubcheck-0-errors-0-warnings" "epubcheck is not installed ($JAR); run make test-deps"
fi
rm -rf "$T"
