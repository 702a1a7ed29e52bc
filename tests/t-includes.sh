#!/bin/sh
# tests/t-includes.sh — Jekyll's {% include %}: where the includes folder
# comes from (walking up to the site's _config.yml, --includes,
# `includes:` in course.yml or _config.yml), what an include inserts
# (the file with include.KEY set, .html through the raw-HTML path), the
# places diagnostics name, and what is refused: cycles, deep nesting and
# names that leave the includes folder (by `..` or a symlink), whose text
# must never reach the output. The fixtures are tests/fixtures/includes/;
# cases that need a broken site are made from a copy of it. Every written
# book goes through pdftotext, epubcheck and qpdf --check.
. tests/lib.sh

FIX="$TOP/tests/fixtures/includes"
T=$(tmpdir)
EPUBCHECK="java -jar /usr/share/java/epubcheck.jar"

# build NAME COURSE [ARGS...]: build COURSE (run inside $T, where the
# site copy is) into $T/NAME.pdf and .epub; status in $T/NAME.rc, stderr
# in $T/NAME.err, the PDF text in $T/NAME.txt, the EPUB text in NAME.xh
build() {
	name=$1 course=$2
	shift 2
	(cd "$T" && SOURCE_DATE_EPOCH=1735689600 "$OCTAVO" build "$course" -o "$name.pdf" \
		-o "$name.epub" "$@" 2>"$name.err")
	echo $? >"$T/$name.rc"
	pdftotext "$T/$name.pdf" "$T/$name.txt" 2>/dev/null || : >"$T/$name.txt"
	unzip -p "$T/$name.epub" 'OEBPS/ch*.xhtml' >"$T/$name.xh" 2>/dev/null || : >"$T/$name.xh"
}

# valid NAME: both files pass their validators (epubcheck takes seconds,
# so only with a second argument: the first build, which has every kind
# of include)
valid() {
	check "includes/$1/qpdf" qpdf --check "$T/$1.pdf"
	[ -n "$2" ] || return 0
	if $EPUBCHECK "$T/$1.epub" >"$T/$1.ec" 2>&1 && grep -q "0 fatals / 0 errors / 0 warnings" "$T/$1.ec"; then
		ok "includes/$1/epubcheck"
	else
		notok "includes/$1/epubcheck" "$(grep -E 'ERROR|WARNING|FATAL' "$T/$1.ec" | head -n 3)"
	fi
}

# has NAME FILE TEXT / hasnt NAME FILE TEXT
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else notok "$1" "'$3' not in $(basename "$2")"; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then notok "$1" "'$3' is in $(basename "$2")"; else ok "$1"; fi; }
# Text in the PDF may be broken across lines; compare it with spaces.
flat() { tr '\n' ' ' <"$T/$1.txt" | tr -s ' ' >"$T/$1.flat"; }

cp -R "$FIX/site" "$FIX/other" "$FIX/keyed" "$T/"

# --- 1. walking up to the site's _config.yml, no option -------------------
build walk site/learn/course -v
expect_eq "includes/walk/status" "$(cat "$T/walk.rc")" 0
has "includes/walk/-v-says-where" "$T/walk.err" \
	"octavo: includes folder site/_includes (found beside the Jekyll site's site/_config.yml, walking up from the course folder)"
valid walk epubcheck
flat walk
has "includes/walk/pdf-key-substituted" "$T/walk.flat" "Note: Borrowed values go back to their owner, as the walkthrough shows."
has "includes/walk/pdf-html-include" "$T/walk.flat" "Boxed reminder words"
has "includes/walk/pdf-nested-include-variable-param" "$T/walk.flat" "Outer include line. Note: Shared snippets, as the walkthrough shows."
has "includes/walk/pdf-lesson-text-after" "$T/walk.flat" "The closing paragraph has a stray link on line 14."
hasnt "includes/walk/pdf-no-script" "$T/walk.flat" "stealCookies"
hasnt "includes/walk/pdf-no-liquid-left" "$T/walk.flat" "include."
has "includes/walk/epub-key-substituted" "$T/walk.xh" "Borrowed values go back to their owner"
has "includes/walk/epub-html-include" "$T/walk.xh" '<div class="box"><p>Boxed reminder words</p></div>'
hasnt "includes/walk/epub-no-script" "$T/walk.xh" "stealCookies"
has "includes/walk/epub-video-link-canonical" "$T/walk.xh" 'href="https://www.youtube.com/watch?v=Xy3_kLm9QpA&amp;t=42"'
has "includes/walk/epub-iframe-canonical" "$T/walk.xh" '>https://www.youtube.com/watch?v=Xy3_kLm9QpA&amp;t=7</a>'
has "includes/walk/pdf-iframe-canonical" "$T/walk.flat" "https://www.youtube.com/watch?v=Xy3_kLm9QpA&t=7"
# the lesson's own text keeps its place below multi-line includes
has "includes/walk/place-after-includes" "$T/walk.err" \
	"site/learn/course/01_intro.md:14:29: warning: link to 'nowhere.html' does not lead to a lesson of this book"
# raw HTML that came from an include is reported at the include tag
has "includes/walk/place-of-html-from-include" "$T/walk.err" \
	"site/learn/course/01_intro.md:10:1: warning: raw HTML <script> left out of the EPUB"
# a Liquid problem inside the include: the include file's place, and the tag's
has "includes/walk/place-inside-include" "$T/walk.err" \
	"site/_includes/typo.md:1:19: warning: {{ page.nosuchkey }}: the front matter has no such key; printed as nothing (included from site/learn/course/02_more.md:8:1)"
# an unknown include keeps today's warning
has "includes/walk/missing-include-warns" "$T/walk.err" \
	"site/learn/course/02_more.md:6:1: warning: Liquid tag {% include %} is not supported; removed"
expect_eq "includes/walk/warnings" "$(grep -c ': warning: ' "$T/walk.err")" 4

# the same course with its includes folder hidden: today's behaviour
mv "$T/site/_includes" "$T/site/_hidden"
build noinc site/learn/course -v
mv "$T/site/_hidden" "$T/site/_includes"
expect_eq "includes/none/status" "$(cat "$T/noinc.rc")" 0
has "includes/none/-v-says-why" "$T/noinc.err" "octavo: no includes folder: the Jekyll site at site has no _includes"
expect_eq "includes/none/each-include-warned" "$(grep -c 'Liquid tag {% include %} is not supported' "$T/noinc.err")" 5

# --- 2. --includes names another folder -----------------------------------
build opt site/learn/course --includes other -v
expect_eq "includes/option/status" "$(cat "$T/opt.rc")" 0
has "includes/option/-v" "$T/opt.err" "octavo: includes folder other (named by --includes)"
flat opt
has "includes/option/pdf-text" "$T/opt.flat" "OTHER-FOLDER-NOTE Borrowed values go back to their owner."
has "includes/option/epub-text" "$T/opt.xh" "OTHER-FOLDER-NOTE Borrowed values go back to their owner."
valid opt
(cd "$T" && "$OCTAVO" check site/learn/course --includes nowhere >/dev/null 2>"$T/optbad.err")
expect_eq "includes/option/missing-folder-status" "$?" 2
has "includes/option/missing-folder-message" "$T/optbad.err" "nowhere: error: cannot open the includes folder: No such file or directory"

# --- 3. includes: in course.yml, and in _config.yml -------------------------
build keyed keyed -v
expect_eq "includes/course.yml/status" "$(cat "$T/keyed.rc")" 0
has "includes/course.yml/-v" "$T/keyed.err" "octavo: includes folder keyed/parts (named by \`includes:\` in keyed/course.yml)"
flat keyed
has "includes/course.yml/pdf-text" "$T/keyed.flat" "KEYED-SNIPPET-TEXT from parts."
has "includes/course.yml/epub-text" "$T/keyed.xh" "KEYED-SNIPPET-TEXT from parts."
valid keyed
mkdir -p "$T/cfg"
cp "$T/keyed/01_k.md" "$T/cfg/" && cp -R "$T/keyed/parts" "$T/cfg/"
printf 'title: Config course\nincludes: parts\n' >"$T/cfg/_config.yml"
build cfg cfg -v
has "includes/_config.yml/-v" "$T/cfg.err" "octavo: includes folder cfg/parts (named by \`includes:\` in cfg/_config.yml)"
flat cfg
has "includes/_config.yml/pdf-text" "$T/cfg.flat" "KEYED-SNIPPET-TEXT from parts."
# includes: must stay inside the course folder
printf 'title: Config course\nincludes: ../site/_includes\n' >"$T/cfg/_config.yml"
build cfgout cfg
expect_eq "includes/_config.yml/outside-status" "$(cat "$T/cfgout.rc")" 1
expect_eq "includes/_config.yml/outside-message" "$(cat "$T/cfgout.err")" \
	"cfg/_config.yml:2:11: error: includes folder '../site/_includes' leaves the course folder"

# --- 4. refused includes: one error each, at line:col -------------------------
# bad LESSON-BODY: a copy of the site whose course has one lesson
bad() {
	rm -rf "$T/bad"
	cp -R "$T/site" "$T/bad"
	rm "$T/bad/learn/course/"*.md
	printf -- '---\ntitle: Bad\n---\n# Bad\n\nBefore.\n\n%s\n\nAfter.\n' "$1" >"$T/bad/learn/course/01_bad.md"
}
printf '{%% include cycle-b.md %%}\n' >"$T/site/_includes/cycle-a.md"
printf 'B says hi.\n{%% include cycle-a.md %%}\n' >"$T/site/_includes/cycle-b.md"
bad '{% include cycle-a.md %}'
build cycle bad/learn/course
expect_eq "includes/cycle/status" "$(cat "$T/cycle.rc")" 1
expect_eq "includes/cycle/one-error" "$(cat "$T/cycle.err")" \
	"bad/_includes/cycle-b.md:2:1: error: include cycle: cycle-a.md → cycle-b.md → cycle-a.md; not expanded (included from bad/learn/course/01_bad.md:8:1)"
check "includes/cycle/nothing-written" test ! -e "$T/cycle.pdf" -a ! -e "$T/cycle.epub"

i=1
while [ $i -le 17 ]; do
	printf 'Level %d.\n{%% include deep%d.md %%}\n' $i $((i + 1)) >"$T/site/_includes/deep$i.md"
	i=$((i + 1))
done
printf 'Bottom.\n' >"$T/site/_includes/deep18.md"
bad '{% include deep1.md %}'
build deep bad/learn/course
expect_eq "includes/deep/status" "$(cat "$T/deep.rc")" 1
expect_eq "includes/deep/one-error" "$(cat "$T/deep.err")" \
	"bad/_includes/deep16.md:2:1: error: includes nested more than 16 levels deep; not expanded (included from bad/learn/course/01_bad.md:8:1)"
# 16 levels are fine
bad '{% include deep3.md %}'
build deep16 bad/learn/course
expect_eq "includes/deep/16-levels-status" "$(cat "$T/deep16.rc")" 0
flat deep16
has "includes/deep/16-levels-text" "$T/deep16.flat" "Level 3. Level 4."
has "includes/deep/16-levels-bottom" "$T/deep16.flat" "Level 17. Bottom. After."

bad '{% include ../secret.md %}'
build dotdot bad/learn/course
expect_eq "includes/dotdot/status" "$(cat "$T/dotdot.rc")" 1
expect_eq "includes/dotdot/one-error" "$(cat "$T/dotdot.err")" \
	"bad/learn/course/01_bad.md:8:1: error: include '../secret.md' leaves the includes folder; not read"
check "includes/dotdot/nothing-written" test ! -e "$T/dotdot.pdf" -a ! -e "$T/dotdot.epub"

bad '{% include /etc/passwd %}'
build abs bad/learn/course
expect_eq "includes/absolute/one-error" "$(cat "$T/abs.err")" \
	"bad/learn/course/01_bad.md:8:1: error: include '/etc/passwd' leaves the includes folder; not read"

ln -s ../secret.md "$T/site/_includes/leak.md"
bad '{% include leak.md %}'
build symlink bad/learn/course
expect_eq "includes/symlink/status" "$(cat "$T/symlink.rc")" 1
expect_eq "includes/symlink/one-error" "$(cat "$T/symlink.err")" \
	"bad/learn/course/01_bad.md:8:1: error: include 'leak.md' leaves the includes folder; not read"
# a lesson may not be made to print the secret through --includes either:
# the folder the user names is the boundary
build symlink2 bad/learn/course --includes bad/_includes
hasnt "includes/symlink/no-secret-in-stderr" "$T/symlink2.err" "SECRET-SITE-TEXT"
for f in walk opt keyed cfg deep16; do
	hasnt "includes/$f/no-secret-in-pdf" "$T/$f.txt" "SECRET-SITE-TEXT"
	hasnt "includes/$f/no-secret-in-epub" "$T/$f.xh" "SECRET-SITE-TEXT"
done
rm -f "$T/site/_includes/leak.md"

# a too-large include file is refused
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T/site/_includes/big.md"
bad '{% include big.md %}'
build big bad/learn/course
expect_eq "includes/big/one-error" "$(cat "$T/big.err")" \
	"bad/learn/course/01_bad.md:8:1: error: include 'big.md' is larger than the 16 MiB limit"
rm -f "$T/site/_includes/big.md"

# many includes of a big file: held to the lesson size limit, quickly
head -c $((6 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T/site/_includes/six.md"
bad '{% include six.md %}{% include six.md %}{% include six.md %}'
build grow bad/learn/course
expect_eq "includes/grow/one-error" "$(cat "$T/grow.err")" \
	"bad/learn/course/01_bad.md:8:41: error: includes make the lesson larger than the 16 MiB limit"
rm -f "$T/site/_includes/six.md"

rm -rf "$T"
