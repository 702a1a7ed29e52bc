#!/bin/sh
# tests/t-check.sh — bad input gives one clear diagnostic and the
# documented exit status, never a crash.
#
# Each folder tests/fixtures/bad/NAME/ holds a course/ (and optionally an
# `args` file with extra options); NAME.expected beside it holds the exit
# status on its first line ("exit 1") and then exactly the lines octavo
# must print on stderr. octavo runs inside the fixture folder so that the
# paths it prints are the short relative ones in the expected file.
. tests/lib.sh
for dir in "$TOP"/tests/fixtures/bad/*/; do
	name=$(basename "$dir")
	exp="$TOP/tests/fixtures/bad/$name.expected"
	if [ ! -f "$exp" ]; then
		notok "check/$name" "no $name.expected"
		continue
	fi
	args=$(cat "$dir/args" 2>/dev/null)
	# shellcheck disable=SC2086 # args are words on purpose
	err=$(cd "$dir" && "$OCTAVO" check course $args 2>&1 >/dev/null; echo "exit $?")
	got_status=$(printf '%s\n' "$err" | tail -n 1)
	got_lines=$(printf '%s\n' "$err" | sed '$d')
	expect_eq "check/$name/status" "$got_status" "$(head -n 1 "$exp")"
	expect_eq "check/$name/diagnostics" "$got_lines" "$(sed 1d "$exp")"
done
