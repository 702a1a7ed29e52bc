# A lesson whose title is 20,000 characters: it is drawn on the cover,
# the contents, the outline, the chapter opening and every running head.
mkdir -p course
t=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "Zzzzzzzzzz" }')
printf -- '---\ntitle: %s\n---\n\nBody text.\n' "$t" > course/01_title.md
