# A fenced code block of 50,000 lines.
mkdir -p course
{ printf -- '---\ntitle: Long code\n---\n\nBefore.\n\n```c\n'; awk 'BEGIN { for (i = 0; i < 50000; i++) printf "int v%d = %d; /* line */\n", i, i }'; printf '```\n\nAfter.\n'; } > course/01_code.md
