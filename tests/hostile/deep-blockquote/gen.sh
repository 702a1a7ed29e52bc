# Block quotes nested 5,000 deep on one line.
mkdir -p course
{ printf -- '---\ntitle: Deep quotes\n---\n\n'; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "> "; print "bottom" }'; } > course/01_deep.md
