#!/bin/sh
# tests/t-cjk.sh — Chinese, Japanese and emoji from installed fonts.
#
# The fixture lesson (tests/fixtures/cjk/course) mixes Chinese, Japanese
# and emoji, none of which the bundled fonts have. With the system's
# fontconfig setup and the Debian fonts the Makefile's test-deps install
# (fonts-noto-cjk, fonts-symbola), the PDF must embed a subset of Noto Sans
# CJK (CFF, as CID Type 0C) and of Symbola (TrueType), give the same
# characters back through pdftotext, pass qpdf --check, read in poppler
# without a word on stderr, print no warning, follow the book language
# (Japanese or Chinese shapes) and be byte-identical from run to run. With
# fontconfig finding nothing (tests/run.sh points every other test at an
# empty setup) the boxes and warnings stay as they were.
. tests/lib.sh
T=$(tmpdir)
FIX="$TOP/tests/fixtures/cjk"
NOFONTS="$FIX/no-fonts.conf"
export SOURCE_DATE_EPOCH=1735689600

# the system's fontconfig setup, not run.sh's empty one
sysfc() { env -u FONTCONFIG_FILE "$@"; }

if ! sysfc fc-list 2>/dev/null | grep -q 'Noto Sans CJK' || ! sysfc fc-list 2>/dev/null | grep -q Symbola; then
	notok "cjk/fonts-installed" "fonts-noto-cjk and fonts-symbola are needed (make test-deps)"
	exit 0
fi
ok "cjk/fonts-installed"

if sysfc "$OCTAVO" build "$FIX/course" -o "$T/cjk.pdf" -v >"$T/cjk.out" 2>"$T/cjk.err"; then
	ok "cjk/builds"
else
	notok "cjk/builds" "$(head -c 300 "$T/cjk.err")"
fi
f="$T/cjk.pdf"

# no warning: every character has a font now
w=$(grep -c 'warning' "$T/cjk.err")
expect_eq "cjk/no-warning" "$w" "0"
check "cjk/verbose-names-cjk-font" grep -q 'system font for U+591A: .*NotoSansCJK' "$T/cjk.err"
check "cjk/verbose-names-emoji-font" grep -q 'system font for U+1F40D: .*Symbola' "$T/cjk.err"

# the fonts: a CFF subset of Noto Sans CJK, a TrueType subset of Symbola
pdffonts "$f" >"$T/fonts.txt" 2>"$T/fonts.err"
check "cjk/noto-cff-subset" grep -qE '^[A-Z]{6}\+NotoSansCJK[a-z]*-Regular +CID Type 0C +Identity-H +yes +yes +yes' "$T/fonts.txt"
check "cjk/symbola-subset" grep -qE '^[A-Z]{6}\+Symbola +CID TrueType +Identity-H +yes +yes +yes' "$T/fonts.txt"
expect_eq "cjk/pdffonts-quiet" "$(cat "$T/fonts.err")" ""

# a subset, not the 15 MB font: the whole book stays small
size=$(wc -c <"$f")
if [ "$size" -lt 200000 ]; then ok "cjk/small"; else notok "cjk/small" "$size bytes"; fi

# the text comes back
pdftotext "$f" "$T/cjk.txt" 2>"$T/text.err"
expect_eq "cjk/pdftotext-quiet" "$(cat "$T/text.err")" ""
for s in '我们今天学习编程。这本书用中文写成。' \
	'今日はプログラムを書きます。ひらがなとカタカナ、そして漢字。' \
	'A snake 🐍, a rocket 🚀 and a smile 😀 in one line.' \
	'多语言 Many scripts 🐍'; do
	if grep -qF "$s" "$T/cjk.txt"; then ok "cjk/text/$s"; else
		notok "cjk/text/$s" "not in pdftotext's output"; fi
done
check "cjk/no-box" sh -c "! grep -q '□' '$T/cjk.txt'"

# code: a wide character takes two columns, so the columns after it stay
# in line: in `# 注释 comment` the word starts at column 7, and in
# `print("日本語")  # ok` the `ok` at column 19 (columns from `print`)
pdftotext -bbox "$f" - 2>/dev/null | sed -n 's/.*xMin="\([0-9.]*\)".*xMax="\([0-9.]*\)".*>\(.*\)<\/word>/\3 \1 \2/p' >"$T/words.txt"
cols=$(awk '$1 == "注释" { cx = $3 } $1 == "comment" { c = $2 } $1 ~ /^print/ { p = $2 } $1 == "ok" { o = $2 }
	END { if (p && c > cx) printf "%.2f %.2f", (c - p) / ((c - p) / 7), (o - p) / ((c - p) / 7) }' "$T/words.txt")
expect_eq "cjk/code/wide-columns" "$cols" "7.00 19.00"
check "cjk/code/text" grep -qF 'print("日本語' "$T/cjk.txt"

if qpdf --check "$f" >"$T/qpdf.out" 2>&1; then ok "cjk/qpdf-check"; else
	notok "cjk/qpdf-check" "$(tail -n 3 "$T/qpdf.out" | tr '\n' ' ')"; fi
pdftoppm -r 40 -png -f 3 -l 3 "$f" "$T/page" 2>"$T/ppm.err"
expect_eq "cjk/pdftoppm-quiet" "$(cat "$T/ppm.err")" ""
check "cjk/page-rendered" test -s "$T/page-3.png"

# the same book gives the same bytes
sysfc "$OCTAVO" build "$FIX/course" -o "$T/cjk2.pdf" 2>/dev/null
check "cjk/byte-identical" cmp -s "$f" "$T/cjk2.pdf"

# the book language picks the Chinese or the Japanese face of the font
sysfc "$OCTAVO" build "$FIX/course" -o "$T/ja.pdf" --lang ja 2>/dev/null
sysfc "$OCTAVO" build "$FIX/course" -o "$T/zh.pdf" --lang zh-CN 2>/dev/null
check "cjk/lang-ja" sh -c "pdffonts '$T/ja.pdf' | grep -q 'NotoSansCJKjp'"
# and the kind of font the text is set in: bold sans headings, serif body
# text, monospaced code
pdffonts "$T/ja.pdf" >"$T/ja.fonts" 2>&1
for face in NotoSansCJKjp-Bold NotoSerifCJKjp-Regular NotoSansMonoCJKjp-Regular; do
	check "cjk/lang-ja/$face" grep -qE "^[A-Z]{6}\+$face +CID Type 0C" "$T/ja.fonts"
done
check "cjk/lang-zh" sh -c "pdffonts '$T/zh.pdf' | grep -q 'NotoSansCJKsc'"

# a character no installed font has keeps its box and warning
mkdir -p "$T/none"
printf -- '---\ntitle: None\n---\n\nPrivate \363\260\200\200 use.\n' >"$T/none/01_a.md"
sysfc "$OCTAVO" build "$T/none" -o "$T/none.pdf" 2>"$T/none.err"
check "cjk/uncovered-still-warned" grep -q '01_a.md:5:9: warning: character U+F0000 has no glyph in any font' "$T/none.err"

# a colour emoji font (bitmaps, no outlines) is passed over: with it
# alone, the snake stays a box
cat >"$T/emoji-only.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/noto</dir><cachedir>$T/fccache</cachedir></fontconfig>
EOF
if [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
	FONTCONFIG_FILE="$T/emoji-only.conf" "$OCTAVO" build "$FIX/course" -o "$T/colour.pdf" 2>"$T/colour.err"
	check "cjk/colour-emoji-passed-over" grep -q '01_mixed.md:18:9: warning: character U+1F40D has no glyph' "$T/colour.err"
	check "cjk/colour-emoji-not-embedded" sh -c "! pdffonts '$T/colour.pdf' | grep -qi emoji"
else
	notok "cjk/colour-emoji-passed-over" "fonts-noto-color-emoji is needed (make test-deps)"
fi

# fontconfig finding nothing: today's boxes and warnings
FONTCONFIG_FILE="$NOFONTS" "$OCTAVO" build "$FIX/course" -o "$T/nofc.pdf" 2>"$T/nofc.err"
check "cjk/nofc/warns-chinese" grep -q '01_mixed.md:10:1: warning: character U+6211 has no glyph in any font; the PDF shows a box instead' "$T/nofc.err"
check "cjk/nofc/warns-emoji" grep -q '01_mixed.md:18:9: warning: character U+1F40D has no glyph' "$T/nofc.err"
check "cjk/nofc/boxes" sh -c "pdftotext '$T/nofc.pdf' - 2>/dev/null | grep -q 'A snake □, a rocket □'"
check "cjk/nofc/no-system-font" sh -c "! pdffonts '$T/nofc.pdf' | grep -qE 'Noto|Symbola'"
if qpdf --check "$T/nofc.pdf" >/dev/null 2>&1; then ok "cjk/nofc/qpdf-check"; else notok "cjk/nofc/qpdf-check" "damaged"; fi

# a book without such characters never starts fontconfig: a setup file
# that does not exist would make fontconfig complain on stderr
FONTCONFIG_FILE="$T/missing.conf" "$OCTAVO" build "$TOP/lessons" -o "$T/lessons.pdf" 2>"$T/lessons.err"
expect_eq "cjk/no-fontconfig-without-need" "$(cat "$T/lessons.err")" ""
