# Elements that run script or pull in other files, in SVG and in other
# namespaces, and handlers in any case: script, foreignObject with an
# iframe, XHTML script, handler, use/feImage/textPath of other files, a
# javascript: link. A <use> of an element in the same file stays.
mkdir -p course/assets
cat > course/assets/refs.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:ev="http://www.w3.org/2001/xml-events" width="40" height="20" OnLoad="alert(1)">
<script type="application/ecmascript"><![CDATA[alert(2)]]></script>
<h:script>alert(3)</h:script>
<handler ev:event="load">alert(4)</handler>
<foreignObject width="10" height="10"><h:iframe src="javascript:alert(5)"/></foreignObject>
<defs><rect id="box" width="10" height="10" fill="#246" onClick="alert(6)"/></defs>
<use xlink:href="#box"/>
<use xlink:href="other.svg#box" x="10"/>
<use href="https://example.org/sprites.svg#x" x="20"/>
<filter id="f"><feImage xlink:href="http://example.org/tex.png"/></filter>
<text><textPath xlink:href="../../secret.svg#p">path</textPath></text>
<a xlink:href="javascript:alert(7)"><circle cx="30" cy="10" r="5" ev:onactivate="alert(8)"/></a>
<iframe src="http://example.org/"/>
<object data="http://example.org/x.swf"/>
</svg>
SVG
printf -- '---\ntitle: Refs\n---\n\n![refs](assets/refs.svg)\n\nRefs done.\n' > course/01_refs.md
