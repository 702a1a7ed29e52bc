# The same alias explosion inside course.yml, in the content list the
# loader has to walk.
mkdir -p course
printf -- '---\ntitle: One\n---\n\nBody.\n' > course/01_one.md
{
	printf -- '- name: Laughs\n  x0: &x0 [{section: {name: s, content: [01_one.md]}}, {section: {name: s, content: [01_one.md]}}]\n'
	i=1
	while [ $i -le 24 ]; do
		p=$((i - 1))
		printf '  x%d: &x%d [*x%d, *x%d]\n' $i $i $p $p
		i=$((i + 1))
	done
	printf '  content: *x24\n'
} > course/course.yml
