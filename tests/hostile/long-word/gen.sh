# One word of 200,000 characters in a paragraph, a heading and a code span.
mkdir -p course
w=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "abcdefghij" }')
printf -- '---\ntitle: Long word\n---\n\nBefore %s after.\n\n## %s\n\n`%s`\n' "$w" "$w" "$w" > course/01_long.md
