# YAML collections nested 10,000 deep in front matter, and 65 deep
# (just past LIMIT_YAML_DEPTH) in course.yml.
mkdir -p course
{ printf -- '---\ntitle: Deep YAML\nx: '; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }'; printf -- '---\n\nBody.\n'; } > course/01_deep.md
printf -- '---\ntitle: Two\n---\n\nTwo.\n' > course/02_two.md
{ printf -- '- name: Deep\n  extra: '; awk 'BEGIN { for (i = 0; i < 65; i++) printf "{a: "; printf "1"; for (i = 0; i < 65; i++) printf "}"; print "" }'
  printf '  content:\n  - section:\n      name: S\n      content:\n      - 01_deep.md\n      - 02_two.md\n'; } > course/course.yml
