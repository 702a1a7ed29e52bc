# Animations that would turn a harmless drawing active: set and animate
# aimed at event handlers and links (in every spelling of the attribute
# name), and animated values that fetch from outside the book. A plain
# animation of opacity is harmless and stays.
mkdir -p course/assets
cat > course/assets/anim.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">
<a xlink:href="#r"><rect id="r" width="40" height="20" fill="#246"/></a>
<set attributeName="onmouseover" to="alert(1)" begin="0s"/>
<set attributeName="ONCLICK" to="alert(2)"/>
<animate xlink:href="#r" attributeName="href" values="javascript:alert(3)" dur="1s"/>
<animate attributeName="xlink:href" values="javascript:alert(4)" dur="1s"/>
<animate attributeName=" xlink:href " from="#r" to="javascript:alert(5)" dur="1s"/>
<set xlink:href="#r" attributeName="fill" to="url(http://example.org/paint.svg#p)"/>
<animate attributeName="style" values="fill:url(https://example.org/x.png)" dur="1s"/>
<animate attributeName="opacity" values="0;1" dur="2s" repeatCount="indefinite"/>
</svg>
SVG
printf -- '---\ntitle: Animations\n---\n\n![anim](assets/anim.svg)\n\nAnimations done.\n' > course/01_anim.md
