# A PNG that claims 8000 x 8000 = 64 million pixels: past
# LIMIT_IMAGE_PIXELS (50 million), though the file is tiny.
mkdir -p course/assets
python3 "$HOSTILE" png-claim course/assets/big.png 8000 8000
printf -- '---\ntitle: Many pixels\n---\n\n![big](assets/big.png)\n\nPixels done.\n' > course/01_big.md
