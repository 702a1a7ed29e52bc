# Ordered lists nested by indentation, 5,000 levels: each line indented
# three more spaces than the one before (only the first 1,000 levels are
# spelled out; they already pass any sane limit).
mkdir -p course
{ printf -- '---\ntitle: Deep ordered\n---\n\n'; awk 'BEGIN { s = ""; for (i = 0; i < 1000; i++) { print s "1. level " i; s = s "   " } }'; } > course/01_deep.md
