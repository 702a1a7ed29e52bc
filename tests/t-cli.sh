#!/bin/sh
# t-cli.sh — the command line: usage errors, exit statuses, and the
# all-or-nothing rule for output files (a failed build writes nothing and
# keeps every previous output).
. tests/lib.sh
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600

"$OCTAVO" build lessons -o "$T/book.txt" >/dev/null 2>"$T/err"; rc=$?
expect_eq "cli: -o with an unknown extension exits 2" "$rc" 2
check "cli: -o with an unknown extension says why" grep -q "cannot tell the format of '$T/book.txt'" "$T/err"

"$OCTAVO" frobnicate >/dev/null 2>&1; expect_eq "cli: unknown command exits 2" "$?" 2
"$OCTAVO" build --bogus >/dev/null 2>&1; expect_eq "cli: unknown option exits 2" "$?" 2
"$OCTAVO" build -j 0 >/dev/null 2>&1; expect_eq "cli: -j 0 exits 2" "$?" 2
"$OCTAVO" --version | grep -q '^octavo [0-9]'; expect_eq "cli: --version prints the version" "$?" 0
"$OCTAVO" check "$T/no-such-course" >/dev/null 2>&1; expect_eq "cli: a missing course exits 2" "$?" 2

# A theme error while writing the second file: neither file is replaced.
printf 'old pdf\n' >"$T/b.pdf"; printf 'old epub\n' >"$T/b.epub"
printf 'page:\n  size: [10, 10, 10]\n' >"$T/bad.yml"
"$OCTAVO" build lessons -o "$T/b.epub" -o "$T/b.pdf" --style "$T/bad.yml" >/dev/null 2>"$T/err"; rc=$?
check "cli: a bad theme fails the build" test "$rc" -ne 0
expect_eq "cli: failed build keeps the old EPUB" "$(cat "$T/b.epub")" "old epub"
expect_eq "cli: failed build keeps the old PDF" "$(cat "$T/b.pdf")" "old pdf"
expect_eq "cli: failed build leaves no temporary file" "$(ls "$T" | grep -c tmp-)" 0

# --strict and a warning that appears only while writing (a character no
# font has): exit 1 and nothing written.
mkdir -p "$T/glyph"
printf -- '---\ntitle: Glyphs\n---\n\nA star \360\237\214\237 here.\n' >"$T/glyph/01_a.md"
"$OCTAVO" build "$T/glyph" -o "$T/g.pdf" >/dev/null 2>"$T/err"; rc=$?
expect_eq "cli: missing glyph is only a warning" "$rc" 0
check "cli: missing glyph warns" grep -q "warning:" "$T/err"
rm -f "$T/g.pdf"
"$OCTAVO" build "$T/glyph" -o "$T/g.pdf" --strict >/dev/null 2>&1; rc=$?
expect_eq "cli: --strict with a build-time warning exits 1" "$rc" 1
check "cli: --strict with a build-time warning writes nothing" test ! -e "$T/g.pdf"

# Default names: <course-slug>.<ext> in the current folder.
(cd "$T" && "$OCTAVO" build "$TOP/lessons" --format epub >/dev/null 2>&1); rc=$?
expect_eq "cli: build without -o exits 0" "$rc" 0
check "cli: build without -o writes <slug>.epub" test -s "$T/introduction-to-rust.epub"
check "cli: --format epub writes no PDF" test ! -e "$T/introduction-to-rust.pdf"

# -q hides warnings, except under --strict, where they are the errors.
"$OCTAVO" build "$T/glyph" -o "$T/g.pdf" -q >/dev/null 2>"$T/err"
expect_eq "cli: -q hides warnings" "$(wc -l <"$T/err")" 0
"$OCTAVO" build "$T/glyph" -o "$T/g.pdf" -q --strict >/dev/null 2>"$T/err"
check "cli: -q --strict still says why it failed" grep -q "warning:" "$T/err"
