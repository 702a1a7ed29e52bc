# Emphasis, links and brackets nested 5,000 deep inside one paragraph.
mkdir -p course
{
	printf -- '---\ntitle: Deep inlines\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf (i % 2 ? "*" : "_"); printf "x"; for (i = 4999; i >= 0; i--) printf (i % 2 ? "*" : "_"); print "" }'
	echo
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; printf "x"; for (i = 0; i < 5000; i++) printf "](u)"; print "" }'
	echo
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "<span>"; printf "x"; for (i = 0; i < 5000; i++) printf "</span>"; print "" }'
} > course/01_deep.md
