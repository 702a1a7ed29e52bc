# Broken SVGs: an unclosed element, a document cut short, no size at all
# and text that is not XML. Each prints the placeholder with a warning at
# its own line.
mkdir -p course/assets
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"></svg>\n' > course/assets/unclosed.svg
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect wid' > course/assets/cut.svg
printf '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>\n' > course/assets/empty.svg
printf '<svg this is not xml at all\n' > course/assets/junk.svg
printf -- '---\ntitle: Malformed\n---\n\n![a](assets/unclosed.svg)\n\n![b](assets/cut.svg)\n\n![c](assets/empty.svg)\n\n![d](assets/junk.svg)\n\nMalformed done.\n' > course/01_bad.md
