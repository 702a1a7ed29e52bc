# Emphasis nested 300 deep inside a link: past LIMIT_NODE_DEPTH (256)
# with only two block levels.
mkdir -p course
{ printf -- '---\ntitle: Deep inlines\n---\n\n[link '; awk 'BEGIN { for (i = 0; i < 300; i++) printf (i % 2 ? "*" : "_"); printf "x"; for (i = 299; i >= 0; i--) printf (i % 2 ? "*" : "_"); }'; printf '](https://example.com)\n'; } > course/01_deep.md
