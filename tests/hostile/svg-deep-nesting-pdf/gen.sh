# 100000 nested groups: libxml2's nesting limit stops the parse before
# librsvg (or octavo) could recurse that deep, and a placeholder prints
# with a warning.
mkdir -p course/assets
python3 - <<'PY'
n = 100000
open("course/assets/deep.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' + '<g>' * n + '<rect width="5" height="5"/>' + '</g>' * n + '</svg>\n')
PY
printf -- '---\ntitle: Deep\n---\n\n![deep](assets/deep.svg)\n\nDeep done.\n' > course/01_deep.md
