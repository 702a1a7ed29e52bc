# DOCTYPEs that declare entities: one spelling a javascript: link, one
# reading a file outside the course (secret.txt beside the course folder),
# and, in a second file, an expansion bomb. None may reach the book; the
# first file is packaged without them, the bomb is refused by the XML
# parser (left out with a warning) without costing time or memory.
mkdir -p course/assets
cat > course/assets/ent.svg <<'SVG'
<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY js "javascript:alert(1)">
<!ENTITY secret SYSTEM "../../secret.txt">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">
<a xlink:href="&js;"><rect width="40" height="20" fill="#246"/></a>
<rect width="4" height="2" onclick="&js;"/>
<text x="2" y="12">&secret;</text>
<text x="2" y="18" class="&js;">&js;</text>
</svg>
SVG
cat > course/assets/bomb.svg <<'SVG'
<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text class="&e;">&e;</text></svg>
SVG
printf -- '---\ntitle: Entities\n---\n\n![ent](assets/ent.svg)\n\n![bomb](assets/bomb.svg)\n\nEntities done.\n' > course/01_ent.md
