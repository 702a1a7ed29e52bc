# UTF-16BE with a BOM.
mkdir -p course
{ printf '\376\377'; printf -- '---\ntitle: Sixteen\n---\n\nText.\n' | iconv -f UTF-8 -t UTF-16BE; } > course/01_wide.md
