# One word of 10 MB in a paragraph, between two ordinary ones.
mkdir -p course
{ printf -- '---\ntitle: Word\n---\n\nBefore '; head -c 10000000 /dev/zero | tr '\0' 'x'; printf ' after.\n\nThe end.\n'; } > course/01_word.md
