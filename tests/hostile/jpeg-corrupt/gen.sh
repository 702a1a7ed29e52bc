# A JPEG that starts right and then is garbage, and a JPEG cut short.
mkdir -p course/assets
python3 "$HOSTILE" jpeg-corrupt course/assets/bad.jpg
python3 "$HOSTILE" jpeg-claim course/assets/cut.jpg 64 64
head -c 30 course/assets/cut.jpg > course/assets/cut2.jpg && mv course/assets/cut2.jpg course/assets/cut.jpg
printf -- '---\ntitle: Broken JPEG\n---\n\n![bad](assets/bad.jpg)\n\n![cut](assets/cut.jpg)\n\nJPEG done.\n' > course/01_jpg.md
