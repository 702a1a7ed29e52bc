# An image inside assets/ that is a symlink out, and an assets folder
# reached through a symlinked directory.
mkdir -p course/assets
ln -s ../../secret.png course/assets/pic.png
ln -s .. course/up
printf -- '---\ntitle: Links\n---\n\n![link](assets/pic.png)\n\n![dir](up/secret.png)\n' > course/01_a.md
