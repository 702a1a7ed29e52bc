# SVG nested deeper than the cleaner walks (150 groups, script and a
# handler at the bottom), and one deeper than libxml2 parses (300): the
# first is cut at depth 100 and packaged, the second is left out with a
# warning; neither may exhaust the stack.
mkdir -p course/assets
python3 - <<'PY'
def svg(depth):
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' + '<g>' * depth +
            '<rect width="5" height="5" onclick="alert(1)"/><script>alert(2)</script>' +
            '</g>' * depth + '</svg>\n')
open("course/assets/deep.svg", "w").write(svg(150))
open("course/assets/deeper.svg", "w").write(svg(300))
PY
printf -- '---\ntitle: Deep\n---\n\n![deep](assets/deep.svg)\n\n![deeper](assets/deeper.svg)\n\nDeep done.\n' > course/01_deep.md
