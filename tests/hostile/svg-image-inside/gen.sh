# <image> in an SVG: kept only when it shows an image the book holds
# (here photo.png, which a lesson also shows), with a width and height
# (the photo's own 30×20 pixels when the SVG gives none); left out when it
# names the web, a data: URL, a file outside the course folder, a course
# file the book does not hold, or another SVG.
mkdir -p course/assets/pics
python3 "$HOSTILE" png course/assets/pics/photo.png 30 20
python3 "$HOSTILE" png course/assets/unused.png 5 5
cat > course/assets/inside.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">
<image x="0" y="0" width="60" height="40" xlink:href="pics/photo.png"/>
<image x="60" y="0" href="./pics/../pics/photo.png"/>
<image x="0" y="0" width="9" height="9" xlink:href="https://example.org/track.png"/>
<image x="0" y="0" width="9" height="9" xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>
<image x="0" y="0" width="9" height="9" xlink:href="../../secret.png"/>
<image x="0" y="0" width="9" height="9" xlink:href="/etc/passwd"/>
<image x="0" y="0" width="9" height="9" xlink:href="unused.png"/>
<image x="0" y="0" width="9" height="9" xlink:href="inside.svg"/>
<image x="0" y="0" width="9" height="9"/>
</svg>
SVG
printf -- '---\ntitle: Images\n---\n\n![inside](assets/inside.svg)\n\n![photo](assets/pics/photo.png)\n\nImages done.\n' > course/01_img.md
