#!/bin/sh
# tests/run.sh — run every test and print the total.
#
# Unit test programs (build/tests/test_*) and test scripts (tests/t-*.sh)
# each print one line per check: "ok NAME" or "not ok NAME: why". This
# script runs them all, shows the failures, and ends with the line
#     N passed, N failed
# It exits 1 when anything failed.
BUILD=${BUILD:-build}
export BUILD
OCTAVO=$(cd "$BUILD" && pwd)/octavo
TOP=$(pwd)
export OCTAVO TOP
# No system fonts (sysfont.c) unless a test asks for them (t-cjk.sh): a
# character the bundled fonts lack prints as a box on any machine.
FONTCONFIG_FILE="$TOP/tests/fixtures/cjk/no-fonts.conf"
export FONTCONFIG_FILE
# The compiled hyphenation patterns (hyph.c) go to a cache of the run's
# own, emptied first, never the user's: the first build fills it.
OCTAVO_CACHE_DIR="$TOP/$BUILD/cache"
rm -rf "$OCTAVO_CACHE_DIR"
export OCTAVO_CACHE_DIR
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if ! "$t" >>"$out" 2>"$out.err"; then
		echo "not ok $name: exited with status $? ($(tail -n 3 "$out.err" | tr '\n' ' '))" >>"$out"
	fi
	rm -f "$out.err"
done

for t in tests/t-*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	start=$(date +%s)
	if ! sh "$t" >>"$out" 2>"$out.err"; then
		echo "not ok $name: script exited with status $? ($(tail -n 3 "$out.err" | tr '\n' ' '))" >>"$out"
	fi
	rm -f "$out.err"
	[ -n "$VERBOSE" ] && echo "# $name took $(( $(date +%s) - start ))s" >&2
done

grep '^not ok' "$out"
[ -n "$VERBOSE" ] && grep '^ok' "$out"
passed=$(grep -c '^ok' "$out")
failed=$(grep -c '^not ok' "$out")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
