# Block quotes nested 65 deep: one past LIMIT_BLOCK_DEPTH (64), in the
# second lesson; the first nests 60 deep and is fine.
mkdir -p course
{ printf -- '---\ntitle: Deep but fine\n---\n\n'; awk 'BEGIN { for (i = 0; i < 60; i++) printf "> "; print "fine" }'; } > course/01_ok.md
{ printf -- '---\ntitle: Too deep\n---\n\nText.\n\n'; awk 'BEGIN { for (i = 0; i < 65; i++) printf "> "; print "too deep" }'; } > course/02_deep.md
