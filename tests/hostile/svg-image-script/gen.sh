# An SVG image inside the course that carries a script and event handlers:
# if octavo copies SVGs into the EPUB, it must not copy active content.
mkdir -p course/assets
cat > course/assets/evil.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)">
<script>alert(2)</script>
<a xlink:href="javascript:alert(3)"><rect width="10" height="10"/></a>
<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(4)"/></foreignObject>
</svg>
SVG
printf -- '---\ntitle: SVG\n---\n\n![evil](assets/evil.svg)\n\nSVG done.\n' > course/01_svg.md
