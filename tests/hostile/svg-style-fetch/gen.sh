# Style sheets and paint that would fetch from outside the book: @import
# (also spelt with a CSS escape), url() in a sheet, in a style attribute
# and in a presentation attribute, and an xml-stylesheet instruction.
# url(#id) inside the file is harmless and stays.
mkdir -p course/assets
cat > course/assets/styled.svg <<'SVG'
<?xml version="1.0"?>
<?xml-stylesheet type="text/css" href="http://example.org/sheet.css"?>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
<style>@import url(http://example.org/evil.css); rect { fill: #246 }</style>
<style>@\69mport "http://example.org/escaped.css";</style>
<style>circle { fill: url( "https://example.org/paint.svg#p" ) }</style>
<style>@font-face { font-family: X; src: url(//example.org/x.woff) }</style>
<style>ellipse { fill: url(#g) }</style>
<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
<rect width="40" height="20" style="fill: URL(http://example.org/bg.png)"/>
<circle cx="5" cy="5" r="4" fill="url(http://example.org/p.svg#x)" stroke="url(#g)"/>
<ellipse cx="20" cy="10" rx="4" ry="2" style="background-image: image-set('http://example.org/a.png' 1x)"/>
</svg>
SVG
printf -- '---\ntitle: Styles\n---\n\n![styled](assets/styled.svg)\n\nStyles done.\n' > course/01_style.md
