#!/bin/sh
# t-parallel.sh — a build that writes both formats writes them on two
# threads. The files must be the bytes a one-format build writes, the
# diagnostics must come out in target order however the threads ran, and
# a failure in either back end must still replace nothing.
. tests/lib.sh
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600

# A small course that warns in both back ends: characters no font has
# (PDF) and raw HTML the EPUB leaves out, plus one loader warning.
mkdir -p "$T/c"
printf -- '---\ntitle: Stars\n---\n\nA star \360\237\214\237 here.\n\n<script>alert(1)</script>\n\nSee [nowhere](missing.md).\n' >"$T/c/01_a.md"
printf -- '---\ntitle: More\n---\n\nA comet \342\230\204 and a moon \360\237\214\231.\n\n<iframe src="x"></iframe>\n' >"$T/c/02_b.md"

# Both formats at once give the same bytes as each format alone, and as
# the sequential pass (-j1).
for course in lessons "$T/c"; do
	n=$(basename "$course")
	"$OCTAVO" build "$course" -q -o "$T/$n-both.pdf" -o "$T/$n-both.epub"
	"$OCTAVO" build "$course" -q -o "$T/$n-one.pdf"
	"$OCTAVO" build "$course" -q -o "$T/$n-one.epub"
	"$OCTAVO" build "$course" -q -j1 -o "$T/$n-seq.epub" -o "$T/$n-seq.pdf"
	check "parallel: $n PDF equals the PDF-only build" cmp "$T/$n-both.pdf" "$T/$n-one.pdf"
	check "parallel: $n EPUB equals the EPUB-only build" cmp "$T/$n-both.epub" "$T/$n-one.epub"
	check "parallel: $n PDF equals the -j1 build" cmp "$T/$n-both.pdf" "$T/$n-seq.pdf"
	check "parallel: $n EPUB equals the -j1 build" cmp "$T/$n-both.epub" "$T/$n-seq.epub"
done

# Diagnostics: the loader's, then each target's in the order of -o, the
# same on every run. Build the expected text from one-format runs.
"$OCTAVO" check "$T/c" 2>"$T/load.err"
"$OCTAVO" build "$T/c" -o "$T/p.pdf" 2>"$T/pdf.err"
"$OCTAVO" build "$T/c" -o "$T/e.epub" 2>"$T/epub.err"
nl=$(wc -l <"$T/load.err")
check "parallel: the fixture warns while loading" test "$nl" -gt 0
check "parallel: the fixture warns in the PDF back end" test "$(wc -l <"$T/pdf.err")" -gt "$nl"
check "parallel: the fixture warns in the EPUB back end" test "$(wc -l <"$T/epub.err")" -gt "$nl"
{ cat "$T/load.err"; tail -n +$((nl + 1)) "$T/pdf.err"; tail -n +$((nl + 1)) "$T/epub.err"; } >"$T/pe.want"
{ cat "$T/load.err"; tail -n +$((nl + 1)) "$T/epub.err"; tail -n +$((nl + 1)) "$T/pdf.err"; } >"$T/ep.want"
same_pe=0 same_ep=0
for i in 1 2 3 4 5; do
	"$OCTAVO" build "$T/c" -o "$T/x.pdf" -o "$T/x.epub" 2>"$T/pe.$i"
	"$OCTAVO" build "$T/c" -o "$T/x.epub" -o "$T/x.pdf" 2>"$T/ep.$i"
	cmp -s "$T/pe.$i" "$T/pe.want" && same_pe=$((same_pe + 1))
	cmp -s "$T/ep.$i" "$T/ep.want" && same_ep=$((same_ep + 1))
done
expect_eq "parallel: -o PDF -o EPUB prints PDF then EPUB warnings, 5 runs of 5" "$same_pe" 5
expect_eq "parallel: -o EPUB -o PDF prints EPUB then PDF warnings, 5 runs of 5" "$same_ep" 5

# A PDF that fails (bad theme) beside a good EPUB: nothing replaced, no
# temporary file left, and the EPUB's warnings are not printed (the
# sequential pass stops at the PDF and never reaches them).
printf 'page:\n  size: [10, 10, 10]\n' >"$T/bad.yml"
printf 'old pdf\n' >"$T/f.pdf"; printf 'old epub\n' >"$T/f.epub"
"$OCTAVO" build "$T/c" -o "$T/f.pdf" -o "$T/f.epub" --style "$T/bad.yml" >/dev/null 2>"$T/f.err"; rc=$?
"$OCTAVO" build "$T/c" -j1 -o "$T/f.pdf" -o "$T/f.epub" --style "$T/bad.yml" >/dev/null 2>"$T/f1.err"; rc1=$?
check "parallel: a failing PDF fails the build" test "$rc" -ne 0
expect_eq "parallel: a failing PDF exits as the sequential pass does" "$rc" "$rc1"
expect_eq "parallel: a failing PDF keeps the old PDF" "$(cat "$T/f.pdf")" "old pdf"
expect_eq "parallel: a failing PDF keeps the old EPUB" "$(cat "$T/f.epub")" "old epub"
expect_eq "parallel: a failing PDF leaves no temporary file" "$(ls "$T" | grep -c tmp-)" 0
check "parallel: a failing PDF prints what -j1 prints" cmp "$T/f.err" "$T/f1.err"
check "parallel: a failing PDF hides the EPUB's warnings" sh -c "! grep -q 'left out of the EPUB' '$T/f.err'"

# A theme naming a font that is not there: reported as -j1 reports it.
printf 'fonts:\n  body: NoSuchFont\n' >"$T/nofont.yml"
"$OCTAVO" build "$T/c" -o "$T/n.pdf" --style "$T/nofont.yml" >/dev/null 2>"$T/n.err"; rc=$?
"$OCTAVO" build "$T/c" -j1 -o "$T/n.pdf" --style "$T/nofont.yml" >/dev/null 2>"$T/n1.err"; rc1=$?
check "parallel: a missing theme font fails the build" test "$rc" -ne 0
expect_eq "parallel: a missing theme font exits as with -j1" "$rc" "$rc1"
check "parallel: a missing theme font is reported as with -j1" cmp "$T/n.err" "$T/n1.err"
check "parallel: a missing theme font writes no PDF" test ! -e "$T/n.pdf"
# Two PDFs and no EPUB in one run: written one after the other, the same
# bytes.
"$OCTAVO" build lessons -q -o "$T/twice1.pdf" -o "$T/twice2.pdf"
check "parallel: two PDFs of one run are the same bytes" cmp "$T/twice1.pdf" "$T/twice2.pdf"
check "parallel: two PDFs equal the PDF-only build" cmp "$T/twice1.pdf" "$T/lessons-one.pdf"

# An EPUB that fails (its stylesheet missing from the data folder) beside
# a good PDF: nothing replaced either.
mkdir -p "$T/data/styles"
ln -s "$TOP/fonts" "$T/data/fonts"
cp "$TOP/styles/default.yml" "$T/data/styles/"
OCTAVO_DATA_DIR=$T/data "$OCTAVO" build "$T/c" -o "$T/f.pdf" -o "$T/f.epub" >/dev/null 2>"$T/g.err"; rc=$?
OCTAVO_DATA_DIR=$T/data "$OCTAVO" build "$T/c" -j1 -o "$T/f.pdf" -o "$T/f.epub" >/dev/null 2>"$T/g1.err"
expect_eq "parallel: a failing EPUB exits 2" "$rc" 2
expect_eq "parallel: a failing EPUB keeps the old PDF" "$(cat "$T/f.pdf")" "old pdf"
expect_eq "parallel: a failing EPUB keeps the old EPUB" "$(cat "$T/f.epub")" "old epub"
expect_eq "parallel: a failing EPUB leaves no temporary file" "$(ls "$T" | grep -c tmp-)" 0
check "parallel: a failing EPUB prints what -j1 prints" cmp "$T/g.err" "$T/g1.err"

# --strict and warnings that only the back ends find: exit 1, nothing
# written, whichever thread warned. (This course loads cleanly.)
mkdir -p "$T/s"
printf -- '---\ntitle: Stars\n---\n\nA star \360\237\214\237 here.\n\n<script>alert(1)</script>\n' >"$T/s/01_a.md"
"$OCTAVO" check "$T/s" --strict >/dev/null 2>&1; rc=$?
expect_eq "parallel: the --strict course loads without a warning" "$rc" 0
"$OCTAVO" build "$T/s" --strict -o "$T/s.pdf" -o "$T/s.epub" >/dev/null 2>&1; rc=$?
expect_eq "parallel: --strict with back-end warnings exits 1" "$rc" 1
check "parallel: --strict with back-end warnings writes no PDF" test ! -e "$T/s.pdf"
check "parallel: --strict with back-end warnings writes no EPUB" test ! -e "$T/s.epub"

# The PDF's lessons laid out on several threads (-j N) and joined in
# order: the bytes and the warnings -j 1 gives. The course has what ties
# a lesson to the ones before it: links between lessons, to headings of
# later ones too; footnotes (one rule for the book) and endnotes; index
# terms; code and callout boxes; a section title every lesson of the
# section shows, with a character no font has (warned once per book),
# such characters in lesson titles and text; titles too long (cut once);
# words too long to break (warned once per place); a lesson with no body
# before one whose title is a word wider than the column. U+F0001 is in no font and never
# asked of fontconfig.
P=$T/par
mkdir -p "$P"
python3 - "$P" <<'PY'
import sys
d = sys.argv[1]
pua = "\U000F0001"
long_title = "A Title " + "very " * 50 + "long"
huge = "x" * 1200
yml = ["- name: Joined In Order", "  author: Test", "  content:"]
names = []
for s in range(3):
    sec = "Part %d %s" % (s + 1, pua) if s != 1 else "Part " + "long " * 45 + "section"
    yml += ["  - section:", "      name: " + sec, "      content:"]
    for k in range(4):
        i = s * 4 + k
        n = "%02d_l%d" % (i + 1, i)
        names.append(n)
        yml.append("      - %s.md" % n)
open(d + "/course.yml", "w").write("\n".join(yml) + "\n")
for i, n in enumerate(names):
    title = ["Lesson %d %s" % (i, pua), long_title, "Supercalifragilisticexpialidociousness " * 2,
             "Plain %d" % i][i % 4]
    if i == 8:
        # a word wider than the column, after an empty lesson that ends a
        # run of lessons laid out together: it is cut at the column, not
        # at a width some lesson before left
        title = "W" * 24 # no longer than a word that may break anyway
    body = []
    if i != 7:
        body.append("## Heading %d {#h%d}\n" % (i, i))
        body.append("Text about **term %d** and **shared term** with `code_%d`, see "
                    "[the next](%s.html#h%d) and [the first](%s.html)." %
                    (i % 3, i, names[(i + 1) % len(names)], (i + 1) % len(names), names[0]))
        body.append("A note[^a] and another[^b], an [external link](https://example.com/%d)." % i)
        body.append("Missing %s glyph in lesson %d." % (pua, i))
        if i % 5 == 2:
            body.append("Huge " + huge + " word.")
        body.append("```python\nprint(%d)\n```" % i)
        body.append("> **Note**\n> A callout in lesson %d." % i)
        body.append("| a | b |\n|---|---|\n| %d | **cell term** |" % i)
        body.append("Filler. " * (40 * (i % 3 + 1)))
        body.append("[^a]: Footnote a of lesson %d." % i)
        body.append("[^b]: Footnote b with **term %d**." % (i % 3))
    open("%s/%s.md" % (d, n), "w").write("---\ntitle: %s\n---\n\n%s\n" % (title, "\n\n".join(body)))
PY
"$OCTAVO" build "$P" -j1 -o "$T/par1.pdf" >/dev/null 2>"$T/par1.err"; rc1=$?
check "parallel layout: the course warns in the PDF back end" grep -q 'U+F0001' "$T/par1.err"
expect_eq "parallel layout: one warning for the shared section title" \
	"$(grep -c 'course.yml.*U+F0001' "$T/par1.err")" 2
for j in 2 3 7; do
	"$OCTAVO" build "$P" -j$j -o "$T/par$j.pdf" >/dev/null 2>"$T/par$j.err"; rc=$?
	expect_eq "parallel layout: -j$j exits as -j1" "$rc" "$rc1"
	check "parallel layout: -j$j PDF equals -j1" cmp "$T/par$j.pdf" "$T/par1.pdf"
	check "parallel layout: -j$j warnings equal -j1" cmp "$T/par$j.err" "$T/par1.err"
done
# the 24 W's of lesson 8's title: cut into two lines, none past the column
check "parallel layout: a title word wider than the column is cut" \
	sh -c "pdftotext '$T/par1.pdf' - | grep -x 'W*' | awk 'length > 1 { n++; if (length >= 24) bad = 1 } END { exit !(n == 2 && !bad) }'"
for style in compact letter; do
	"$OCTAVO" build "$P" -j1 --style $style -o "$T/s1.pdf" >/dev/null 2>"$T/s1.err"
	"$OCTAVO" build "$P" -j3 --style $style -o "$T/s3.pdf" >/dev/null 2>"$T/s3.err"
	check "parallel layout: $style -j3 PDF equals -j1" cmp "$T/s3.pdf" "$T/s1.pdf"
	check "parallel layout: $style -j3 warnings equal -j1" cmp "$T/s3.err" "$T/s1.err"
done

# Characters that need a system font: fontconfig is asked on one thread,
# in lesson order, and the threads go on from there. With no system fonts
# (FONTCONFIG_FILE of tests/run.sh) every such character is looked up and
# missed; with the machine's fonts (when it has them) CJK and symbols
# bring in fonts of their own, whose ids must come in -j 1's order.
E=$T/sysfont
mkdir -p "$E"
i=1
while [ $i -le 12 ]; do
	case $((i % 4)) in
	1) extra='A star \360\237\214\237 and a comet \342\230\204.' ;;
	2) extra='Japanese \346\227\245\346\234\254\350\252\236 text and a moon \360\237\214\231.' ;;
	3) extra='Chinese \344\270\255\346\226\207 text.' ;;
	*) extra='Plain text only.' ;;
	esac
	# the escapes in $extra are printf's to turn into bytes
	printf -- "---\ntitle: Lesson %d\n---\n\n## Part %d\n\n$extra Some words about **term %d**.\n" \
		$i $i $((i % 3)) >"$E/$(printf %02d $i)_l.md"
	i=$((i + 1))
done
for fc in none system; do
	if [ $fc = system ]; then run() { env -u FONTCONFIG_FILE "$@"; }; else run() { "$@"; }; fi
	run "$OCTAVO" build "$E" -j1 -o "$T/e1.pdf" >/dev/null 2>"$T/e1.err"
	for j in 2 3; do
		run "$OCTAVO" build "$E" -j$j -o "$T/e$j.pdf" >/dev/null 2>"$T/e$j.err"
		check "parallel layout: system fonts ($fc) -j$j PDF equals -j1" cmp "$T/e$j.pdf" "$T/e1.pdf"
		check "parallel layout: system fonts ($fc) -j$j warnings equal -j1" cmp "$T/e$j.err" "$T/e1.err"
	done
	if [ $fc = none ]; then
		check "parallel layout: characters no font has are warned about" \
			grep -q 'U+1F31F' "$T/e1.err"
	fi
done

# Lessons are parsed on -j threads, and cmark-gfm's table of the
# characters its extensions handle is shared by them all (parse.c): every
# one of 80 lessons keeps its strikethrough, autolinks and task boxes at
# -j 4, run after run, and gives the bytes of -j 1.
mkdir -p "$T/ext"
i=10
while [ $i -lt 90 ]; do
	printf -- '---\ntitle: Ext %s\n---\n\nA ~~gone~~ word, www.example.com/%s and https://example.org/%s.\n\n| a | b |\n|---|---|\n| ~~x~~ | www.site%s.org |\n\n- [x] done ~~not~~\n' \
		$i $i $i $i >"$T/ext/${i}_e.md"
	i=$((i + 1))
done
"$OCTAVO" build "$T/ext" -q -j1 -o "$T/ext-1.epub"
same=0
for r in 1 2 3 4 5; do
	"$OCTAVO" build "$T/ext" -q -j4 -o "$T/ext-4.epub" && cmp -s "$T/ext-1.epub" "$T/ext-4.epub" && same=$((same + 1))
done
expect_eq "parallel: extensions survive parsing on 4 threads (5 runs)" "$same" 5
dels=$(unzip -p "$T/ext-4.epub" 'OEBPS/*.xhtml' | grep -o '<del>' | wc -l)
links=$(unzip -p "$T/ext-4.epub" 'OEBPS/*.xhtml' | grep -o 'href="http://www\.' | wc -l)
expect_eq "parallel: every lesson's three strikethroughs" "$dels" 240
expect_eq "parallel: every lesson's two www autolinks" "$links" 160
