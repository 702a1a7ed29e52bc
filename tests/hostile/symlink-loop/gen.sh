# Symlinks that point at each other, a self loop, and a directory loop.
mkdir -p course/sub
printf -- '---\ntitle: Fine\n---\n\n![loop](assets/a.png)\n' > course/01_fine.md
ln -s 03_b.md course/02_a.md
ln -s 02_a.md course/03_b.md
ln -s self.png course/self.png
mkdir -p course/assets
ln -s b.png course/assets/a.png
ln -s a.png course/assets/b.png
ln -s .. course/sub/loop
