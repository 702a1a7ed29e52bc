# Video and link URLs at the edges of what a QR code holds, broken embed
# URLs, and hundreds of videos and links in one lesson: each video still
# gets its box (one too long for a code prints its URL only), nothing
# crashes and nothing is warned about.
mkdir -p course
long=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "a" }')
{
	printf -- '---\ntitle: Videos at the edges\n---\n\n'
	printf '[too long for a code](https://www.youtube.com/watch?v=AbCdEf12345&x=%s)\n\n' "$long"
	printf '[almost empty](https://www.youtube.com/embed/) [no id](https://vimeo.com/) [short](https://youtu.be/)\n\n'
	printf '<iframe src="https://player.vimeo.com/video/987654321" title="a &amp; b"></iframe>\n\n'
	printf '| a |\n| --- |\n| [in a cell](https://youtu.be/CeLl0000001) |\n\n'
	awk 'BEGIN { for (i = 0; i < 300; i++) printf "Video [v%d](https://youtu.be/Id%09d) and [link %d](https://example.com/%d).\n", i, i, i, i }'
	printf '\n[%s](https://example.com/long-words)\n\nAfter the videos.\n' "$long"
} > course/01_videos.md
