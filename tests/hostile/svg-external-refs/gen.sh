# An SVG that reaches outside itself: an image beside the course (the
# secret.png the harness puts there), /etc/passwd, a web address, the
# secret SVG through <use>, stylesheets by @import and <?xml-stylesheet?>.
# librsvg gets no base file, so it follows none of them; the SVG prints
# with only its own frame.
mkdir -p course/assets
cat > course/assets/outward.svg <<'SVG'
<?xml version="1.0"?>
<?xml-stylesheet href="../../secret.txt" type="text/css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60">
<style>@import url("../../secret.txt"); @import url("file:///etc/passwd"); @import url("http://127.0.0.1:9/a.css");</style>
<image width="120" height="60" xlink:href="../../secret.png"/>
<image width="120" height="60" href="file:///etc/passwd"/>
<image width="120" height="60" href="http://127.0.0.1:9/x.png"/>
<use href="../../secret.svg#x"/>
<rect x="1" y="1" width="118" height="58" fill="none" stroke="blue"/>
</svg>
SVG
printf -- '---\ntitle: References\n---\n\n![refs](assets/outward.svg)\n\nReferences done.\n' > course/01_refs.md
