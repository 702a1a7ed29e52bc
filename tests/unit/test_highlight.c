/* test_highlight.c — the highlighter: spans always tile the input exactly
 * (also for random bytes and unterminated constructs), and the tokens a
 * reader looks at get the right class in each language. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/highlight.h"
#include "unit.h"

/* Spans cover [0, len) in order, without gaps or overlaps. */
static int tiles(const struct hl_span *v, size_t n, size_t len)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].start != at || (int)v[i].cls < 0 || v[i].cls >= HL_CLASS_COUNT)
			return 0;
		at += v[i].len;
	}
	return at == len;
}

/* The class of the span holding the first occurrence of `word` in code,
 * provided one span covers the whole word; -1 otherwise. */
static int class_of(const char *lang, const char *code, const char *word)
{
	struct hl_span *v;
	size_t len = strlen(code);
	size_t n = highlight(lang, code, len, &v);
	const char *p = strstr(code, word);
	int cls = -1;
	if (p && tiles(v, n, len)) {
		size_t at = (size_t)(p - code), end = at + strlen(word);
		for (size_t i = 0; i < n; i++)
			if (v[i].start <= at && end <= v[i].start + v[i].len)
				cls = (int)v[i].cls;
	}
	free(v);
	return cls;
}

static int tiles_text(const char *lang, const char *code, size_t len)
{
	struct hl_span *v;
	size_t n = highlight(lang, code, len, &v);
	int ok = tiles(v, n, len);
	/* never split a UTF-8 sequence: no span starts on a continuation byte */
	for (size_t i = 0; ok && i < n; i++)
		if (v[i].start < len && ((unsigned char)code[v[i].start] & 0xC0) == 0x80)
			ok = 0;
	free(v);
	return ok;
}

static const char *const all_langs[] = {
	"rust", "python", "c", "bash", "sql", "yaml", "toml", "html", "json",
	"javascript", "ruby", "css", "console", "cpp", NULL, "nosuchlang"};

int main(void)
{
	/* Rust */
	const char *rs =
	    "#[derive(Debug)]\nstruct Point { x: i32 }\n"
	    "fn main() {\n    let s = r#\"raw \"quoted\" text\"#;\n"
	    "    println!(\"{}\", s); // done\n    let c = 'x'; let n = 0x1F_u8;\n"
	    "    fn f<'a>(v: &'a str) -> Option<String> { None }\n}\n";
	CHECK("rust attribute", class_of("rust", rs, "#[derive(Debug)]") == HL_ATTR);
	CHECK("rust keyword", class_of("rust", rs, "struct") == HL_KEYWORD);
	CHECK("rust primitive type", class_of("rust", rs, "i32") == HL_TYPE);
	CHECK("rust raw string", class_of("rust", rs, "r#\"raw \"quoted\" text\"#") == HL_STRING);
	CHECK("rust macro", class_of("rust", rs, "println!") == HL_MACRO);
	CHECK("rust comment", class_of("rust", rs, "// done") == HL_COMMENT);
	CHECK("rust char literal", class_of("rust", rs, "'x'") == HL_STRING);
	CHECK("rust lifetime is not a string", class_of("rust", rs, "'a>") != HL_STRING);
	CHECK("rust hex number", class_of("rust", rs, "0x1F_u8") == HL_NUMBER);
	CHECK("rust function name", class_of("rust", rs, "main") == HL_FUNCTION);
	CHECK("rust capitalised type", class_of("rust", rs, "String") == HL_TYPE);
	CHECK("rust builtin", class_of("rust", rs, "None") == HL_BUILTIN);
	CHECK("rust name after fn is a function even before generics",
	      class_of("rust", rs, "f<") == -1 && class_of("rust", "fn longest<'a>(x: &'a str)", "longest") == HL_FUNCTION);
	CHECK("c struct tag is a type", class_of("c", "struct point p;", "point") == HL_TYPE);
	CHECK("python class name is a type", class_of("python", "class Shape(Base):", "Shape") == HL_TYPE);
	CHECK("rust range is not a float", class_of("rust", "for i in 0..10 {}", "0..10") == -1);

	/* Python */
	const char *py = "@dataclass\nclass A:\n    '''doc \"string\"\n    more'''\n"
			 "    def f(self):  # note\n        return f\"{x}\" + b'y' + 1.5e-3\n";
	CHECK("python decorator", class_of("py", py, "@dataclass") == HL_ATTR);
	CHECK("python triple quote", class_of("py", py, "'''doc \"string\"\n    more'''") == HL_STRING);
	CHECK("python comment", class_of("python", py, "# note") == HL_COMMENT);
	CHECK("python f-string", class_of("python", py, "f\"{x}\"") == HL_STRING);
	CHECK("python bytes", class_of("python", py, "b'y'") == HL_STRING);
	CHECK("python exponent", class_of("python", py, "1.5e-3") == HL_NUMBER);
	CHECK("python keyword def", class_of("python", py, "def") == HL_KEYWORD);
	CHECK("python self", class_of("python", py, "self") == HL_BUILTIN);

	/* C */
	const char *c = "#include <stdio.h>\n#define X(a) \\\n  (a)\nint main(void) { /* hi */ return printf(\"%d\\n\", 'c'); }\n";
	CHECK("c preprocessor", class_of("c", c, "#include <stdio.h>") == HL_MACRO);
	CHECK("c continued directive", class_of("C", c, "#define X(a) \\\n  (a)") == HL_MACRO);
	CHECK("c block comment", class_of("c", c, "/* hi */") == HL_COMMENT);
	CHECK("c type", class_of("c", c, "int") == HL_TYPE);
	CHECK("c char", class_of("c", c, "'c'") == HL_STRING);
	CHECK("c++ alias", highlight_knows("c++") && highlight_knows("cpp"));

	/* shell */
	const char *sh = "export PATH=$HOME/bin:${PATH} # add\necho 'it''s' \"$1\" $# done\nif [ -f x ]; then ls; fi\n";
	CHECK("shell variable", class_of("bash", sh, "$HOME") == HL_VARIABLE);
	CHECK("shell braced variable", class_of("sh", sh, "${PATH}") == HL_VARIABLE);
	CHECK("shell comment", class_of("shell", sh, "# add") == HL_COMMENT);
	CHECK("shell $# is not a comment", class_of("zsh", sh, "$#") == HL_VARIABLE);
	CHECK("shell single quotes", class_of("console", sh, "'it'") == HL_STRING);
	CHECK("shell keyword", class_of("bash", sh, "then") == HL_KEYWORD);
	CHECK("shell builtin", class_of("bash", sh, "echo") == HL_BUILTIN);
	CHECK("shell option with digits is one plain word",
	      class_of("bash", "curl --tlsv1.2 -sSf https://sh.rustup.rs | sh", "--tlsv1.2") == HL_PLAIN);
	CHECK("shell url is one plain word",
	      class_of("bash", "curl --tlsv1.2 -sSf https://sh.rustup.rs | sh", "https://sh.rustup.rs") == HL_PLAIN);
	CHECK("shell number", class_of("bash", "sleep 10", "10") == HL_NUMBER);

	/* SQL */
	const char *sql = "SELECT name, COUNT(*) FROM users -- all\nWHERE id = 'a''b' AND n > 10;\nCREATE TABLE t (id INTEGER);";
	CHECK("sql keyword upper", class_of("sql", sql, "SELECT") == HL_KEYWORD);
	CHECK("sql comment", class_of("sql", sql, "-- all") == HL_COMMENT);
	CHECK("sql string", class_of("sql", sql, "'a'") == HL_STRING);
	CHECK("sql type", class_of("sql", sql, "INTEGER") == HL_TYPE);
	CHECK("sql number", class_of("sql", sql, "10") == HL_NUMBER);

	/* YAML, TOML, JSON */
	const char *yml = "---\ntitle: \"Hello\" # c\nlist:\n  - name: x\n    n: 42\n    ok: true\n";
	CHECK("yaml key", class_of("yaml", yml, "title") == HL_ATTR);
	CHECK("yaml nested key", class_of("yml", yml, "name") == HL_ATTR);
	CHECK("yaml string", class_of("yaml", yml, "\"Hello\"") == HL_STRING);
	CHECK("yaml comment", class_of("yaml", yml, "# c") == HL_COMMENT);
	CHECK("yaml number", class_of("yaml", yml, "42") == HL_NUMBER);
	CHECK("yaml bool", class_of("yaml", yml, "true") == HL_BUILTIN);
	const char *toml = "[package]\nname = \"demo\"\nversion = '0.1'\n[dependencies]\nserde = { version = \"1\" } # x\n";
	CHECK("toml table", class_of("toml", toml, "[package]") == HL_TYPE);
	CHECK("toml key", class_of("toml", toml, "name") == HL_ATTR);
	CHECK("toml string", class_of("toml", toml, "\"demo\"") == HL_STRING);
	CHECK("toml comment", class_of("toml", toml, "# x") == HL_COMMENT);
	const char *json = "{\"key\": \"value\", \"n\": -1.5, \"b\": null}";
	CHECK("json key", class_of("json", json, "\"key\"") == HL_ATTR);
	CHECK("json value", class_of("json", json, "\"value\"") == HL_STRING);
	CHECK("json null", class_of("json", json, "null") == HL_BUILTIN);

	/* HTML and JavaScript */
	const char *html = "<!-- c --><a href=\"x.html\" class=big>T &amp; U</a>";
	CHECK("html comment", class_of("html", html, "<!-- c -->") == HL_COMMENT);
	CHECK("html tag", class_of("html", html, "<a") == HL_TAG);
	CHECK("html attribute", class_of("html", html, "href") == HL_ATTR);
	CHECK("html value", class_of("xml", html, "\"x.html\"") == HL_STRING);
	CHECK("html unquoted value", class_of("xml", html, "big") == HL_STRING);
	CHECK("html entity", class_of("html", html, "&amp;") == HL_BUILTIN);
	const char *js = "const x = `t ${y}`; // c\nfunction go() { return null; }\n";
	CHECK("js template", class_of("js", js, "`t ${y}`") == HL_STRING);
	CHECK("js keyword", class_of("javascript", js, "function") == HL_KEYWORD);
	CHECK("js function", class_of("js", js, "go") == HL_FUNCTION);

	/* unknown languages give one plain span */
	struct hl_span *v;
	size_t n = highlight("klingon", "a b c", 5, &v);
	CHECK("unknown language is plain", n == 1 && v[0].cls == HL_PLAIN && v[0].len == 5);
	free(v);
	n = highlight(NULL, "", 0, &v);
	CHECK("empty code", n >= 1 && tiles(v, n, 0));
	free(v);
	CHECK("knows rust", highlight_knows("rust") && highlight_knows("rs"));
	CHECK("fence info word with attributes", highlight_knows("rust,ignore"));
	CHECK("does not know klingon", !highlight_knows("klingon"));
	CHECK_STR("css class for keyword", hl_css_class(HL_KEYWORD), "hl-kw");
	CHECK("no css class for plain", hl_css_class(HL_PLAIN) == NULL);

	/* unterminated constructs and UTF-8 */
	static const char *const broken[] = {
	    "\"open string", "/* open comment", "r##\"raw", "'''triple", "<a href=\"x",
	    "<!-- c", "${x", "#[attr(", "'\\", "x: \"é", "naïve = 'ü' // ß\n",
	    "\xF0\x9F\x98\x80 emoji \"\xF0\x9F\x98\x80\"", "#!/bin/sh\n", "0x", "1e",
	    "'", "<", "&", "@", "$", "#", "-", "r#", "b'"};
	int all_ok = 1;
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++)
		for (size_t k = 0; k < sizeof all_langs / sizeof all_langs[0]; k++)
			if (!tiles_text(all_langs[k], broken[i], strlen(broken[i])))
				all_ok = 0;
	CHECK("unterminated input tiles in every language", all_ok);

	/* random bytes (a fixed seed: the test is deterministic) */
	uint32_t seed = 12345;
	char *rnd = malloc(4096);
	all_ok = 1;
	for (int round = 0; round < 200; round++) {
		size_t len = (size_t)(round * 20 % 4096);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* bias towards the characters lexers care about */
			static const char interesting[] = "\"'`#/*-<>!$&{}[]r\n\\ :=@.0";
			rnd[i] = (seed >> 16) % 3 ? interesting[(seed >> 8) % (sizeof interesting - 1)]
						  : (char)(seed >> 20);
		}
		for (size_t k = 0; k < sizeof all_langs / sizeof all_langs[0]; k++) {
			struct hl_span *w;
			size_t m = highlight(all_langs[k], rnd, len, &w);
			if (!tiles(w, m, len))
				all_ok = 0;
			free(w);
		}
	}
	free(rnd);
	CHECK("random bytes tile in every language", all_ok);

	/* pathological input stays linear: a megabyte of raw-string openers
	 * and quotes would take minutes if any scanner were quadratic */
	size_t big = 1 << 20;
	char *p = malloc(big);
	for (size_t i = 0; i < big; i++)
		p[i] = "r#\"#'/*<!"[i % 9];
	all_ok = 1;
	for (size_t k = 0; k < sizeof all_langs / sizeof all_langs[0]; k++) {
		struct hl_span *w;
		size_t m = highlight(all_langs[k], p, big, &w);
		if (!tiles(w, m, big))
			all_ok = 0;
		free(w);
	}
	free(p);
	CHECK("a megabyte of openers tiles", all_ok);
	return unit_done();
}
