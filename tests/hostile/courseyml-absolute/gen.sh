# course.yml names a lesson by an absolute path that exists (the secret
# beside the course) and one in /etc.
mkdir -p course
printf -- '---\ntitle: Inside\n---\n\nInside.\n' > course/01_in.md
printf -- '- name: Absolute\n  content:\n  - section:\n      name: S\n      content:\n      - 01_in.md\n      - %s/secret.md\n      - /etc/passwd\n' "$(pwd)" > course/course.yml
