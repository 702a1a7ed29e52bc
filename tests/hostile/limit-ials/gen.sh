# 50,001 kramdown attribute lists in one lesson: one past LIMIT_IALS.
mkdir -p course
{ printf -- '---\ntitle: IALs\n---\n\n'; awk 'BEGIN { for (i = 0; i <= 50000; i++) print "w{:.c}" }'; } > course/01_ial.md
