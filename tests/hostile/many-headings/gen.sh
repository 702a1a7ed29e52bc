# 3,000 identical headings: ids must stay unique without quadratic work.
mkdir -p course
{ printf -- '---\ntitle: Same\n---\n\n'; awk 'BEGIN { for (i = 0; i < 3000; i++) print "## Same heading\n\ntext\n" }'; printf '[last](#same-heading-2999)\n'; } > course/01_same.md
