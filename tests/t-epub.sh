#!/bin/sh
# tests/t-epub.sh — the EPUB back end end to end: epubcheck (0 errors, 0
# warnings) on the sample course and on every fixture in
# tests/fixtures/epub/, package documents compared with expected files,
# byte-identical rebuilds, the raw `mimetype` entry, the nav against the
# spine, accessibility metadata, and no Liquid, IAL or script anywhere in
# the XHTML, even from the hostile fixture.
. tests/lib.sh

T=$(tmpdir)
FIX=$TOP/tests/fixtures/epub
JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
SOURCE_DATE_EPOCH=1735689600 # 2025-01-01T00:00:00Z
export SOURCE_DATE_EPOCH

# epubcheck must run; a missing validator is a failure, not a skip. Each
# run takes seconds, so they start in the background and are read at the
# end (epubcheck_start NAME FILE ... epubcheck_result NAME TEST-NAME).
epubcheck_start() {
	if [ -f "$JAR" ] && command -v java >/dev/null 2>&1; then
		# C1 only and the serial collector: a short run starts faster
		java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$2" >"$T/$1.check" 2>&1 &
	fi
}
epubcheck_result() {
	if [ ! -f "$JAR" ] || ! command -v java >/dev/null 2>&1; then
		notok "$2" "epubcheck is not installed ($JAR); run make test-deps"
		return
	fi
	if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$T/$1.check"; then
		ok "$2"
	else
		notok "$2" "$(grep -E '^(FATAL|ERROR|WARNING)|Messages' "$T/$1.check" | head -4 | tr '\n' ' ')"
	fi
}

build() { # NAME COURSE → $T/NAME.epub, unpacked in $T/NAME/
	if "$OCTAVO" build "$2" -o "$T/$1.epub" 2>"$T/$1.err"; then
		ok "epub $1 builds"
	else
		notok "epub $1 builds" "exit $?: $(head -c 300 "$T/$1.err")"
	fi
	mkdir -p "$T/$1" && (cd "$T/$1" && unzip -q -o "../$1.epub") 2>/dev/null
}

# The first local header: "mimetype", stored, no extra field, then the
# 20 bytes of content.
check_mimetype() { # NAME FILE
	f=$2
	sig=$(od -A n -t x1 -N 4 "$f" | tr -d ' \n')
	method=$(od -A n -t x1 -j 8 -N 2 "$f" | tr -d ' \n')
	namelen=$(od -A n -t x1 -j 26 -N 2 "$f" | tr -d ' \n')
	extralen=$(od -A n -t x1 -j 28 -N 2 "$f" | tr -d ' \n')
	text=$(dd if="$f" bs=1 skip=30 count=28 2>/dev/null)
	expect_eq "$1 mimetype entry first, stored, no extra field" \
		"$sig $method $namelen $extralen $text" \
		"504b0304 0000 0800 0000 mimetypeapplication/epub+zip"
}

# Checks on the unpacked XHTML, OPF and nav (Python's XML parser reads
# them, so well-formedness is checked too). Prints ok/not ok lines.
check_package() { # NAME DIR LESSON_COUNT
	if ! command -v python3 >/dev/null 2>&1; then
		notok "$1 package checks" "python3 is not installed; run make test-deps"
		return
	fi
	python3 - "$1" "$2" "$3" <<'EOF'
import os, re, sys
import xml.etree.ElementTree as ET
name, root, want_lessons = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = '{http://www.w3.org/1999/xhtml}'
OPF = '{http://www.idpf.org/2007/opf}'
EPUB = '{http://www.idpf.org/2007/ops}'
def ok(n): print('ok %s %s' % (name, n))
def notok(n, why): print('not ok %s %s: %s' % (name, n, why))
oebps = os.path.join(root, 'OEBPS')
opf = ET.parse(os.path.join(oebps, 'content.opf')).getroot()
items = {i.get('id'): i for i in opf.iter(OPF + 'item')}
spine = [items[r.get('idref')].get('href') for r in opf.iter(OPF + 'itemref')]
chapters = [h for h in spine if h not in ('cover.xhtml', 'title.xhtml', 'nav.xhtml', 'index.xhtml')]
# the index of terms, when the book has one, ends the spine and the nav
back = ['index.xhtml'] if spine and spine[-1] == 'index.xhtml' else []
if len(chapters) == want_lessons:
    ok('one chapter per lesson')
else:
    notok('one chapter per lesson', '%d chapters, %d lessons' % (len(chapters), want_lessons))
nav = ET.parse(os.path.join(oebps, 'nav.xhtml')).getroot()
toc = [n for n in nav.iter(X + 'nav') if n.get(EPUB + 'type') == 'toc'][0]
order = []
for a in toc.iter(X + 'a'):
    f = a.get('href').split('#')[0]
    if not order or order[-1] != f:
        order.append(f)
if order == chapters + back:
    ok('nav lists every lesson in reading order')
else:
    notok('nav lists every lesson in reading order', '%s vs spine %s' % (order, chapters))
marks = [a.get(EPUB + 'type') for n in nav.iter(X + 'nav') if n.get(EPUB + 'type') == 'landmarks'
         for a in n.iter(X + 'a')]
if {'cover', 'toc', 'bodymatter'} <= set(marks):
    ok('landmarks cover, toc, bodymatter')
else:
    notok('landmarks cover, toc, bodymatter', marks)
props = [m.get('property') for m in opf.iter(OPF + 'meta')]
need = ['schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature',
        'schema:accessibilityHazard', 'schema:accessibilitySummary', 'dcterms:modified']
missing = [p for p in need if p not in props]
if not missing:
    ok('accessibility metadata present')
else:
    notok('accessibility metadata present', 'missing %s' % missing)
# Text outside code must hold no Liquid or IAL; nothing may be active.
leftover, active = [], []
def walk(el, in_code):
    tag = el.tag.replace(X, '')
    code = in_code or tag in ('pre', 'code')
    if tag in ('script', 'iframe', 'object', 'embed', 'style', 'form', 'base'):
        active.append(tag)
    for k, v in el.attrib.items():
        if re.match(r'(\{.*\})?on', k, re.I) or 'javascript:' in v.lower().replace(' ', '') \
                or v.lower().startswith('data:'):
            active.append('%s=%s' % (k, v[:40]))
    for t in ((el.text or '') if not code else '',):
        for pat in ('{{', '{%', '{:'):
            if pat in t:
                leftover.append(t.strip()[:60])
    for c in el:
        walk(c, code)
        tail = c.tail or ''
        if not in_code and tag not in ('pre', 'code'):
            for pat in ('{{', '{%', '{:'):
                if pat in tail:
                    leftover.append(tail.strip()[:60])
n = 0
for f in sorted(os.listdir(oebps)):
    if f.endswith('.xhtml'):
        n += 1
        walk(ET.parse(os.path.join(oebps, f)).getroot(), False)
        raw = open(os.path.join(oebps, f), encoding='utf-8').read()
        if re.search(r'<script|\son[a-z]+\s*=', raw, re.I):
            active.append('raw text of ' + f)
if not leftover:
    ok('no Liquid or IAL text left in %d XHTML files' % n)
else:
    notok('no Liquid or IAL text left', leftover[:3])
if not active:
    ok('no script, event handler or javascript: URL')
else:
    notok('no script, event handler or javascript: URL', active[:3])
EOF
}

# --- the sample course -------------------------------------------------
build lessons "$TOP/lessons"
epubcheck_start lessons "$T/lessons.epub"
check_mimetype lessons "$T/lessons.epub"
expect_eq "lessons entry order" "$(unzip -Z1 "$T/lessons.epub" | head -5 | tr '\n' ' ')" \
	"mimetype META-INF/container.xml OEBPS/content.opf OEBPS/toc.ncx OEBPS/nav.xhtml "
check_package lessons "$T/lessons" "$(ls "$TOP"/lessons/*.md | wc -l)"

# two builds, at different times, in another time zone and umask
sleep 1
(umask 077 && TZ=America/Los_Angeles "$OCTAVO" build "$TOP/lessons" -o "$T/again.epub" -q 2>/dev/null)
check "rebuild is byte-identical" cmp "$T/lessons.epub" "$T/again.epub"
# a SOURCE_DATE_EPOCH in the hour a local clock skips (2025-03-30 02:30
# UTC; in central Europe 02:00 became 03:00): the zip entries' times must
# not depend on the machine's zone (libzip goes through local time). The
# zone is a POSIX TZ string, so no tzdata is needed.
SOURCE_DATE_EPOCH=1743301800 "$OCTAVO" build "$TOP/lessons" --format epub -o "$T/gap-utc.epub" -q 2>/dev/null
SOURCE_DATE_EPOCH=1743301800 TZ=CET-1CEST,M3.5.0,M10.5.0/3 "$OCTAVO" build "$TOP/lessons" --format epub \
	-o "$T/gap-cet.epub" -q 2>/dev/null
check "a date in a skipped local hour makes the same EPUB in any zone" cmp "$T/gap-utc.epub" "$T/gap-cet.epub"
expect_eq "a zip entry's time is SOURCE_DATE_EPOCH's, in UTC" \
	"$(unzip -Z -T "$T/gap-cet.epub" mimetype | awk '{print $(NF-1)}')" "20250330.023000"

# --- fixtures ------------------------------------------------------------
build basic "$FIX/basic"
epubcheck_start basic "$T/basic.epub"
check_mimetype basic "$T/basic.epub"
check_package basic "$T/basic" 3
for doc in content.opf nav.xhtml toc.ncx; do
	if diff -u "$FIX/basic.expected/$doc" "$T/basic/OEBPS/$doc" >"$T/$doc.diff" 2>&1; then
		ok "basic $doc matches the expected file"
	else
		notok "basic $doc matches the expected file" "$(head -c 400 "$T/$doc.diff" | tr '\n' ' ')"
	fi
done
for want in 'href="ch02-02_tables.xhtml#column-alignment"' '<figcaption>Figure 1' \
	'<caption>Table 1' 'class="callout callout-tip"' 'epub:type="footnote"' \
	'class="hl-kw"' 'href="https://www.youtube.com/watch?v=aBcD123"' \
	'<kbd>Ctrl</kbd>' '&lt;&lt;angle brackets&gt;&gt;' '<span class="missing-image">' \
	'<th class="right">' 'class="task done"'; do
	if grep -qF "$want" "$T"/basic/OEBPS/ch0*.xhtml; then
		ok "basic XHTML has $want"
	else
		notok "basic XHTML has $want" "not found"
	fi
done
check "basic images packaged" test -f "$T/basic/OEBPS/images/img02-square.png"
check "basic cover image marked" grep -q 'properties="cover-image"' "$T/basic/OEBPS/content.opf"

# dcterms:modified: SOURCE_DATE_EPOCH when set, else the course date;
# the identifier does not depend on either
(unset SOURCE_DATE_EPOCH && "$OCTAVO" build "$FIX/basic" -o "$T/basic-nodate.epub" -q 2>/dev/null)
opf2=$(unzip -p "$T/basic-nodate.epub" OEBPS/content.opf)
expect_eq "modified date from the course without SOURCE_DATE_EPOCH" \
	"$(printf '%s\n' "$opf2" | sed -n 's/.*"dcterms:modified">\([^<]*\)<.*/\1/p')" "2024-05-06T00:00:00Z"
expect_eq "identifier does not depend on the date" \
	"$(printf '%s\n' "$opf2" | grep -o 'urn:uuid:[0-9a-f-]*' | head -1)" \
	"$(grep -o 'urn:uuid:[0-9a-f-]*' "$T/basic/OEBPS/content.opf" | head -1)"
if [ "$(grep -o 'urn:uuid:[0-9a-f-]*' "$T/basic/OEBPS/content.opf" | head -1)" != \
	"$(grep -o 'urn:uuid:[0-9a-f-]*' "$T/lessons/OEBPS/content.opf" | head -1)" ]; then
	ok "different courses get different identifiers"
else
	notok "different courses get different identifiers" "same uuid"
fi

# --lang reaches the OPF as a well-formed BCP 47 tag, or falls back to en
"$OCTAVO" build "$FIX/basic" --lang pt_BR -o "$T/lang.epub" -q 2>/dev/null
expect_eq "--lang pt_BR is written as pt-BR" \
	"$(unzip -p "$T/lang.epub" OEBPS/content.opf | sed -n 's/.*<dc:language>\([^<]*\)<.*/\1/p')" "pt-BR"
"$OCTAVO" build "$FIX/basic" --lang 'en US' -o "$T/lang.epub" 2>"$T/lang.err" >/dev/null
expect_eq "a malformed --lang falls back to en" \
	"$(unzip -p "$T/lang.epub" OEBPS/content.opf | sed -n 's/.*<dc:language>\([^<]*\)<.*/\1/p')" "en"
check "a malformed --lang is warned about" grep -q "not a BCP 47 tag" "$T/lang.err"

build hostile "$FIX/hostile"
epubcheck_start hostile "$T/hostile.epub"
check_package hostile "$T/hostile" 2
svg=$(ls "$T"/hostile/OEBPS/images/*badge.svg 2>/dev/null)
if [ -n "$svg" ] && ! grep -qi 'script\|onload\|onclick\|alert\|foreignObject\|https:' "$svg"; then
	ok "hostile: SVG packaged without script, handlers or external references"
else
	notok "hostile: SVG packaged without script, handlers or external references" \
		"$(grep -io 'script\|on[a-z]*=\|foreignObject\|https:[^\"]*' "$svg" 2>/dev/null | head -3 | tr '\n' ' ')"
fi
if ls "$T"/hostile/OEBPS/images/ | grep -q cut; then
	notok "hostile: truncated PNG left out" "it is in the package"
else
	ok "hostile: truncated PNG left out"
fi
check "hostile: truncated PNG warned about" grep -q "02_links.md:26:22: warning: image assets/cut.png is cut short" "$T/hostile.err"
if grep -qi 'javascript:\|alert(' "$T"/hostile/OEBPS/ch0*.xhtml; then
	notok "hostile: no javascript: or alert( survives" "$(grep -io 'javascript:.\{0,20\}\|alert(.\{0,5\}' "$T"/hostile/OEBPS/ch0*.xhtml | head -3 | tr '\n' ' ')"
else
	ok "hostile: no javascript: or alert( survives"
fi

wait
epubcheck_result lessons "epubcheck lessons/: 0 errors, 0 warnings"
epubcheck_result basic "epubcheck fixture basic: 0 errors, 0 warnings"
epubcheck_result hostile "epubcheck fixture hostile: 0 errors, 0 warnings"
rm -rf "$T"
