# 100,000 footnotes, each referring to the next (3.8 MB): past the
# 10,000-footnote limit, so an error, found while loading.
mkdir -p course
{
	printf -- '---\ntitle: Notes\n---\n\nStart[^n0].\n\n'
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "[^n%d]: Note %d, see[^n%d].\n\n", i, i, i + 1; print "[^n100000]: End." }'
} > course/01_notes.md
