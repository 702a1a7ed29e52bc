# 20000 <image> elements, half of an image the book holds and half of
# files it does not: each lookup must be quick, and the warning one line.
mkdir -p course/assets
python3 "$HOSTILE" png course/assets/tile.png 4 4
python3 - <<'PY'
parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="400">']
for i in range(10000):
    parts.append('<image x="%d" y="%d" width="4" height="4" xlink:href="tile.png"/>' % (i % 100 * 4, i // 100 * 4))
    parts.append('<image x="0" y="0" width="4" height="4" xlink:href="missing-%d.png"/>' % i)
parts.append('</svg>\n')
open("course/assets/tiles.svg", "w").write("\n".join(parts))
PY
printf -- '---\ntitle: Tiles\n---\n\n![tiles](assets/tiles.svg)\n\n![tile](assets/tile.png)\n\nTiles done.\n' > course/01_tiles.md
