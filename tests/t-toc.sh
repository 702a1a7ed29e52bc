#!/bin/sh
# tests/t-toc.sh — `octavo toc --json` on a fixture course of every input
# form, compared exactly with the expected JSON and diagnostics.
#
# tests/fixtures/load/NAME/ holds course/ (or a `target` file naming what to
# pass as COURSE, for the single-lesson form), expected.json (stdout) and
# expected.stderr (stderr; absent when nothing may be printed). octavo runs
# inside the fixture folder so printed paths are short and stable.
. tests/lib.sh
for dir in "$TOP"/tests/fixtures/load/*/; do
	name=$(basename "$dir")
	target=$(cat "$dir/target" 2>/dev/null || echo course)
	out=$(cd "$dir" && "$OCTAVO" toc --json "$target" 2>"$dir/.stderr")
	status=$?
	err=$(cat "$dir/.stderr")
	rm -f "$dir/.stderr"
	expect_eq "toc/$name/status" "$status" 0
	expect_eq "toc/$name/json" "$out" "$(cat "$dir/expected.json")"
	expect_eq "toc/$name/stderr" "$err" "$(cat "$dir/expected.stderr" 2>/dev/null)"
	# the same output on one thread and on several
	one=$(cd "$dir" && "$OCTAVO" toc --json -j 1 "$target" 2>&1)
	many=$(cd "$dir" && "$OCTAVO" toc --json -j 4 "$target" 2>&1)
	expect_eq "toc/$name/threads" "$one" "$many"
done

# A generated course big enough for the threads to interleave: output and
# diagnostics must still be byte-identical for any -j.
big=$(tmpdir)/course
mkdir -p "$big"
i=1
while [ $i -le 200 ]; do
	n=$(printf '%03d' $i)
	next=$(printf '%03d' $((i + 1)))
	{
		printf -- '---\ntitle: Lesson %s\nnext: %s_l.html\n---\n\n' "$i" "$next"
		printf '## Part one {#p1}\n\nSee [the next](%s_l.html#part-two) and [a gap](#nowhere-%s).\n\n' "$next" "$i"
		printf '## Part two\n\n![pic](assets/%s.png){:.cover}\n\n{%% if x %%}{{ page.title }}\n' "$n"
	} >"$big/${n}_l.md"
	i=$((i + 1))
done
one=$("$OCTAVO" toc --json -j 1 "$big" 2>&1)
many=$("$OCTAVO" toc --json -j 8 "$big" 2>&1)
expect_eq "toc/generated-200/threads" "$one" "$many"
lines=$(printf '%s\n' "$one" | grep -c 'warning:')
# per lesson: a missing image, an unknown fragment, an unsupported tag;
# the last lesson's `next` and link lead nowhere (2 more)
expect_eq "toc/generated-200/diagnostics" "$lines" 602
