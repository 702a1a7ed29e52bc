# Bullet lists nested 5,000 deep ("- - - - … x").
mkdir -p course
{ printf -- '---\ntitle: Deep lists\n---\n\n'; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "- "; print "bottom" }'; } > course/01_deep.md
