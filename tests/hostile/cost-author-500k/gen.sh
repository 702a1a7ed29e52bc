# A course.yml-free course whose front matter names a 500 KB author.
mkdir -p course
{ printf -- '---\ntitle: Authored\nauthor: '; head -c 500000 /dev/zero | tr '\0' 'a'; printf '\n---\n\nThe end.\n'; } > course/01_author.md
