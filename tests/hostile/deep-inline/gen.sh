# Emphasis nested 5,000 deep in one paragraph, then 5,000 brackets that
# look like nested links, then 5,000 nested raw <span> tags.
mkdir -p course
{
	printf -- '---\ntitle: Deep inlines\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf (i % 2 ? "*a " : "_a "); printf "x"; for (i = 4999; i >= 0; i--) printf (i % 2 ? " a*" : " a_"); print "" }'
	echo
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; printf "x"; for (i = 0; i < 5000; i++) printf "](#)"; print "" }'
	echo
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "<span>"; printf "x"; for (i = 0; i < 5000; i++) printf "</span>"; print "" }'
} > course/01_deep.md
