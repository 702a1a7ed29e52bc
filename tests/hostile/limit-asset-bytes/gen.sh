# A 65 MB image (sparse on disk): past LIMIT_ASSET_BYTES (64 MB).
mkdir -p course/assets
python3 "$HOSTILE" png course/assets/big.png 8 8
truncate -s 65M course/assets/big.png
printf -- '---\ntitle: Big image\n---\n\n![big](assets/big.png)\n\nBig done.\n' > course/01_big.md
