# A lesson that is a symlink to a file outside the course.
mkdir -p course
printf -- '---\ntitle: Inside\n---\n\nInside.\n' > course/01_in.md
ln -s ../secret.md course/02_link.md
