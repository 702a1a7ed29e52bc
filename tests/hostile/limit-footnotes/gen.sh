# 10,001 footnotes in one lesson, one past LIMIT_FOOTNOTES.
mkdir -p course
printf -- '---\ntitle: Fine\n---\n\nFine.\n' > course/01_fine.md
{
	printf -- '---\ntitle: Notes\n---\n\n'
	awk 'BEGIN { for (i = 0; i <= 10000; i++) printf "Text[^n%d].\n\n[^n%d]: Note.\n\n", i, i }'
} > course/02_notes.md
