# An SVG that declares 100000×100000 pixels: the declared size is
# clamped to the 50-megapixel limit with a warning, and the raster is
# made for the page, not for the declared size.
mkdir -p course/assets
printf '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="100000" height="100000" fill="red"/></svg>\n' > course/assets/huge.svg
printf -- '---\ntitle: Huge\n---\n\n![huge](assets/huge.svg)\n\nHuge done.\n' > course/01_huge.md
