# A PNG with a good header and garbage after it, one cut after 20 bytes,
# an empty .png, and a text file named .png.
mkdir -p course/assets
python3 "$HOSTILE" png-corrupt course/assets/bad.png
python3 "$HOSTILE" png course/assets/full.png 40 40
head -c 20 course/assets/full.png > course/assets/cut.png
rm course/assets/full.png
: > course/assets/empty.png
echo 'not an image' > course/assets/text.png
printf -- '---\ntitle: Broken PNG\n---\n\n![bad](assets/bad.png)\n\n![cut](assets/cut.png)\n\n![empty](assets/empty.png)\n\n![text](assets/text.png)\n\nPNG done.\n' > course/01_png.md
