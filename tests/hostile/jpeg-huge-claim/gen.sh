# A JPEG whose frame header claims 65535 x 65535 (the format's maximum),
# and one claiming 0 x 0.
mkdir -p course/assets
python3 "$HOSTILE" jpeg-claim course/assets/huge.jpg 65535 65535
python3 "$HOSTILE" jpeg-claim course/assets/zero.jpg 0 0
printf -- '---\ntitle: Huge\n---\n\n![huge](assets/huge.jpg)\n\n![zero](assets/zero.jpg)\n\nHuge done.\n' > course/01_huge.md
