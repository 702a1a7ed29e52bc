# A Jekyll site's _includes holding a symlink to a file outside it, and
# includes naming files above it with `..` and by absolute path.
mkdir -p course/_includes
printf 'title: Site\n' > course/_config.yml
ln -s ../../secret.md course/_includes/leak.md
printf -- '---\ntitle: Leaky\n---\n\nBefore.\n\n{%% include leak.md %%}\n' > course/01_leak.md
printf -- '---\ntitle: Dots\n---\n\n{%% include ../../secret.md %%} {%% include /etc/passwd %%}\n' > course/02_dots.md
