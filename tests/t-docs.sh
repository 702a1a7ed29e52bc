#!/bin/sh
# tests/t-docs.sh — the documentation keeps up with the program.
#
# Course authors learn octavo from `octavo --help`, the man page and the
# README, so a new option or theme that lands without its documentation
# is a bug. Checks: every option src/cli/main.c accepts is in --help; every
# option --help lists is in man/octavo.1 and README.md; every command is in
# all three; `make handbook` and `make test` open the README; the man page
# renders without a groff warning; every theme in styles/ is named in the
# README, the man page and --help.
. tests/lib.sh

help=$("$OCTAVO" --help 2>&1)
expect_eq "docs/help-status" "$?" 0

# The option names in the "Options:" part of --help: each line there that
# starts with "  -" holds its names before the first run of two spaces.
opts=$(printf '%s\n' "$help" | sed -n '/^Options:/,/^$/p' | grep '^  -' |
	sed 's/^  //; s/  .*//' | grep -oE -- '--?[a-z][a-z-]*' | sort -u)
n=$(printf '%s\n' "$opts" | grep -c .)
# today there are 16 names; fewer than 10 means the parse broke, not that
# the options went away
if [ "$n" -ge 10 ]; then ok "docs/help-options-parsed"; else
	notok "docs/help-options-parsed" "found only $n option names in --help: $(echo $opts)"; fi

# Every option the parser compares against (strcmp(a, "-x")) is in --help.
src_opts=$(grep -oE 'strn?cmp\(a, "--?[a-z][a-z-]*"' "$TOP/src/cli/main.c" |
	grep -oE -- '"--?[a-z][a-z-]*"' | tr -d '"' | sort -u)
src_opts="$src_opts
$(grep -oE 'strcmp\(argv\[i\], "--?[a-z][a-z-]*"' "$TOP/src/cli/main.c" |
	grep -oE -- '"--?[a-z][a-z-]*"' | tr -d '"' | sort -u)"
missing=
for o in $src_opts; do
	printf '%s\n' "$opts" | grep -qx -- "$o" || missing="$missing $o"
done
expect_eq "docs/help-lists-every-accepted-option" "${missing# }" ""

# The man page source writes "-" as "\-"; undo that before searching.
man_text=$(sed 's/\\-/-/g' "$TOP/man/octavo.1")
readme="$TOP/README.md"
for o in $opts; do
	# the name must stand alone: --json must not be found inside --jsonx
	pat="(^|[^a-zA-Z-])$o([^a-zA-Z-]|$)"
	if printf '%s\n' "$man_text" | grep -qE -- "$pat"; then ok "docs/man-has$o"; else
		notok "docs/man-has$o" "option $o is in --help but not in man/octavo.1"; fi
	if grep -qE -- "$pat" "$readme"; then ok "docs/readme-has$o"; else
		notok "docs/readme-has$o" "option $o is in --help but not in README.md"; fi
done

for c in build check toc; do
	pat="octavo $c"
	missing=
	printf '%s\n' "$help" | grep -q "$pat" || missing="$missing --help"
	printf '%s\n' "$man_text" | grep -q "^\.B $pat\|$pat" || missing="$missing man"
	grep -q "$pat" "$readme" || missing="$missing README"
	expect_eq "docs/command-$c" "${missing# }" ""
done

# The two commands come first: an author reads no further than the top.
top=$(head -n 20 "$readme")
for t in "make handbook" "make test"; do
	if printf '%s\n' "$top" | grep -q "^$t"; then ok "docs/readme-top-${t#make }"; else
		notok "docs/readme-top-${t#make }" "'$t' is not at the start of a line in the first 20 lines of README.md"; fi
done

# The man page renders with no warning (groff prints them on stderr): with
# man(1) as a reader would, else with groff directly.
err=$(mktemp)
if command -v man >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$TOP/man/octavo.1" >"$err.out" 2>"$err"
	rc=$?
elif command -v groff >/dev/null 2>&1; then
	groff -k -man -Tutf8 -rLL=73n -ww "$TOP/man/octavo.1" >"$err.out" 2>"$err"
	rc=$?
else
	rc=127
	echo "neither man nor groff is installed (apt-get install man-db)" >"$err"
fi
if [ "$rc" -eq 0 ] && [ ! -s "$err" ] && grep -q "EXIT STATUS" "$err.out"; then
	ok "docs/man-renders"
else
	notok "docs/man-renders" "status $rc: $(head -n 3 "$err" | tr '\n' ' ')"
fi
# every section a reader looks for is there
for s in SYNOPSIS DESCRIPTION OPTIONS DIAGNOSTICS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
	if grep -q "^$s" "$err.out"; then ok "docs/man-section-$(echo "$s" | tr ' ' _)"; else
		notok "docs/man-section-$(echo "$s" | tr ' ' _)" "no $s section in the rendered man page"; fi
done
rm -f "$err" "$err.out"

# Every shipped PDF theme is named where --style is explained.
for f in "$TOP"/styles/*.yml; do
	name=$(basename "$f" .yml)
	missing=
	grep -q "\`$name\`" "$readme" || missing="$missing README"
	printf '%s\n' "$man_text" | grep -qE "(^|[^a-z])$name([^a-z]|$)" || missing="$missing man"
	printf '%s\n' "$help" | grep -qE "(^|[^a-z])$name([^a-z]|$)" || missing="$missing --help"
	expect_eq "docs/theme-$name" "${missing# }" ""
done

# The Diagnostics reference exists and covers each severity.
if grep -q '^## Diagnostics' "$readme"; then ok "docs/readme-diagnostics"; else
	notok "docs/readme-diagnostics" "README.md has no '## Diagnostics' section"; fi
