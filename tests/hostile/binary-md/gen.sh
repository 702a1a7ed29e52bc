# A PNG image and a gzip stream saved with .md names next to a good lesson.
mkdir -p course
printf -- '---\ntitle: Good\n---\n\nGood lesson.\n' > course/01_good.md
python3 "$HOSTILE" png course/02_image.md 16 16
head -c 3000 /dev/zero | gzip -c > course/03_zipped.md
