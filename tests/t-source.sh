#!/bin/sh
# tests/t-source.sh — the source tree keeps the shape a newcomer can read.
#
# src/ has one folder per pipeline stage (README, "Source tour"). These
# checks keep it that way as the code grows:
#   - no source file over 800 lines, no function over 80 (counted by
#     universal-ctags from the name line to the closing brace);
#   - every quoted include names a header under src/ by its folder, and
#     points down the pipeline: the folders each folder may include are in
#     the table below (a back end never includes the loader, the loader
#     never a back end);
#   - no header includes itself through others (no include cycle);
#   - every folder has its main header, opening with a comment that says
#     what the folder is for, and a line in the README's "Source tour".
. tests/lib.sh

src="$TOP/src"
MAX_FILE=800
MAX_FUNC=80

# folder: its main header, then the folders it may include (itself always)
rules='base:util.h:
text:text.h:base
image:image.h:base
font:fontset.h:base
book:book.h:base
course:course.h:base text image book
typeset:layout.h:base text font
pdf:pdf.h:base text image font typeset book
epub:epub.h:base text image book
cli:cli.h:base book course pdf epub'

folders=$(printf '%s\n' "$rules" | cut -d: -f1)
actual=$(cd "$src" && find . -mindepth 1 -maxdepth 1 -type d | sed 's,^\./,,' | sort)
expect_eq "source/folders-are-the-stages" "$(echo $actual)" "$(printf '%s\n' $folders | sort | tr '\n' ' ' | sed 's/ $//')"
loose=$(cd "$src" && find . -maxdepth 1 -type f -name '*.[ch]' | sed 's,^\./,,')
expect_eq "source/no-loose-files-in-src" "$(echo $loose)" ""

# File length, one check per file.
for f in $(cd "$src" && find . -name '*.[ch]' | sed 's,^\./,,' | sort); do
	n=$(wc -l <"$src/$f")
	if [ "$n" -le $MAX_FILE ]; then ok "source/length/$f"; else
		notok "source/length/$f" "$n lines, more than $MAX_FILE"; fi
done

# Function length, one check per .c file.
if command -v ctags >/dev/null && ctags --version 2>/dev/null | grep -q Universal; then
	for f in $(cd "$src" && find . -name '*.c' | sed 's,^\./,,' | sort); do
		long=$(ctags --language-force=C --kinds-C=f --fields=+ne -o - "$src/$f" |
			awk -F'\t' -v max=$MAX_FUNC '{
				l = 0; e = 0
				for (i = 4; i <= NF; i++) {
					if ($i ~ /^line:/) l = substr($i, 6)
					if ($i ~ /^end:/) e = substr($i, 5)
				}
				if (e - l + 1 > max) printf "%s (%d lines) ", $1, e - l + 1
			}')
		expect_eq "source/functions/$f" "$long" ""
	done
else
	notok "source/functions" "universal-ctags is not installed (make test-deps installs it)"
fi

# Includes: each quoted include is "folder/file.h", exists, and its folder
# is allowed for the includer's folder.
for rule in $(printf '%s\n' "$rules" | tr ' ' ','); do
	d=${rule%%:*}
	allow=" $d $(echo "${rule##*:}" | tr ',' ' ') "
	bad=
	for f in $(cd "$src/$d" && ls ./*.[ch] 2>/dev/null | sed 's,^\./,,'); do
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$src/$d/$f"); do
			to=${inc%%/*}
			if [ "$to" = "$inc" ] || [ ! -f "$src/$inc" ]; then
				bad="$bad $d/$f:\"$inc\"(not-a-src-header)"
			else
				case "$allow" in *" $to "*) ;; *) bad="$bad $d/$f:\"$inc\"(up-the-pipeline)" ;; esac
			fi
		done
	done
	expect_eq "source/includes-point-down/$d" "${bad# }" ""
done

# No include cycle among headers: repeatedly drop headers that include no
# remaining header; whatever is left sits on a cycle.
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for h in $(cd "$src" && find . -name '*.h' | sed 's,^\./,,'); do
	echo "$h $h" >>"$edges"
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$src/$h"); do
		[ -f "$src/$inc" ] && echo "$h $inc" >>"$edges"
	done
done
left=$(awk '{ if ($1 != $2) dep[$1] = dep[$1] " " $2; node[$1] = 1 }
	END {
		do {
			changed = 0
			for (n in node) {
				k = split(dep[n], a, " "); live = 0
				for (i = 1; i <= k; i++) if (a[i] in node) live = 1
				if (!live) { delete node[n]; changed = 1 }
			}
		} while (changed)
		for (n in node) printf "%s ", n
	}' "$edges")
expect_eq "source/no-include-cycle" "$left" ""

# Main headers: present, opening with a comment that says what the folder
# is for; and a line for each folder in the README's "Source tour".
tour=$(sed -n '/^## Source tour/,/^## /p' "$TOP/README.md")
for rule in $(printf '%s\n' "$rules" | tr ' ' ','); do
	d=${rule%%:*}
	h=$(echo "$rule" | cut -d: -f2)
	if [ -f "$src/$d/$h" ] && head -n 1 "$src/$d/$h" | grep -q '^/\*' &&
		[ "$(sed -n '1,/\*\//p' "$src/$d/$h" | wc -w)" -ge 40 ]; then
		ok "source/main-header/$d"
	else
		notok "source/main-header/$d" "src/$d/$h should open with a paragraph on what src/$d/ is for"
	fi
	if printf '%s\n' "$tour" | grep -q "src/$d/"; then ok "source/readme-tour/$d"; else
		notok "source/readme-tour/$d" "README.md's Source tour has no line for src/$d/"; fi
done
