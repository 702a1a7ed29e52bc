# NUL bytes in the body of an otherwise normal lesson.
mkdir -p course
printf -- '---\ntitle: Nul\n---\n\nab\000cd\000\000ef\n' > course/01_nul.md
