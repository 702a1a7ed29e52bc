# Files named .svg that are not SVG: XHTML with a script, an <svg> root in
# another namespace, and an empty file. Each is left out of the EPUB
# with a warning (the lesson shows the alt text), never copied.
mkdir -p course/assets
printf '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>\n' > course/assets/page.svg
printf '<svg xmlns="http://example.org/not-svg"><script>alert(2)</script></svg>\n' > course/assets/other.svg
: > course/assets/empty.svg
printf -- '---\ntitle: Not SVG\n---\n\n![page](assets/page.svg)\n\n![other](assets/other.svg)\n\n![empty](assets/empty.svg)\n\nNot SVG done.\n' > course/01_not.md
