# GIFs whose screens claim 65535 x 65535 pixels (over the loader's limit)
# and 7000 x 7000 (under it, but over the decoder's), each holding a
# single 1 x 1 frame: no memory may be spent on the claims.
mkdir -p course/assets
python3 "$HOSTILE" gif-claim course/assets/huge.gif 65535 65535
python3 "$HOSTILE" gif-claim course/assets/big.gif 7000 7000
printf -- '---\ntitle: Huge\n---\n\n![huge](assets/huge.gif)\n\n![big](assets/big.gif)\n\nHuge done.\n' > course/01_huge.md
