# A course.yml over 1 MB (LIMIT_CONFIG_BYTES), made of YAML comments.
mkdir -p course
printf -- '---\ntitle: One\n---\n\nOne.\n' > course/01_one.md
{ printf -- '- name: Big\n  content:\n  - section:\n      name: S\n      content:\n      - 01_one.md\n'
  awk 'BEGIN { for (i = 0; i < 20000; i++) print "# padding padding padding padding padding padding padding" }'; } > course/course.yml
