# Includes that each include the next one four times, twelve deep: 4^12
# expansions of a few small files unless the number of includes is held.
mkdir -p course/_includes
printf 'title: Site\n' > course/_config.yml
i=1
while [ $i -le 12 ]; do
	n=$((i + 1))
	printf '{%% include b%d.md %%}{%% include b%d.md %%}{%% include b%d.md %%}{%% include b%d.md %%}\n' \
		$n $n $n $n > course/_includes/b$i.md
	i=$n
done
printf 'x\n' > course/_includes/b13.md
printf -- '---\ntitle: Bomb\n---\n\nBefore.\n\n{%% include b1.md %%}\n\nAfter.\n' > course/01_bomb.md
