# The output is inside a folder that does not exist.
mkdir -p course
printf -- '---\ntitle: Fine\n---\n\nFine.\n' > course/01_fine.md
