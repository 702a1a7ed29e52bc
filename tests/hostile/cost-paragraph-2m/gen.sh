# One paragraph of 2 MB of ordinary words, with no blank line: thirty
# times what the line breaker takes in one piece (PARA_PART_ITEMS).
mkdir -p course
{ printf -- '---\ntitle: Paragraph\n---\n\n'; awk 'BEGIN { for (i = 0; i < 27000; i++) printf "The quick brown fox jumps over the lazy dog while the course goes on and on. " }'; printf '\n\nThe end.\n'; } > course/01_para.md
