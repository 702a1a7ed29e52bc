# A level-2 heading of 1 MB of words: it is laid out in the lesson and
# goes into the contents and the outline.
mkdir -p course
{ printf -- '---\ntitle: Heading\n---\n\n## '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "heading%d ", i % 10 }'; printf '\n\nThe end.\n'; } > course/01_heading.md
