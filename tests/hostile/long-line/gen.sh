# A 2 MB line inside a code block, and a 300,000-character URL.
mkdir -p course
{
	printf -- '---\ntitle: Long line\n---\n\n```\n'
	awk 'BEGIN { for (i = 0; i < 200000; i++) printf "0123456789"; print "" }'
	printf '```\n\n<https://example.com/'
	awk 'BEGIN { for (i = 0; i < 30000; i++) printf "abcdefghij" }'
	printf '>\n\nEnd.\n'
} > course/01_line.md
