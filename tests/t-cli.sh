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

# The same file named twice by -o (also spelled another way) is a usage
# error before anything is written: the old file stays, nothing else is
# written, and the message says why.
mkdir -p "$T/dup"
printf 'old pdf\n' >"$T/dup/same.pdf"
"$OCTAVO" build lessons -o "$T/dup/same.pdf" -o "$T/dup/same.pdf" -o "$T/dup/same.epub" \
	>/dev/null 2>"$T/err"; rc=$?
expect_eq "cli: the same -o twice exits 2" "$rc" 2
check "cli: the same -o twice says so" grep -q "'$T/dup/same.pdf' is named by more than one -o" "$T/err"
expect_eq "cli: the same -o twice keeps the old file" "$(head -c 20 "$T/dup/same.pdf")" "old pdf"
check "cli: the same -o twice writes no other output" test ! -e "$T/dup/same.epub"
"$OCTAVO" build lessons -o "$T/dup/same.pdf" -o "$T/dup/../dup/./same.pdf" >/dev/null 2>"$T/err"
expect_eq "cli: one file named two ways by -o exits 2" "$?" 2
expect_eq "cli: no temporary file after a duplicate -o" "$(ls "$T/dup" | grep -c tmp-)" 0

# Signals while writing: a shim makes rename(), the step after every
# temporary file is complete, raise the signal first. The temporary files
# must be gone, the old outputs kept, and the process ended by the signal.
cat >"$T/raise.c" <<'CEOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
int rename(const char *a, const char *b)
{
	const char *s = getenv("OCTAVO_TEST_SIGNAL");
	if (s)
		raise(atoi(s));
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	return real(a, b);
}
CEOF
if cc -shared -fPIC -o "$T/raise.so" "$T/raise.c" 2>"$T/cc.err"; then
	# ASan must come first in the preload list
	asan_rt=
	if grep -q __asan_init "$OCTAVO" 2>/dev/null; then
		asan_rt=$(ldd "$OCTAVO" 2>/dev/null | sed -n 's/.*libclang_rt.asan[^ ]* => \([^ ]*\).*/\1/p')
	fi
	for pair in INT:2 TERM:15 HUP:1; do
		sig=${pair%:*} num=${pair#*:}
		mkdir -p "$T/sig$sig"
		printf 'old pdf\n' >"$T/sig$sig/b.pdf"; printf 'old epub\n' >"$T/sig$sig/b.epub"
		LD_PRELOAD="${asan_rt:+$asan_rt }$T/raise.so" OCTAVO_TEST_SIGNAL=$num \
			"$OCTAVO" build lessons -o "$T/sig$sig/b.pdf" -o "$T/sig$sig/b.epub" >/dev/null 2>&1
		rc=$?
		expect_eq "cli: SIG$sig while writing ends the build by that signal" "$rc" $((128 + num))
		expect_eq "cli: SIG$sig while writing leaves no temporary file" \
			"$(ls "$T/sig$sig" | grep -c tmp-)" 0
		expect_eq "cli: SIG$sig while writing keeps the old PDF" "$(head -c 20 "$T/sig$sig/b.pdf")" "old pdf"
		expect_eq "cli: SIG$sig while writing keeps the old EPUB" "$(head -c 20 "$T/sig$sig/b.epub" | tr -d '\000')" "old epub"
	done
	# nohup's SIGHUP stays ignored: the build finishes
	mkdir -p "$T/nohup"
	(trap '' HUP; LD_PRELOAD="${asan_rt:+$asan_rt }$T/raise.so" OCTAVO_TEST_SIGNAL=1 \
		"$OCTAVO" build lessons -o "$T/nohup/b.pdf" -q >/dev/null 2>&1)
	expect_eq "cli: an ignored SIGHUP stays ignored" "$?" 0
	check "cli: an ignored SIGHUP still writes the book" test -s "$T/nohup/b.pdf"
else
	notok "cli: signal shim" "cannot compile: $(head -c 200 "$T/cc.err")"
fi

# libqrencode is opened on the first QR code (pdf/qr.c): when it cannot
# be, the book is still built, its boxes without codes, and the reason is
# said once. A shim makes dlopen refuse it.
cat >"$T/noqr.c" <<'CEOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
void *dlopen(const char *f, int mode)
{
	if (f && strstr(f, "libqrencode"))
		return NULL;
	void *(*real)(const char *, int) = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	return real(f, mode);
}
CEOF
if cc -shared -fPIC -o "$T/noqr.so" "$T/noqr.c" -ldl 2>"$T/cc.err"; then
	asan_rt=
	if grep -q __asan_init "$OCTAVO" 2>/dev/null; then
		asan_rt=$(ldd "$OCTAVO" 2>/dev/null | sed -n 's/.*libclang_rt.asan[^ ]* => \([^ ]*\).*/\1/p')
	fi
	mkdir -p "$T/noqr"
	LD_PRELOAD="${asan_rt:+$asan_rt }$T/noqr.so" "$OCTAVO" build lessons --format pdf \
		-o "$T/noqr/b.pdf" >/dev/null 2>"$T/noqr/err"
	expect_eq "cli: without libqrencode the PDF is still built" "$?" 0
	expect_eq "cli: without libqrencode the reason is said once" \
		"$(grep -c 'cannot open libqrencode.so.4 (not found): video and link boxes are printed without their QR codes' "$T/noqr/err")" 1
	check "cli: without libqrencode the warning names a lesson" grep -q '^lessons/.*\.md: warning: cannot open libqrencode' "$T/noqr/err"
	check "cli: without libqrencode the video boxes keep their words" sh -c "pdftotext '$T/noqr/b.pdf' - | grep -q VIDEO"
	if command -v zbarimg >/dev/null; then
		pdftoppm -r 60 -png "$T/noqr/b.pdf" "$T/noqr/p" 2>/dev/null
		expect_eq "cli: without libqrencode no page has a QR code" \
			"$(for f in "$T"/noqr/p*.png; do zbarimg -q "$f" 2>/dev/null; done | grep -c QR-Code)" 0
	fi
	"$OCTAVO" build lessons --format pdf -o "$T/noqr/c.pdf" >/dev/null 2>"$T/noqr/err2"
	check "cli: with libqrencode no such warning" sh -c "! grep -q libqrencode '$T/noqr/err2'"
else
	notok "cli: dlopen shim" "cannot compile: $(head -c 200 "$T/cc.err")"
fi

# I/O errors name the file the user asked for and the system's reason.
if [ -d /sys/kernel ] && ! touch /sys/octavo-probe 2>/dev/null; then
	"$OCTAVO" build lessons -o /sys/book.pdf >/dev/null 2>"$T/err"
	expect_eq "cli: an unwritable folder exits 2" "$?" 2
	check "cli: an unwritable folder is reported at the output's name" \
		grep -q '^/sys/book.pdf: error: cannot write: ' "$T/err"
	check "cli: I/O errors give no libharu code or temporary name" \
		sh -c "! grep -q -e libharu -e tmp- '$T/err'"
fi

# The disk fills while the PDF is written (a file-size limit, its signal
# ignored so that write() fails with EFBIG): one message at the output's
# name, exit 2, the old file kept and no temporary one. A book of more
# than 64 pages (lessons/) is written by a thread of its own, a smaller
# one (the fixture course) by the calling thread: both paths.
for c in lessons tests/fixtures/pdf/course; do
	n=$(basename "$c")
	mkdir -p "$T/full-$n"
	printf 'old pdf\n' >"$T/full-$n/b.pdf"
	(trap '' XFSZ; ulimit -f 100; exec "$OCTAVO" build "$c" -o "$T/full-$n/b.pdf" -q) \
		>/dev/null 2>"$T/full-$n/err"
	expect_eq "cli: a full disk while writing ($n) exits 2" "$?" 2
	check "cli: a full disk while writing ($n) says why, at the output's name" \
		grep -q "^$T/full-$n/b.pdf: error: cannot write: File too large" "$T/full-$n/err"
	expect_eq "cli: a full disk while writing ($n) keeps the old PDF" \
		"$(cat "$T/full-$n/b.pdf")" "old pdf"
	expect_eq "cli: a full disk while writing ($n) leaves no temporary file" \
		"$(ls "$T/full-$n" | grep -c tmp-)" 0
done

# Out of memory while writing: one message, exit 2, and no temporary file.
# A big lesson under a small address-space limit (not under ASan, which
# reserves terabytes of address space up front). 8 MB of prose: at 4.8 MB
# the build fitted in the limit now and then (1 run in 40) once a page's
# buffers were kept at their final size.
if ! grep -q __asan_init "$OCTAVO" 2>/dev/null; then
	mkdir -p "$T/oom/course" "$T/oom/out"
	awk 'BEGIN { printf "---\ntitle: Big\n---\n\n"; for (i = 0; i < 250000; i++) { printf "Words upon words fill the page. "; if (i % 8 == 7) printf "\n\n" } }' \
		>"$T/oom/course/01.md"
	(ulimit -v 160000; exec "$OCTAVO" build "$T/oom/course" -o "$T/oom/out/b.pdf" \
		-o "$T/oom/out/b.epub") >/dev/null 2>"$T/oom/err"
	expect_eq "cli: out of memory exits 2" "$?" 2
	check "cli: out of memory says so" grep -q 'out of memory' "$T/oom/err"
	# a library the loader had no memory to map is not a missing one
	check "cli: out of memory does not say to install anything" \
		sh -c "! grep -q 'install' '$T/oom/err'"
	expect_eq "cli: out of memory leaves no temporary file" "$(ls "$T/oom/out" | grep -c tmp-)" 0
fi
