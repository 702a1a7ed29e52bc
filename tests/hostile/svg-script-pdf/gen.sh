# Scripts, event handlers and a foreignObject in an SVG the PDF prints:
# librsvg has no script engine, so they do nothing; the PDF gets pixels
# and no JavaScript action (the harness checks), and the SVG still prints.
mkdir -p course/assets
cat > course/assets/active.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" onload="alert(1)">
<script type="text/javascript">document.write("x")</script>
<a xlink:href="javascript:alert(3)"><rect width="40" height="20" fill="green" onclick="alert(2)"/></a>
<foreignObject width="40" height="20"><iframe xmlns="http://www.w3.org/1999/xhtml" src="file:///etc/passwd"/></foreignObject>
</svg>
SVG
printf -- '---\ntitle: Active\n---\n\n![active](assets/active.svg)\n\nActive done.\n' > course/01_active.md
