# A 10 MB lesson of ordinary prose.
mkdir -p course
{ printf -- '---\ntitle: Big\n---\n\n'; awk 'BEGIN { p = "The quick brown fox jumps over the lazy dog while the course goes on and on. "; for (i = 0; i < 136000; i++) { printf "%s", p; if (i % 8 == 7) printf "\n\n" } }'; } > course/01_big.md
