# External entities naming /etc/passwd and the secret beside the course:
# librsvg loads no external entity, and an SVG that uses one is refused,
# so the PDF prints a placeholder with a warning at the image.
mkdir -p course/assets
cat > course/assets/xxe.svg <<'SVG'
<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY passwd SYSTEM "file:///etc/passwd">
<!ENTITY secret SYSTEM "../../secret.txt">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="2" y="20">&passwd;&secret;</text></svg>
SVG
printf -- '---\ntitle: Entities\n---\n\n![xxe](assets/xxe.svg)\n\nEntities done.\n' > course/01_xxe.md
