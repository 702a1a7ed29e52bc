#!/bin/sh
# tests/t-install.sh — `make install PREFIX=...` works after a plain `make`.
#
# The installed data folder is compiled into the binary. A user who runs
# `make` and then `make install PREFIX=$HOME/.local` must get a binary that
# looks in $HOME/.local/share/octavo, not in the default /usr/local one.
# This builds into a folder of its own (unoptimised, to stay quick), once
# with the default PREFIX and then installs into a temporary prefix, and
# runs the installed binary from outside the source tree with no
# OCTAVO_DATA_DIR, so only the compiled-in folder can supply the fonts.
. tests/lib.sh

t=$(tmpdir)
b="$t/build"
p=$t/prefix
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory -C "$TOP" BUILD="$b" OPT=-O0 CFLAGS=-O0 "$@" >"$t/make.log" 2>&1; }

if mk all; then ok "install/plain-make"; else notok "install/plain-make" "$(tail -n 3 "$t/make.log")"; fi
expect_eq "install/stamp-default-prefix" "$(cat "$b/.prefix" 2>/dev/null)" "/usr/local"
if mk install PREFIX="$p"; then ok "install/make-install-prefix"; else
	notok "install/make-install-prefix" "$(tail -n 3 "$t/make.log")"; fi
expect_eq "install/stamp-follows-prefix" "$(cat "$b/.prefix" 2>/dev/null)" "$p"
check "install/binary-installed" test -x "$p/bin/octavo"
check "install/fonts-installed" test -f "$p/share/octavo/fonts/LiberationSerif-Regular.ttf"
check "install/styles-installed" test -f "$p/share/octavo/styles/default.yml"
check "install/man-page-installed" test -f "$p/share/man/man1/octavo.1"
check "install/binary-names-new-data-dir" grep -q "$p/share/octavo" "$p/bin/octavo"

# Run it as a user would: from a folder of their own, on a copy of the
# sample course, with nothing pointing back at the source tree.
mkdir -p "$t/home" && cp -R "$TOP/lessons" "$t/home/course"
(cd "$t/home" && env -u OCTAVO_DATA_DIR SOURCE_DATE_EPOCH=1735689600 "$p/bin/octavo" build course \
	-o book.pdf -o book.epub -q) >"$t/run.log" 2>&1
expect_eq "install/installed-binary-builds" "$?" 0
check "install/installed-pdf-written" test -s "$t/home/book.pdf"
check "install/installed-epub-written" test -s "$t/home/book.epub"
if command -v qpdf >/dev/null; then
	check "install/installed-pdf-qpdf-check" qpdf --check "$t/home/book.pdf"
fi
# The same PDF as the tree's own binary makes: the install changed where
# the data is found, not what is made from it.
(cd "$t/home" && SOURCE_DATE_EPOCH=1735689600 "$OCTAVO" build course -o tree.pdf -q) 2>/dev/null
check "install/installed-pdf-equals-tree-pdf" cmp "$t/home/book.pdf" "$t/home/tree.pdf"

# A second `make install` into the same prefix rebuilds nothing.
mk install PREFIX="$p"
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory -C "$TOP" BUILD="$b" OPT=-O0 CFLAGS=-O0 PREFIX="$p" -q "$b/octavo"
expect_eq "install/same-prefix-is-up-to-date" "$?" 0
rm -rf "$t"
