# A code span of 9 MB with no space in it.
mkdir -p course
{ printf -- '---\ntitle: Span\n---\n\nCode: `'; head -c 9000000 /dev/zero | tr '\0' 'c'; printf '` done.\n\nThe end.\n'; } > course/01_span.md
