# 2,000 lessons, each with a 1,000-character title: 2,000 warnings, and
# every contents entry, outline entry and running head cut.
mkdir -p course
awk 'BEGIN {
	t = ""; for (i = 0; i < 100; i++) t = t "Longtitle "
	for (i = 0; i < 2000; i++) {
		f = sprintf("course/%04d_l.md", i)
		printf "---\ntitle: %d %s\n---\n\nLesson body %d.\n", i, t, i > f
		close(f)
	} }'
