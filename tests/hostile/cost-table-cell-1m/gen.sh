# A table whose one cell holds a 1 MB word, and another 1 MB of words.
mkdir -p course
{
	printf -- '---\ntitle: Table\n---\n\n| a | b |\n|---|---|\n| '
	head -c 1000000 /dev/zero | tr '\0' 't'
	printf ' | '
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "cell%d ", i % 10 }'
	printf '|\n\nThe end.\n'
} > course/01_table.md
