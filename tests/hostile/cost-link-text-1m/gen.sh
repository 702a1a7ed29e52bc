# A link whose text is 1 MB of words, and one whose address is 1 MB.
mkdir -p course
{
	printf -- '---\ntitle: Links\n---\n\n['
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "linkword%d ", i % 10 }'
	printf '](https://example.com/)\n\n[short](https://example.com/'
	head -c 1000000 /dev/zero | tr '\0' 'u'
	printf ')\n\nThe end.\n'
} > course/01_links.md
