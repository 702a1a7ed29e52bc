#!/bin/sh
# tests/valgrind.sh OCTAVO — run octavo under valgrind memcheck on the
# sample course (PDF and EPUB), a generated corpus-like course in both
# input forms, and a few broken courses (error paths free memory too), and
# require no memory error and no definite or indirect leak. Prints one
# "ok"/"not ok" line per run and exits 1 when any failed.
set -u
OCTAVO=${1:-build/octavo}
cd "$(dirname "$0")/.."
case $OCTAVO in /*) ;; *) OCTAVO=$(pwd)/$OCTAVO ;; esac
if ! command -v valgrind >/dev/null; then
	echo "not ok valgrind: valgrind is not installed (make test-deps)"
	exit 1
fi
W=$(pwd)/build/valgrind
rm -rf "$W" && mkdir -p "$W"
# A private copy: a rebuild during the (slow) run must not swap the binary.
cp "$OCTAVO" "$W/octavo" && OCTAVO=$W/octavo
OCTAVO_DATA_DIR=$(pwd)
export OCTAVO_DATA_DIR
export SOURCE_DATE_EPOCH=1735689600
# an empty cache of compiled patterns: the first PDF writes it, the rest read it
export OCTAVO_CACHE_DIR="$W/cache"
# free everything before exiting, so that a leak shows (util.h: free_at_exit)
export OCTAVO_FREE_AT_EXIT=1
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=no
	--suppressions=$(pwd)/tests/valgrind.supp"

# A corpus-like course: the built form (navigation in every lesson, like
# corpus/built/rust) and the source form (course.yml).
python3 bench/gencourse.py 12 "$W/built" --form nav
python3 bench/gencourse.py 12 "$W/source" --form yml
for c in fm-unclosed image-dotdot nav-cycle javascript-links yaml-tabs; do
	[ -d "tests/hostile/$c/course" ] && cp -R "tests/hostile/$c/course" "$W/$c"
done

failed=0
# run NAME "STATUS..." ARGS...: octavo ARGS under valgrind; its exit
# status must be one of STATUS.
run() {
	name=$1 want=$2; shift 2
	log=$W/$name.log
	# shellcheck disable=SC2086
	$VG --log-file="$log" "$OCTAVO" "$@" >/dev/null 2>"$W/$name.stderr"
	rc=$?
	if [ "$rc" = 99 ] || [ -s "$log" ]; then
		failed=1
		echo "not ok valgrind/$name: $(grep -m 3 -E '(Invalid|uninitialised|definitely|indirectly|Mismatched|overlap)' "$log" | tr '\n' ' ' | head -c 300) (see $log)"
	elif ! echo " $want " | grep -q " $rc "; then
		failed=1
		echo "not ok valgrind/$name: status $rc, want $want: $(head -c 200 "$W/$name.stderr")"
	else
		echo "ok valgrind/$name"
	fi
}

run handbook-pdf 0 build lessons -q -o "$W/handbook.pdf"
run handbook-epub 0 build lessons -q -o "$W/handbook.epub"
run handbook-toc 0 toc --json lessons
run built-form 0 build "$W/built" -q -o "$W/built.pdf" -o "$W/built.epub"
run source-form 0 build "$W/source" -q -j 2 -o "$W/source.pdf" -o "$W/source.epub"
# Broken input: only the memory matters here (t-hostile.sh checks the
# status), so 0 or 1 both pass.
for c in fm-unclosed nav-cycle yaml-tabs image-dotdot javascript-links; do
	[ -d "$W/$c" ] && run "$c" "0 1" build "$W/$c" -q -o "$W/$c.pdf" -o "$W/$c.epub"
done
# hyphenation in German (an ISO8859-1 file in two levels) and with no
# patterns at all
run hyphen-de 0 build tests/fixtures/pdf/german -q --style tests/fixtures/pdf/themes/narrow.yml -o "$W/de.pdf"
run hyphen-xx 0 build tests/fixtures/pdf/german -q --lang xx --style tests/fixtures/pdf/themes/narrow.yml -o "$W/xx.pdf"
# GIFs: a good animated one, and damaged ones (giflib's error paths)
run gif 0 build tests/fixtures/pdf/gif -q -o "$W/gif.pdf" -o "$W/gif.epub"
mkdir -p "$W/gif-corrupt" &&
	(cd "$W/gif-corrupt" && HOSTILE=$OCTAVO_DATA_DIR/tests/hostile/hostile.py \
		sh "$OCTAVO_DATA_DIR/tests/hostile/gif-corrupt/gen.sh") &&
	run gif-corrupt "0 1" build "$W/gif-corrupt/course" -q -o "$W/gifc.pdf" -o "$W/gifc.epub"
exit $failed
