# An image that cannot be shown, with 1 MB of alt text (one word and
# then many): the PDF prints a placeholder box with the alt text cut to
# fit; and a missing image with a 1 MB file name.
mkdir -p course
{
	printf -- '---\ntitle: Alt\n---\n\n![a'
	head -c 500000 /dev/zero | tr '\0' 'a'
	awk 'BEGIN { for (i = 0; i < 50000; i++) printf " alt%d", i % 10 }'
	printf '](https://example.com/x.png)\n\n![b](assets/'
	head -c 1000000 /dev/zero | tr '\0' 'f'
	printf '.png)\n\nThe end.\n'
} > course/01_alt.md
