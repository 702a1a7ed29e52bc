# 10,001 lesson files, one more than LIMIT_LESSONS.
mkdir -p course
awk 'BEGIN { for (i = 1; i <= 10001; i++) { f = sprintf("course/%05d.md", i); printf "---\ntitle: L%d\n---\n\nx\n", i > f; close(f) } }'
