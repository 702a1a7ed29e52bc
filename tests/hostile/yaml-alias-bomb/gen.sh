# "Billion laughs": each alias doubles (here, multiplies by nine) the
# size of the tree if a loader copies aliased nodes.
mkdir -p course
{
	printf -- '---\ntitle: Laughs\n'
	printf 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
	i=1
	while [ $i -le 12 ]; do
		p=$((i - 1))
		printf 'a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n' $i $i $p $p $p $p $p $p $p $p $p
		i=$((i + 1))
	done
	printf 'description: *a12\n---\n\nBody.\n'
} > course/01_laugh.md
