# The output names an existing folder.
mkdir -p course out/book.pdf out/book.epub
printf -- '---\ntitle: Fine\n---\n\nFine.\n' > course/01_fine.md
