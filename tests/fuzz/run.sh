#!/bin/sh
# tests/fuzz/run.sh SECONDS — build the libFuzzer targets with clang
# (ASan + UBSan, objects with -fsanitize=fuzzer-no-link into build/fuzz),
# make a seed corpus from tests/ and lessons/, and run each target for
# SECONDS (FUZZ_TARGETS picks a subset). Prints "ok fuzz/TARGET: N runs" or "not ok fuzz/TARGET: ..."
# and exits 1 when a target found a crash, a leak or a timeout. Crash
# inputs are left in build/fuzz/crashes/; copy each into tests/regress/
# as NAME.load or NAME.pipeline (tests/t-hostile.sh replays them);
# fuzz_html crashes are fixed in html_clean.c and kept as tests there,
# fuzz_ttsubset ones in ttsubset.c with a case in test_ttsubset.c.
set -u
secs=${1:-60}
cd "$(dirname "$0")/../.."
B=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# fuzz_html needs the raw-HTML cleaner (src/text/html_clean.h).
all="fuzz_load fuzz_pipeline fuzz_ttsubset"
[ -f src/text/html_clean.h ] && all="$all fuzz_html"
# fuzz_png: the PNG decoder against libpng (src/image/pngdec.h).
[ -f src/image/pngdec.h ] && all="$all fuzz_png"
targets=${FUZZ_TARGETS:-$all}

if ! command -v clang >/dev/null; then
	echo "not ok fuzz: clang is not installed (make test-deps)"
	exit 1
fi
bins=
for t in $targets; do bins="$bins $B/bin/$t"; done
# shellcheck disable=SC2086
if ! make --no-print-directory -s BUILD=$B CC=clang OPT=-O1 \
	CFLAGS="-O1 -g $SAN -fsanitize=fuzzer-no-link" \
	LDFLAGS="$SAN -fsanitize=fuzzer" $bins >$B.log 2>&1; then
	mkdir -p $B
	echo "not ok fuzz/build: $(tail -n 5 $B.log | tr '\n' ' ')"
	exit 1
fi

seeds=$B/seeds
rm -rf "$seeds" && mkdir -p "$seeds" $B/crashes
python3 tests/fuzz/corpus.py seeds "$seeds" >/dev/null
rm -rf "$seeds-html" && python3 tests/fuzz/corpus.py html-seeds "$seeds-html" >/dev/null
rm -rf "$seeds-png" && python3 tests/fuzz/corpus.py png-seeds "$seeds-png" >/dev/null

# Leaks are bugs too; libFuzzer checks them after each new input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
# ... except inside fontconfig, which keeps the configuration SVG text is
# set with for the life of the process: the same suppressions as make asan
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export OCTAVO_DATA_DIR="$(pwd)"
status=0
for t in $targets; do
	corpus=$B/corpus/$t
	mkdir -p "$corpus"
	log=$B/$t.log
	start=$(date +%s)
	s=$seeds
	[ "$t" = fuzz_html ] && s=$seeds-html
	[ "$t" = fuzz_png ] && s=$seeds-png
	$B/bin/$t -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$B/crashes/$t-" "$corpus" "$s" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
	took=$(($(date +%s) - start))
	if [ "$rc" = 0 ]; then
		echo "ok fuzz/$t: ${runs:-?} runs in ${took}s, peak ${peak:-?} MB, corpus $(ls "$corpus" | wc -l) inputs"
	else
		status=1
		what=$(grep -m1 -E 'ERROR: |runtime error|Sanitizer' "$log" | head -c 200)
		echo "not ok fuzz/$t: exit $rc after ${runs:-?} runs: $what (see $log; inputs in $B/crashes/)"
	fi
done
exit $status
