# data: URLs are the one reference librsvg follows (they are inside the
# file); here they hold PNGs that claim 100000×100000 and 30000×30000
# pixels. librsvg's decoder would allocate what they claim, so octavo
# checks every data: picture first and prints a placeholder instead.
mkdir -p course/assets
python3 - <<'PY'
import base64, os, sys
sys.path.insert(0, os.path.dirname(os.environ["HOSTILE"]))
import hostile
imgs = "".join('<image width="60" height="30" href="data:image/png;base64,%s"/>' %
               base64.b64encode(hostile.png_claim(n, n)).decode() for n in (100000, 30000))
with open("course/assets/bomb.svg", "w") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30">%s<rect width="20" height="20"/></svg>\n' % imgs)
PY
printf -- '---\ntitle: Data\n---\n\n![bomb](assets/bomb.svg)\n\nData done.\n' > course/01_data.md
