# A PNG whose header claims 100000 x 100000 pixels (30 GB decoded).
mkdir -p course/assets
python3 "$HOSTILE" png-claim course/assets/huge.png 100000 100000
printf -- '---\ntitle: Huge\n---\n\n![huge](assets/huge.png)\n\nHuge done.\n' > course/01_huge.md
