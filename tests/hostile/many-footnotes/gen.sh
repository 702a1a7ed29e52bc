# 5,000 footnotes, each referring to the next, and one referring to itself.
mkdir -p course
{
	printf -- '---\ntitle: Notes\n---\n\nStart[^n0].\n\n'
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "[^n%d]: Note %d, see[^n%d].\n\n", i, i, i + 1; print "[^n5000]: Self[^n5000]." }'
} > course/01_notes.md
