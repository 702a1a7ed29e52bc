#!/bin/sh
# tests/t-hostile.sh — push every hostile input through `octavo build` to
# PDF and EPUB and check the promises octavo makes about bad input: no
# crash, no hang, bounded memory, the documented exit status with one clear
# diagnostic, nothing from outside the course folder in the output, no
# active content in the EPUB, and a failed build leaves the previous output
# file untouched. Then replay the fuzzer's crash inputs from tests/regress/.
#
# A case is a folder tests/hostile/NAME/ with an `expect` file and either a
# committed course/ folder or a gen.sh that writes one (big inputs are made
# at test time, never committed). gen.sh runs in the case's work folder,
# which also holds secret.{md,txt,yml,png,svg} beside course/: files that
# must never reach the output. `expect` lines:
#   status N         exit status of the build (0, 1 or 2)
#   stderr TEXT      TEXT must appear in stderr (repeatable)
#   errors N         number of "error:" lines (default 1 when status is
#                    not 0, else 0)
#   course PATH      COURSE argument (default course)
#   out FILE...      output files (default out/book.pdf out/book.epub;
#                    HOSTILE_FORMATS="epub" in the environment narrows it)
#   text TEXT        TEXT is in the text of every output written
#   seconds N        the build must finish in N s (default: 10 s plus 2 s
#                    per MB of the case's course folder)
#   memory MB        the build's memory budget (default: 20 times the
#                    course folder's size plus 100 MB)
#
# Bounds. Every case has both; without `seconds`/`memory` they follow
# from the size of its course folder (defaults above), so a new case is
# held to the same rule as the rest. A case that tests cost gives its own: `seconds` a small multiple
# of what a normal course of the same size in bytes takes (a 10 MB lesson
# of prose builds in about 2 s, a small course in 0.04 s; no bound is
# under 5 s, so that a loaded machine does not fail a case), `memory` 20
# times the input plus 100 MB. The budget is enforced with `ulimit -v`,
# which counts address space, not memory used: glibc reserves 64 MB of it
# for each thread's malloc arena and 8 MB for each thread's stack, and
# octavo runs a loader thread per core and one per output. The sample
# course needs 83 MB of address space on 2 cores though it touches 20 MB,
# and a 10 MB lesson of prose 414 MB for 290 MB; so the limit is the
# budget plus 100 MB and 80 MB per core. Under ASan the times are 5 times
# longer and memory is left to ASan's own RSS limit (its shadow memory and
# quarantine make address space meaningless).
# Cases run in parallel, one per core; each prints its lines to its own file
# and the files are printed in name order, so the output is deterministic.
: "${OCTAVO:?run through tests/run.sh}"
. "$TOP/tests/lib.sh"
HOSTILE_DIR=$TOP/tests/hostile
HOSTILE=$HOSTILE_DIR/hostile.py
export HOSTILE

# Sanitizer builds reserve terabytes of address space and run slower, so
# they get a larger time budget and ASan's own RSS limit instead of ulimit.
if grep -q __asan_init "$OCTAVO" 2>/dev/null; then
	LIMIT_S=${HOSTILE_TIMEOUT:-90}
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=3072"
	export ASAN_OPTIONS
	VMEM_KB=unlimited
	TIME_SCALE=5
else
	LIMIT_S=${HOSTILE_TIMEOUT:-20}
	VMEM_KB=2097152
	TIME_SCALE=1
fi
# address space beyond a case's `memory`: see "Bounds" above
VMEM_EXTRA_MB=$((100 + 80 * $(nproc 2>/dev/null || echo 2)))

# Everything octavo may legitimately print on stderr: a diagnostic.
DIAG_RE='^[^ ].*: (error|warning): .'

# key_lines FILE KEY: the values of every "KEY value" line.
key_lines() { sed -n "s/^$2 //p" "$1"; }

# normalised_text FILE: the words of a PDF or EPUB on one line, hyphens at
# line ends rejoined (the PDF hyphenates). Of a long PDF only the first and
# last three pages: the texts checked sit there, and pdftotext needs
# seconds for the thousands of pages of the 10 MB lesson.
normalised_text() {
	case $1 in
	*.pdf)
		pages=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
		if [ "${pages:-0}" -gt 6 ]; then
			pdftotext -q -l 3 "$1" - 2>/dev/null
			pdftotext -q -f $((pages - 2)) "$1" - 2>/dev/null
		else
			pdftotext -q "$1" - 2>/dev/null
		fi ;;
	*.epub) unzip -p "$1" '*.xhtml' 2>/dev/null | sed 's/<[^>]*>/ /g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' ;;
	esac | tr '\n\f\t' '   ' | sed 's/- //g; s/  */ /g'
}

# run_case NAME: one case; prints its ok/not ok lines.
run_case() {
	name=$1 src=$HOSTILE_DIR/$1 ex=$HOSTILE_DIR/$1/expect
	w=$RUN/$name
	rm -rf "$w" && mkdir -p "$w/out" || { notok "hostile/$name" "cannot make $w"; return; }
	cp "$BASE"/secret.* "$w"/
	[ -d "$src/course" ] && cp -R "$src/course" "$w/course"
	if [ -f "$src/gen.sh" ] && ! (cd "$w" && sh "$src/gen.sh") >"$w/gen.log" 2>&1; then
		notok "hostile/$name" "gen.sh failed: $(head -c 300 "$w/gen.log")"
		return
	fi
	want_status=$(key_lines "$ex" status)
	course=$(key_lines "$ex" course); course=${course:-course}
	outs=$(key_lines "$ex" out)
	if [ -z "$outs" ]; then
		for f in ${HOSTILE_FORMATS:-pdf epub}; do outs="$outs out/book.$f"; done
	fi
	limit_s=$LIMIT_S vmem_kb=$VMEM_KB
	secs=$(key_lines "$ex" seconds) mem=$(key_lines "$ex" memory)
	in_mb=$(( ($(du -sb "$w/course" 2>/dev/null | cut -f1 || echo 0) + 1048575) / 1048576 ))
	[ -n "$secs" ] || secs=$((10 + 2 * in_mb))
	[ -n "$mem" ] || mem=$((20 * in_mb + 100))
	limit_s=$((secs * TIME_SCALE))
	[ "$VMEM_KB" = unlimited ] || vmem_kb=$(((mem + VMEM_EXTRA_MB) * 1024))
	want_errors=$(key_lines "$ex" errors)
	[ -n "$want_errors" ] || { [ "$want_status" = 0 ] && want_errors=0 || want_errors=1; }

	# A previous good build: known bytes that a failed build must not touch.
	oargs= missing=
	for o in $outs; do
		oargs="$oargs -o $o"
		[ -e "$w/$(dirname "$o")" ] || missing="$missing $(dirname "$o")"
		if [ -d "$w/$(dirname "$o")" ] && [ ! -e "$w/$o" ]; then
			echo "PREVIOUS-GOOD-OUTPUT $o" >"$w/$o"
		fi
	done

	# shellcheck disable=SC2086
	(cd "$w" && ulimit -v "$vmem_kb" && SOURCE_DATE_EPOCH=1735689600 \
		exec timeout -k 5 "$limit_s" "$OCTAVO" build "$course" $oargs) \
		>"$w/stdout" 2>"$w/stderr"
	rc=$?

	# 1. no crash, no hang, the documented status.
	case $rc in
	0 | 1 | 2)
		expect_eq "hostile/$name/status" "$rc" "$want_status" ;;
	124 | 137)
		notok "hostile/$name/status" "did not finish in ${limit_s}s (or memory ran out)" ;;
	*)
		notok "hostile/$name/status" "exit status $rc (signal or sanitizer): $(grep -m1 -E 'ERROR|runtime error|Sanitizer' "$w/stderr" | head -c 200)" ;;
	esac

	# 2. one clear diagnostic: every stderr line is a diagnostic, the
	# expected ones are there, and errors are not repeated or cascaded.
	why=
	bad=$(grep -v -E "$DIAG_RE" "$w/stderr" | head -n 2 | tr '\n' '|' | head -c 200)
	[ -z "$bad" ] || why="$why; stderr line not a diagnostic: '$bad'"
	key_lines "$ex" stderr >"$w/want-stderr"
	while IFS= read -r s; do
		grep -q -F -- "$s" "$w/stderr" || why="$why; no '$s' in stderr"
	done <"$w/want-stderr"
	n_err=$(grep -c -E ': error: ' "$w/stderr")
	[ "$n_err" = "$want_errors" ] || why="$why; $n_err error lines, want $want_errors"
	if [ -z "$why" ]; then ok "hostile/$name/diagnostic"; else
		notok "hostile/$name/diagnostic" "${why#; } [stderr: $(head -c 300 "$w/stderr" | tr '\n' '|')]"; fi

	# 3. the output: untouched after a failure, valid after success, never
	# anything from outside the course, never active content.
	why=
	files=
	for o in $outs; do
		f=$w/$o
		files="$files $f"
		if [ "$rc" != 0 ]; then
			if [ -d "$w/$(dirname "$o")" ] && [ ! -d "$f" ] &&
				[ "$(cat "$f" 2>/dev/null)" != "PREVIOUS-GOOD-OUTPUT $o" ]; then
				why="$why; failed build changed $o"
			fi
		elif [ ! -f "$f" ] || head -c 20 "$f" | grep -q PREVIOUS-GOOD-OUTPUT; then
			why="$why; $o not written"
		elif [ "${f%.pdf}" != "$f" ] && command -v qpdf >/dev/null &&
			! qpdf --check "$f" >/dev/null 2>&1; then
			why="$why; qpdf --check fails on $o"
		fi
	done
	for m in $missing; do
		[ ! -e "$w/$m" ] || why="$why; made the missing folder $m"
	done
	left=$(find "$w" -name '*.tmp-*' | head -n 1)
	[ -z "$left" ] || why="$why; temporary file left: ${left#"$w"/}"
	# shellcheck disable=SC2086
	problems=$(python3 "$HOSTILE" check "$w" $files 2>&1 | head -n 3 | tr '\n' '|')
	[ -z "$problems" ] || why="$why; $problems"
	if [ "$rc" = 0 ]; then
		key_lines "$ex" text >"$w/want-text"
		for f in $files; do
			[ -f "$f" ] || continue
			normalised_text "$f" >"$w/$(basename "$f").txt"
			while IFS= read -r s; do
				grep -q -F -- "$s" "$w/$(basename "$f").txt" ||
					why="$why; '$s' missing from $(basename "$f")"
			done <"$w/want-text"
		done
	fi
	if [ -z "$why" ]; then ok "hostile/$name/output"; else
		notok "hostile/$name/output" "${why#; }"; fi
}

# run_regress FILE: a fuzzer input that once crashed octavo, unpacked into
# a course the same way the fuzz targets do, must now build or fail
# cleanly.
run_regress() {
	name=$(basename "$1")
	w=$RUN/regress/$name
	rm -rf "$w" && mkdir -p "$w" || return
	python3 "$TOP/tests/fuzz/corpus.py" unpack "$1" "$w/course" || {
		notok "regress/$name" "cannot unpack"; return; }
	(cd "$w" && ulimit -v "$VMEM_KB" && SOURCE_DATE_EPOCH=1735689600 \
		exec timeout -k 5 "$LIMIT_S" "$OCTAVO" build course -o book.pdf -o book.epub) \
		>"$w/stdout" 2>"$w/stderr"
	rc=$?
	bad=$(grep -v -E "$DIAG_RE" "$w/stderr" | head -n 2 | tr '\n' '|' | head -c 300)
	case $rc in
	0 | 1 | 2) if [ -z "$bad" ]; then ok "regress/$name"; else
		notok "regress/$name" "stderr line not a diagnostic: $bad"; fi ;;
	*) notok "regress/$name" "exit status $rc: $(grep -m1 -E 'ERROR|runtime error' "$w/stderr" | head -c 200)" ;;
	esac
}

if [ "$1" = --one ]; then
	run_case "$2"
	exit 0
fi
if [ "$1" = --regress ]; then
	run_regress "$2"
	exit 0
fi

# One folder per run, so that two test runs in one work tree never share
# files; the folders of passing cases are removed at the end.
RUN=$TOP/$BUILD/tmp/hostile.$$
BASE=$RUN/.secrets
mkdir -p "$BASE" && python3 "$HOSTILE" secrets "$BASE" || {
	notok hostile "cannot write the secret files"; exit 0; }
# A private copy of the binary: a rebuild in the same tree while the suite
# runs must not swap it mid-case.
cp "$OCTAVO" "$RUN/octavo" && OCTAVO=$RUN/octavo
OCTAVO_DATA_DIR=$TOP
export RUN BASE LIMIT_S VMEM_KB TIME_SCALE VMEM_EXTRA_MB OCTAVO OCTAVO_DATA_DIR
res=$RUN/.results
rm -rf "$res" && mkdir -p "$res"
jobs=$(nproc 2>/dev/null || echo 2)
for d in "$HOSTILE_DIR"/*/; do
	[ -f "$d/expect" ] && basename "$d"
done | xargs -P "$jobs" -I{} sh -c 'sh "$0" --one "$1" >"$2/$1" 2>&1' "$0" {} "$res"
n=$(ls "$res" | wc -l)
[ "$n" -ge 30 ] && ok "hostile/at-least-30-cases" || notok "hostile/at-least-30-cases" "only $n cases"
for f in "$res"/*; do
	cat "$f"
	grep -q '^not ok' "$f" || rm -rf "${RUN:?}/$(basename "$f")"
done

rm -rf "$res" && mkdir -p "$res"
for f in "$TOP"/tests/regress/*.load "$TOP"/tests/regress/*.pipeline; do
	[ -f "$f" ] && echo "$f"
done | xargs -P "$jobs" -I{} sh -c 'sh "$0" --regress "$1" >"$2/$(basename "$1")" 2>&1' "$0" {} "$res"
for f in "$res"/*; do [ -f "$f" ] && cat "$f"; done
grep -q -s '^not ok' "$res"/* || rm -rf "${RUN:?}/regress"
rm -rf "$res" "$BASE" "$RUN/octavo"
rmdir "$RUN" 2>/dev/null
exit 0
