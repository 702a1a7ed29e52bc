# An empty lesson, a lesson that is only front matter, and an empty
# course.yml next to them.
mkdir -p course
: > course/01_empty.md
printf -- '---\ntitle: Only front matter\n---\n' > course/02_front.md
printf -- '---\n---\n' > course/03_emptyfront.md
