# <use> ten times over, 29 levels deep (10^29 rectangles if drawn), and
# 100000 nested groups: librsvg's limits on referenced elements and
# nesting stop both, and a placeholder prints with a warning.
mkdir -p course/assets
python3 - <<'PY'
u = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><defs><rect id="a0" width="1" height="1"/>'
for i in range(1, 30):
    u += '<g id="a%d">' % i + ''.join('<use xlink:href="#a%d"/>' % (i - 1) for _ in range(10)) + '</g>'
u += '</defs><use xlink:href="#a29"/></svg>\n'
open("course/assets/uses.svg", "w").write(u)
n = 100000
open("course/assets/deep.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' + '<g>' * n + '<rect width="5" height="5"/>' + '</g>' * n + '</svg>\n')
PY
printf -- '---\ntitle: Uses\n---\n\n![uses](assets/uses.svg)\n\n![deep](assets/deep.svg)\n\nUses done.\n' > course/01_uses.md
