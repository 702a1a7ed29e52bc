#!/bin/sh
# tests/tsan.sh TSAN-OCTAVO [OCTAVO] — race checks for the two back ends
# writing side by side (make tsan). Builds both formats of a few courses
# with a ThreadSanitizer build, then with the plain build under valgrind's
# helgrind, and fails on any report. Prints one "ok"/"not ok" line per run
# and exits 1 when any failed.
#
# Why both: TSan sees only octavo's own code, not the libraries (a race on
# cmark-gfm's lazily made strings, course/parse.c settle_strings, is invisible to
# it), and in trials it missed a race planted between the EPUB thread and
# the PDF's layout once the EPUB thread had ended. Helgrind sees every
# access, libraries included, and caught both planted races; it is slower
# (seconds per build), so it gets the two smallest runs.
set -u
OCTAVO=${1:-build/tsan/octavo}
PLAIN=${2:-build/octavo}
cd "$(dirname "$0")/.."
case $OCTAVO in /*) ;; *) OCTAVO=$(pwd)/$OCTAVO ;; esac
case $PLAIN in /*) ;; *) PLAIN=$(pwd)/$PLAIN ;; esac
W=$(pwd)/build/tsan/run
rm -rf "$W" && mkdir -p "$W"
OCTAVO_DATA_DIR=$(pwd)
export OCTAVO_DATA_DIR
export SOURCE_DATE_EPOCH=1735689600
# the freeing at exit runs too (util.h: free_at_exit): it joins threads
export OCTAVO_FREE_AT_EXIT=1
# io_sync=0: by default TSan takes any write() to one file followed by a
# read() of another as synchronisation, and the back ends read fonts and
# write their files all the time, which hid a planted race in trials.
TSAN_OPTIONS="io_sync=0 halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$(pwd)/tests/tsan.supp"
export TSAN_OPTIONS
# compiled hyphenation patterns (hyph.c): the first build of each tool
# writes them, on the thread that reads them beside the course's loading;
# the others read them
OCTAVO_CACHE_DIR=$W/cache
export OCTAVO_CACHE_DIR

failed=0
# run NAME "STATUS..." ARGS...: its exit status must be one of STATUS and
# its stderr must hold no ThreadSanitizer report.
run() {
	name=$1 want=$2; shift 2
	"$OCTAVO" "$@" >/dev/null 2>"$W/$name.stderr"
	rc=$?
	if grep -q 'ThreadSanitizer' "$W/$name.stderr"; then
		failed=1
		echo "not ok tsan/$name: $(grep -m 3 -E 'WARNING|SUMMARY' "$W/$name.stderr" | tr '\n' ' ' | head -c 300) (see $W/$name.stderr)"
	elif ! echo " $want " | grep -q " $rc "; then
		failed=1
		echo "not ok tsan/$name: status $rc, want $want: $(head -c 200 "$W/$name.stderr")"
	else
		echo "ok tsan/$name"
	fi
}

run lessons 0 build lessons -o "$W/lessons.pdf" -o "$W/lessons.epub"
run lessons-reversed 0 build lessons -j 2 -o "$W/r.epub" -o "$W/r.pdf"
# raw HTML, SVG and hostile links: libxml2 and every warning path
run epub-hostile 0 build tests/fixtures/epub/hostile -o "$W/h.pdf" -o "$W/h.epub"
# themes, images and tables on the PDF side
run pdf-course 0 build tests/fixtures/pdf/course -o "$W/p.pdf" -o "$W/p.epub"
# system fonts: fontconfig on the PDF thread, CFF and TrueType subsets on
# the threads drawing the pages, beside the EPUB thread (needs
# fonts-noto-cjk, fonts-symbola); lessons/ (73 pages) also has its file
# written by a thread of its own (device.c)
run cjk 0 build tests/fixtures/cjk/course --lang ja -o "$W/c.pdf" -o "$W/c.epub"
# the PDF's lessons laid out on several threads (parallel.c) and joined:
# more threads than cores, footnotes, index marks, pictures
run layout-j5 0 build lessons -j 5 -o "$W/j5.pdf" -o "$W/j5.epub"
run layout-notes 0 build tests/fixtures/index/course -j 3 -o "$W/ix.pdf"
run layout-pictures 0 build tests/fixtures/pdf/course -j 4 -o "$W/pc.pdf"
# lessons that need system fonts: rounds of threads, fontconfig between
mkdir -p "$W/sys"
for i in 1 2 3 4 5 6 7 8 9; do
	printf -- "---\ntitle: L$i\n---\n\nText $i \346\227\245\346\234\254 \360\237\214\237 \342\230\204.\n" >"$W/sys/0${i}_l.md"
done
run layout-sysfonts 0 build "$W/sys" -j 3 -o "$W/sys.pdf"

# hg NAME ARGS...: the plain build under helgrind; no report, status 0.
hg() {
	name=$1; shift
	log=$W/$name.helgrind
	valgrind -q --tool=helgrind --error-exitcode=99 --log-file="$log" \
		--suppressions="$(pwd)/tests/helgrind.supp" \
		"$PLAIN" "$@" >/dev/null 2>"$W/$name.stderr"
	rc=$?
	if [ "$rc" = 99 ] || [ -s "$log" ]; then
		failed=1
		echo "not ok helgrind/$name: $(grep -m 2 -E 'race|lock' "$log" | tr '\n' ' ' | head -c 300) (see $log)"
	elif [ "$rc" != 0 ]; then
		failed=1
		echo "not ok helgrind/$name: status $rc: $(head -c 200 "$W/$name.stderr")"
	else
		echo "ok helgrind/$name"
	fi
}
if command -v valgrind >/dev/null; then
	OCTAVO_CACHE_DIR=$W/hgcache
	hg lessons build lessons -o "$W/hg.pdf" -o "$W/hg.epub"
	hg layout-j3 build lessons -j 3 -o "$W/hj.pdf"
	hg layout-sysfonts build "$W/sys" -j 3 -o "$W/hs.pdf"
	hg epub-hostile build tests/fixtures/epub/hostile -o "$W/hh.pdf" -o "$W/hh.epub"
	hg cjk build tests/fixtures/cjk/course --lang ja -o "$W/hc.pdf" -o "$W/hc.epub"
else
	failed=1
	echo "not ok helgrind: valgrind is not installed (make test-deps)"
fi
exit $failed
