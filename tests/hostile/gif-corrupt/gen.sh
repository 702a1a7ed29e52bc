# A GIF whose frame data is garbage that runs off the end of the file, a
# GIF cut inside its colour map, and a good small GIF beside them that
# must still print.
mkdir -p course/assets
python3 "$HOSTILE" gif-corrupt course/assets/bad.gif
python3 "$HOSTILE" gif-claim course/assets/good.gif 3 2
head -c 16 course/assets/good.gif > course/assets/cut.gif
printf -- '---\ntitle: Broken GIF\n---\n\n![bad](assets/bad.gif)\n\n![cut](assets/cut.gif)\n\n![good](assets/good.gif)\n\nGIF done.\n' > course/01_gif.md
