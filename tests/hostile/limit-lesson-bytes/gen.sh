# A lesson just over the 16 MB file limit (LIMIT_LESSON_BYTES).
mkdir -p course
printf -- '---\ntitle: Fine\n---\n\nFine.\n' > course/01_fine.md
{ printf -- '---\ntitle: Too big\n---\n\n'; head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a'; } > course/02_big.md
