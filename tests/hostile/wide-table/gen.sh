# A pipe table with 300 columns and a few rows.
mkdir -p course
{
	printf -- '---\ntitle: Wide table\n---\n\n'
	awk 'BEGIN {
		for (r = 0; r < 6; r++) {
			printf "|"; for (c = 0; c < 300; c++) {
				if (r == 1) printf ":---|"; else printf " r%dc%d |", r, c }
			print "" } }'
	printf '\nAfter the table.\n'
} > course/01_wide.md
