#!/bin/sh
# tests/t-tagged.sh — the tagged PDF (PDF/UA-1) of the sample course and
# of generated courses in the built and the source form.
#
# tests/pdftags.py reads each PDF through `qpdf --json` and checks the
# machine-checkable PDF/UA-1 rules octavo implements, one check per rule,
# named after its clause (pdfua/7.1-marked-true, pdfua/7.2-lang,
# pdfua/7.3-figure-alt, pdfua/7.5-table-th, pdfua/7.9-note-id,
# pdfua/7.18.1-annot-in-tree, pdfua/7.18.3-tabs-s, pdfua/5-xmp-pdfuaid,
# ...), and the structure
# itself: only standard structure types (ISO 32000-1 §14.8.4); each page's
# MCIDs listed once in the ParentTree by the element that holds them and
# nothing drawn outside marked content; each lesson a Sect under its
# section's Part whose headings, in tree order, have the levels `octavo
# toc --json` gives and (for lessons/) the lessons' Markdown; every image
# a Figure with the Markdown's alt text. Also here: pdftotext reads the
# same text with and without tagging (--untagged), an untagged PDF has no
# structure, /Lang follows --lang, the XMP dates come from
# SOURCE_DATE_EPOCH, two builds are byte-identical and qpdf --check passes.
. tests/lib.sh
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600
for tool in qpdf pdftotext python3; do
	command -v $tool >/dev/null 2>&1 || { notok tagged/tools "$tool is needed (make test-deps)"; exit 0; }
done
PY="$TOP/tests/pdftags.py"

# build LABEL COURSE [OPTIONS...]: $T/LABEL.pdf and its toc
build() {
	label=$1 course=$2
	shift 2
	"$OCTAVO" build "$course" -q "$@" -o "$T/$label.pdf" 2>"$T/$label.err" ||
		{ notok "tagged/$label/build" "$(head -c 300 "$T/$label.err")"; return 1; }
	"$OCTAVO" toc --json "$course" >"$T/$label.toc.json" 2>/dev/null
	if qpdf --check "$T/$label.pdf" >"$T/$label.qpdf" 2>&1; then
		ok "tagged/$label/qpdf-check"
	else
		notok "tagged/$label/qpdf-check" "$(grep -v '^checking\|^PDF Version\|^File is' "$T/$label.qpdf" | head -n 2 | tr '\n' ' ')"
	fi
}

# the sample course: every check, its Markdown as the reference
if build lessons "$TOP/lessons"; then
	python3 "$PY" check tagged/lessons "$T/lessons.pdf" "$T/lessons.toc.json" en "$TOP/lessons"
	"$OCTAVO" build "$TOP/lessons" -q -o "$T/again.pdf" 2>/dev/null
	check tagged/lessons/deterministic cmp "$T/lessons.pdf" "$T/again.pdf"
	if "$OCTAVO" build "$TOP/lessons" -q --untagged -o "$T/untagged.pdf" 2>"$T/untagged.err"; then
		pdftotext "$T/lessons.pdf" "$T/tagged.txt"
		pdftotext "$T/untagged.pdf" "$T/untagged.txt"
		check tagged/lessons/pdftotext-unchanged cmp "$T/tagged.txt" "$T/untagged.txt"
		if grep -a -q 'StructTreeRoot\|/MarkInfo\|BDC' "$T/untagged.pdf"; then
			notok tagged/untagged-has-no-structure "--untagged wrote a structure tree or marked content"
		else
			ok tagged/untagged-has-no-structure
		fi
		# the text itself must be there (a blank PDF would compare equal)
		if grep -q 'Ownership' "$T/tagged.txt"; then ok tagged/lessons/pdftotext-has-text; else
			notok tagged/lessons/pdftotext-has-text "pdftotext read no lesson text"; fi
	else
		notok tagged/untagged-build "$(head -c 300 "$T/untagged.err")"
	fi
	# the metadata stream is plain text: its dates are SOURCE_DATE_EPOCH's
	if grep -a -q '<xmp:CreateDate>2025-01-01T00:00:00Z</xmp:CreateDate>' "$T/lessons.pdf"; then
		ok tagged/xmp-date-from-source-date-epoch
	else
		notok tagged/xmp-date-from-source-date-epoch "no xmp:CreateDate 2025-01-01T00:00:00Z"
	fi
fi

# courses in both forms real ones are written in, made by the bench's
# generator (navigation in every lesson's front matter, and course.yml
# with sections), and the sample course in another language, from --lang
python3 "$TOP/bench/gencourse.py" 12 "$T/built" --form nav >/dev/null
python3 "$TOP/bench/gencourse.py" 12 "$T/source" --form yml >/dev/null
for c in built source; do
	build "gen-$c" "$T/$c" &&
		python3 "$PY" check "tagged/gen-$c" "$T/gen-$c.pdf" "$T/gen-$c.toc.json" en
done
build lessons-fr "$TOP/lessons" --lang fr &&
	python3 "$PY" check tagged/lessons-fr "$T/lessons-fr.pdf" "$T/lessons-fr.toc.json" fr
