# A lesson saved as UTF-16LE with a BOM, as some Windows editors do.
mkdir -p course
printf -- '---\ntitle: Sixteen\n---\n\n# Wide\n\nText.\n' | iconv -f UTF-8 -t UTF-16LE > course/01_body.tmp
{ printf '\377\376'; cat course/01_body.tmp; } > course/01_wide.md
rm course/01_body.tmp
