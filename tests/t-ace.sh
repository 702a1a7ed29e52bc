#!/bin/sh
# t-ace.sh — the EPUB against Ace by DAISY, the EPUB accessibility checker
# (README, "Accessibility").
#
# Three books: the sample course, tests/fixtures/epub/a11y (footnotes, a
# table with an empty header cell, callouts, code, images with alt text in
# Markdown and raw HTML, a lesson that jumps from the title to ###, one
# from ## to ####, and a raw <h1>) and tests/fixtures/epub/a11y-noalt
# (images without alt text). Each must get 0 violations from Ace; the
# first two claim EPUB Accessibility 1.1 conformance, the third must not
# and must say why. The heading levels the EPUB shows are checked without
# Ace too, so a skip is caught even where Ace would accept it.
#
# Ace needs Chromium. Where it is missing, the Ace runs are skipped with
# one line on stderr and no ok line (make test-deps installs Chromium, and
# Ace into build/ace); the other checks still run.
. tests/lib.sh
ACE=${ACE:-$TOP/build/ace/node_modules/.bin/ace-cli}
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	echo "t-ace: Ace by DAISY skipped: Chromium is not installed (make test-deps installs it)" >&2
elif [ ! -x "$ACE" ]; then
	notok ace-installed "no $ACE: run make test-deps"
fi
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600

# ace BOOK NAME: run Ace on BOOK; "ok NAME-ace" when it reports 0
# violations, else the violations, one per rule and file.
ace() {
	[ -n "$chromium" ] && [ -x "$ACE" ] || return 0
	# under ASan (make asan) the EPUBs are the same bytes make test has
	# checked; the sanitizer's job is the build, which still runs
	grep -q __asan_init "$OCTAVO" 2>/dev/null && return 0
	# Ace drives a headless Chromium, which now and then fails to start
	# on a loaded machine (no report at all: twice in this project, once
	# in a clean-clone CI run):
	# a second try is taken for that only, never for violations
	try=0
	while ! PUPPETEER_EXECUTABLE_PATH=$chromium "$ACE" -s -f -o "$T/$2" "$1" >"$T/$2.log" 2>&1 ||
	      [ ! -f "$T/$2/report.json" ]; do
		try=$((try + 1))
		if [ $try -ge 2 ]; then
			notok "$2-ace" "ace-cli failed twice: $(tail -n 3 "$T/$2.log" | tr '\n' ' ')"
			return
		fi
		rm -rf "${T:?}/$2"
	done
	v=$(python3 - "$T/$2/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for doc in r.get("assertions", []):
    for a in doc.get("assertions", []):
        t = a["earl:test"]
        print(doc["earl:testSubject"]["url"], t["dct:title"], t["earl:impact"])
PY
)
	if [ -z "$v" ]; then ok "$2-ace"
	else notok "$2-ace" "$(printf '%s\n' "$v" | wc -l) violations: $(printf %s "$v" | head -n 5 | tr '\n' ';')"; fi
}

# epubcheck BOOK NAME
epubcheck() {
	out=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1)
	if printf %s "$out" | grep -q 'No errors or warnings detected'; then ok "$2-epubcheck"
	else notok "$2-epubcheck" "$(printf %s "$out" | grep -E 'ERROR|WARNING' | head -n 3 | tr '\n' ' ')"; fi
}

# claims BOOK: the number of conformance claims in the OPF
claims() {
	unzip -p "$1" OEBPS/content.opf | grep -c '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>'
}

# levels BOOK: every chapter's heading levels, in order ("1 2 3 2")
levels() {
	for f in $(unzip -Z1 "$1" 'OEBPS/ch*.xhtml'); do
		printf '%s:' "${f#OEBPS/}"
		unzip -p "$1" "$f" | grep -o '<h[1-6][ >]' | tr -dc '1-6\n' | tr '\n' ' '
		echo
	done
}

# the sample course
(cd "$TOP" && "$OCTAVO" build lessons -o "$T/lessons.epub") 2>"$T/lessons.err"
expect_eq lessons-a11y-quiet "$(cat "$T/lessons.err")" ""
epubcheck "$T/lessons.epub" lessons
expect_eq lessons-a11y-claim "$(claims "$T/lessons.epub")" 1
ace "$T/lessons.epub" lessons

# footnotes, tables, callouts, code, images with alt text, heading jumps
F=tests/fixtures/epub/a11y
(cd "$TOP" && "$OCTAVO" build $F -o "$T/a11y.epub") 2>"$T/a11y.err"
expect_eq a11y-heading-warnings "$(cat "$T/a11y.err")" \
"$F/01_dials.md:8:1: warning: heading jumps from the lesson title (level 1) to level 3; the book shows it at level 2
$F/02_scales.md:8:1: warning: heading jumps from level 2 to level 4; the book shows it at level 3
$F/01_dials.md:30:1: warning: raw HTML <h1> is written as <h2> so that heading levels do not skip"
expect_eq a11y-levels "$(levels "$T/a11y.epub")" \
"ch01-01_dials.xhtml:1 2 2 
ch02-02_scales.xhtml:1 2 3 "
expect_eq a11y-text-kept "$(unzip -p "$T/a11y.epub" OEBPS/ch01-01_dials.xhtml | grep -o '<h2 id="needle-positions">Needle positions</h2>')" \
	'<h2 id="needle-positions">Needle positions</h2>'
expect_eq a11y-toc-level "$(cd "$TOP" && "$OCTAVO" toc --json $F 2>/dev/null | grep -o '"level":[0-9],"title":"[A-Za-z ]*"' | tr '\n' ' ')" \
	'"level":2,"title":"Needle positions" "level":2,"title":"Linear and log" "level":3,"title":"Spacing" '
epubcheck "$T/a11y.epub" a11y
expect_eq a11y-claim "$(claims "$T/a11y.epub")" 1
ace "$T/a11y.epub" a11y

# images without alt text: no claim, and a warning at each
F=tests/fixtures/epub/a11y-noalt
(cd "$TOP" && "$OCTAVO" build $F -o "$T/noalt.epub") 2>"$T/noalt.err"
expect_eq noalt-warnings "$(cat "$T/noalt.err")" \
"$F/01_bare.md:6:1: warning: image assets/dial.png has no alt text; the EPUB makes no accessibility conformance claim
$F/01_bare.md:8:1: warning: raw HTML <img> has no alt text; the EPUB makes no accessibility conformance claim"
expect_eq noalt-no-claim "$(claims "$T/noalt.epub")" 0
expect_eq noalt-no-alternativeText "$(unzip -p "$T/noalt.epub" OEBPS/content.opf | grep -c 'alternativeText')" 0
(cd "$TOP" && "$OCTAVO" build --strict $F -o "$T/noalt-strict.epub") 2>/dev/null
expect_eq noalt-strict-fails "$?" 1
epubcheck "$T/noalt.epub" noalt
ace "$T/noalt.epub" noalt
rm -rf "$T"
