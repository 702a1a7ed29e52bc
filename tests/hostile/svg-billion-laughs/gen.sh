# Ten levels of entities, each ten of the one below: 10^10 "lol"s if
# expanded. libxml2's amplification limit stops it; a placeholder prints.
mkdir -p course/assets
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE svg ['
	echo '<!ENTITY l0 "lol">'
	for i in 1 2 3 4 5 6 7 8 9 10; do
		p=$((i - 1))
		echo "<!ENTITY l$i \"&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;\">"
	done
	echo ']>'
	echo '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="2" y="20">&l10;</text></svg>'
} > course/assets/laughs.svg
printf -- '---\ntitle: Laughs\n---\n\n![laughs](assets/laughs.svg)\n\nLaughs done.\n' > course/01_laughs.md
