# 10,001 headings in one lesson: one past LIMIT_HEADINGS.
mkdir -p course
{ printf -- '---\ntitle: Headings\n---\n\n'; awk 'BEGIN { for (i = 0; i <= 10000; i++) print "## H\n" }'; } > course/01_h.md
