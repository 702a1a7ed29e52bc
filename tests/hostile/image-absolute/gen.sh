# Images named by an absolute path to a real file outside the course, and
# by a site-absolute path that climbs out.
mkdir -p course
printf -- '---\ntitle: Absolute images\n---\n\n![abs](%s/secret.png)\n\n![site](/learn/x/../../../secret.png)\n' "$(pwd)" > course/01_img.md
