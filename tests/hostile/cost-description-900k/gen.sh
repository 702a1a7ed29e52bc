# Front matter whose description is 900 KB of words, under the 1 MiB
# front matter limit: the chapter opening and the cover show it.
mkdir -p course
{ printf -- '---\ntitle: Described\ndescription: '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "describe%d ", i % 10 }'; printf '\n---\n\nThe end.\n'; } > course/01_desc.md
