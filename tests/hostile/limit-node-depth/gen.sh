# Emphasis nested 300 deep inside a link ("_a *a _a … x … a_ a* a_"):
# past LIMIT_NODE_DEPTH (256) with only two block levels.
mkdir -p course
{ printf -- '---\ntitle: Deep inlines\n---\n\n'; awk 'BEGIN { printf "[link "; for (i = 0; i < 300; i++) printf (i % 2 ? "*a " : "_a "); printf "x"; for (i = 299; i >= 0; i--) printf (i % 2 ? " a*" : " a_"); print "](https://example.com)" }'; } > course/01_deep.md
