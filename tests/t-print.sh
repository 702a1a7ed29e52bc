#!/bin/sh
# tests/t-print.sh — what the printed handbook gives in place of what only
# works on screen: QR codes for videos (and, with `qr_links`, for links),
# the numbered Links list per lesson, and the colophon on the back cover.
#
# The QR codes are checked the way a reader uses them: the pages are
# rendered at 150 dpi and zbarimg (zbar-tools) decodes every code on them;
# the decoded URLs must be exactly the expected ones, each once. Their
# geometry is read from the PDF itself: every code at least 2 cm square
# with a quiet zone of 4 modules. The fixture (tests/fixtures/print/course)
# has every kind of video embed and link; the sample course (lessons/) is
# checked against the videos its sources embed. Then: the Links list has
# the URLs of external links and not the ones inside the book, the last
# page has the description, author, SOURCE_DATE_EPOCH's date and the
# octavo version, qpdf and poppler read it cleanly, epubcheck accepts the
# EPUB, and a rebuild is byte-identical.
. tests/lib.sh
T=$(tmpdir)
FIX="$TOP/tests/fixtures/print"
export SOURCE_DATE_EPOCH=1700000000 # 2023-11-14

for tool in zbarimg pdftoppm qpdf python3; do
	command -v $tool >/dev/null 2>&1 || { notok "print/tools" "$tool is missing (make test-deps)"; exit 0; }
done

build() { # NAME COURSE [args...]
	name=$1 course=$2
	shift 2
	if "$OCTAVO" build "$course" -o "$T/$name.pdf" -o "$T/$name.epub" "$@" >"$T/$name.out" 2>"$T/$name.err" &&
		[ ! -s "$T/$name.err" ]; then
		ok "print/$name/builds"
	else
		notok "print/$name/builds" "$(head -c 300 "$T/$name.err")"
	fi
}

# Every QR code on the pages (all of them, or those listed), one decoded
# text a line, sorted.
decode() { # NAME [PAGE...]
	name=$1
	shift
	rm -rf "$T/$name.png" && mkdir "$T/$name.png"
	if [ $# = 0 ]; then
		pdftoppm -r 150 -png "$T/$name.pdf" "$T/$name.png/p" 2>/dev/null
	fi
	for pg in "$@"; do
		pdftoppm -r 150 -png -f "$pg" -l "$pg" "$T/$name.pdf" "$T/$name.png/p" 2>/dev/null
	done
	for p in "$T/$name.png"/p-*.png; do
		zbarimg --raw -q "$p" 2>/dev/null
	done | sort
}

# The codes' geometry from the page streams: each code is a white square
# (the quiet zone) with the dark module runs inside it; the first run of
# the top row is the 7-module finder pattern, which gives the module.
geometry() { # NAME
	qpdf --qdf --object-streams=disable "$T/$1.pdf" "$T/$1.qdf.pdf" 2>/dev/null
	python3 - "$T/$1.qdf.pdf" "$T/$1.pages" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode("latin-1")
bad, n, pages = [], 0, set()
for page in re.split(r"%% Contents for page ", data)[1:]:
    fill, whites, blacks = None, [], []
    toks = page.split()
    for i, t in enumerate(toks):
        if t == "rg":
            fill = tuple(float(x) for x in toks[i - 3:i])
        elif t == "re":
            x, y, w, h = (float(v) for v in toks[i - 4:i])
            if fill == (1.0, 1.0, 1.0) and abs(w - h) < 0.01 and w > 40:
                whites.append((x, y, w))
            elif fill == (0.0, 0.0, 0.0):
                blacks.append((x, y, w, h))
    for (x, y, s) in whites:
        inside = [b for b in blacks if x <= b[0] and b[0] + b[2] <= x + s + 0.01
                  and y <= b[1] and b[1] <= y + s]
        if not inside:
            continue
        n += 1
        pages.add(int(toks[0]))
        x0 = min(b[0] for b in inside); x1 = max(b[0] + b[2] for b in inside)
        top = max(b[1] + b[3] for b in inside) # PDF y grows upwards
        first = min((b for b in inside if abs(b[1] + b[3] - top) < 0.1), key=lambda b: b[0])
        m = first[2] / 7
        side = x1 - x0
        if side < 56.69 - 0.01:
            bad.append("symbol %.1f pt < 2 cm" % side)
        if x0 - x < 4 * m - 0.01 or x + s - x1 < 4 * m - 0.01:
            bad.append("quiet zone %.2f/%.2f pt < 4 modules of %.2f" % (x0 - x, x + s - x1, m))
open(sys.argv[2], "w").write(" ".join(str(p) for p in sorted(pages)))
print("%d codes%s" % (n, ": " + "; ".join(bad[:3]) if bad else ", all at least 2 cm with a 4-module quiet zone"))
PY
}

# --- the fixture: every kind of embed ---------------------------------
build fixture "$FIX/course"
# every form of video address opens its one watch address (text/video.h)
videos="https://vimeo.com/123456789
https://www.youtube.com/watch?v=AbCdEf12345
https://www.youtube.com/watch?v=ShOrTcLiP01
https://www.youtube.com/watch?v=TaBlEcLiP99
https://www.youtube.com/watch?v=ZyXwVu98765"
expect_eq "print/fixture/qr-decodes-to-videos" "$(decode fixture)" "$videos"
expect_eq "print/fixture/qr-geometry" "$(geometry fixture)" \
	"5 codes, all at least 2 cm with a 4-module quiet zone"

text=$(pdftotext "$T/fixture.pdf" - 2>"$T/fixture.pdftotext.err")
expect_eq "print/fixture/pdftotext-quiet" "$(cat "$T/fixture.pdftotext.err")" ""
for url in https://example.com/one "https://example.org/two?x=1&y=2" https://example.com/notes \
	https://www.youtube.com/about/ https://play.rust-lang.org/; do
	case $text in
	*"— $url"*) ok "print/fixture/endnote $url" ;;
	*) notok "print/fixture/endnote $url" "no Links entry with this URL" ;;
	esac
done
# numbered per lesson, a repeated URL keeps its number, and neither the
# bare address nor the link to another lesson gets a note
links2=$(printf '%s\n' "$text" | sed -n '/^Links on paper$/,$p' | sed -n '/^Links$/,$p' | grep -o '^\[[0-9]*\]' | tr '\n' ' ')
expect_eq "print/fixture/endnotes-numbered-per-lesson" "$links2" "[1] [2] [3] "
case $text in
*"first site[1]"*"second site[2]"*"first site again[1]"*) ok "print/fixture/endnote-marks" ;;
*) notok "print/fixture/endnote-marks" "no [n] marks after the links' words" ;;
esac
case $text in
*"— https://example.net/bare"* | *"01_videos"*) notok "print/fixture/no-note-for-bare-or-internal" "a bare address or a link inside the book got a note" ;;
*) ok "print/fixture/no-note-for-bare-or-internal" ;;
esac

# the back cover: the last page, with no page number
last=$(pdfinfo "$T/fixture.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
back=$(pdftotext -f "$last" -l "$last" "$T/fixture.pdf" - 2>/dev/null | tr -d '\f' | tr -s ' \n' '  ')
version=$("$OCTAVO" --version | awk '{print $2}')
expect_eq "print/fixture/back-cover" "$back" \
	"Printing the Web A small fixture course whose lessons embed videos and link to other sites. Ada Testwell Built on 2023-11-14 Made with octavo $version "
nodate=$(env -u SOURCE_DATE_EPOCH "$OCTAVO" build "$FIX/course" -o "$T/nodate.pdf" 2>&1 &&
	pdftotext -f "$last" -l "$last" "$T/nodate.pdf" - 2>/dev/null | tr -s ' \n' '  ')
case $nodate in
*"Built on"*) notok "print/fixture/no-date-without-epoch" "$nodate" ;;
*"Made with octavo $version"*) ok "print/fixture/no-date-without-epoch" ;;
*) notok "print/fixture/no-date-without-epoch" "$nodate" ;;
esac

check "print/fixture/qpdf" qpdf --check "$T/fixture.pdf"
expect_eq "print/fixture/epubcheck" \
	"$(java -jar /usr/share/java/epubcheck.jar "$T/fixture.epub" 2>&1 | grep -E '^(ERROR|WARNING|FATAL)' | head -3)" ""
"$OCTAVO" build "$FIX/course" -o "$T/again.pdf" -o "$T/again.epub" 2>/dev/null
check "print/fixture/pdf-deterministic" cmp -s "$T/fixture.pdf" "$T/again.pdf"
check "print/fixture/epub-deterministic" cmp -s "$T/fixture.epub" "$T/again.epub"

# --- qr_links: every external link's note gets a code too -------------
build qr-links "$FIX/course" --style "$FIX/qr-links.yml"
expect_eq "print/qr-links/qr-decodes-to-videos-and-links" "$(decode qr-links)" "$(printf '%s\n' \
	"$videos" https://example.com/one https://example.org/two?x=1\&y=2 https://example.com/notes \
	https://www.youtube.com/about/ https://play.rust-lang.org/ https://example.net/bare | sort)"
expect_eq "print/qr-links/qr-geometry" "$(geometry qr-links)" \
	"11 codes, all at least 2 cm with a 4-module quiet zone"
check "print/qr-links/qpdf" qpdf --check "$T/qr-links.pdf"

# --- the sample course: the videos its lessons embed ------------------
if "$OCTAVO" build "$TOP/lessons" -o "$T/lessons.pdf" 2>"$T/lessons.err" && [ ! -s "$T/lessons.err" ]; then
	ok "print/lessons/builds"
else
	notok "print/lessons/builds" "$(head -c 300 "$T/lessons.err")"
fi
want=$( (sed -n 's/.*{% include youtubeplayer.html id="\([^"]*\)" %}.*/https:\/\/www.youtube.com\/watch?v=\1/p' "$TOP"/lessons/*.md
	sed -n 's/.*<iframe src="https:\/\/www.youtube.com\/embed\/\([A-Za-z0-9_-]*\).*/https:\/\/www.youtube.com\/watch?v=\1/p' "$TOP"/lessons/*.md
	grep -o '](https://vimeo.com/[0-9]*)' "$TOP"/lessons/*.md | sed 's/.*](\(.*\))/\1/') | sort)
expect_eq "print/lessons/has-videos" "$(printf '%s\n' "$want" | grep -c .)" "5"
# only the pages that draw codes are rendered: the whole book at 150 dpi
# takes most of a minute on a busy machine
expect_eq "print/lessons/qr-geometry" "$(geometry lessons)" \
	"5 codes, all at least 2 cm with a 4-module quiet zone"
expect_eq "print/lessons/qr-decodes-to-videos" "$(decode lessons $(cat "$T/lessons.pages"))" "$want"
ltext=$(pdftotext "$T/lessons.pdf" - 2>/dev/null)
for url in https://doc.rust-lang.org/book/ https://crates.io/ https://this-week-in-rust.org/; do
	case $ltext in
	*"— $url"*) ok "print/lessons/endnote $url" ;;
	*) notok "print/lessons/endnote $url" "missing from the Links lists" ;;
	esac
done
check "print/lessons/qpdf" qpdf --check "$T/lessons.pdf"
rm -rf "$T"
