/* highlight_lang.c — the languages the highlighter knows: for each, the
 * names a fence may give it, the scanner that reads it, its flags and its
 * keyword, type and built-in word lists (see highlight_scan.h). Adding a
 * language is adding a row here. */
#include "text/highlight_scan.h"

static const char *const rust_kw[] = {
	"as", "async", "await", "break", "const", "continue", "crate", "dyn",
	"else", "enum", "extern", "fn", "for", "if", "impl", "in", "let", "loop",
	"match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
	"static", "struct", "super", "trait", "type", "unsafe", "use", "where",
	"while", "union", NULL};
static const char *const rust_ty[] = {
	"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
	"u128", "usize", "f32", "f64", "bool", "char", "str", NULL};
static const char *const rust_bi[] = {
	"true", "false", "Some", "None", "Ok", "Err", NULL};

static const char *const py_kw[] = {
	"and", "as", "assert", "async", "await", "break", "class", "continue",
	"def", "del", "elif", "else", "except", "finally", "for", "from",
	"global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
	"pass", "raise", "return", "try", "while", "with", "yield", "match",
	"case", NULL};
static const char *const py_ty[] = {
	"int", "float", "str", "bool", "list", "dict", "tuple", "set", "bytes",
	"bytearray", "complex", "object", "frozenset", NULL};
static const char *const py_bi[] = {
	"True", "False", "None", "self", "print", "len", "range", "input",
	"open", "type", "isinstance", "enumerate", "zip", "map", "filter",
	"sorted", "sum", "min", "max", "abs", "round", "super", NULL};

static const char *const c_kw[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else",
	"enum", "extern", "for", "goto", "if", "inline", "register", "restrict",
	"return", "sizeof", "static", "struct", "switch", "typedef", "union",
	"volatile", "while", "class", "namespace", "template", "typename",
	"public", "private", "protected", "virtual", "new", "delete", "using",
	"try", "catch", "throw", "operator", "this", NULL};
static const char *const c_ty[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed",
	"unsigned", "bool", "_Bool", "size_t", "ssize_t", "int8_t", "int16_t",
	"int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
	"FILE", "std", "string", "vector", NULL};
static const char *const c_bi[] = {
	"NULL", "true", "false", "nullptr", "printf", "malloc", "free",
	"stdin", "stdout", "stderr", NULL};

static const char *const sh_kw[] = {
	"if", "then", "else", "elif", "fi", "for", "in", "do", "done", "case",
	"esac", "while", "until", "function", "return", "select", "time", NULL};
static const char *const sh_bi[] = {
	"echo", "cd", "export", "local", "source", "exit", "set", "unset",
	"read", "printf", "test", "sudo", "alias", "eval", "exec", "shift",
	"true", "false", NULL};

static const char *const sql_kw[] = {
	"select", "from", "where", "insert", "into", "values", "update", "set",
	"delete", "create", "table", "drop", "alter", "add", "index", "view",
	"join", "inner", "left", "right", "outer", "full", "cross", "on", "as",
	"and", "or", "not", "null", "is", "in", "like", "between", "order",
	"by", "group", "having", "limit", "offset", "distinct", "union", "all",
	"primary", "key", "foreign", "references", "default", "unique", "check",
	"constraint", "case", "when", "then", "else", "end", "exists", "begin",
	"commit", "rollback", "transaction", "asc", "desc", "if", "with",
	"returning", "autoincrement", NULL};
static const char *const sql_ty[] = {
	"int", "integer", "bigint", "smallint", "serial", "text", "varchar",
	"char", "boolean", "bool", "date", "time", "timestamp", "real", "float",
	"double", "decimal", "numeric", "blob", "json", NULL};
static const char *const sql_bi[] = {
	"count", "sum", "avg", "min", "max", "now", "coalesce", "true", "false",
	NULL};

static const char *const js_kw[] = {
	"break", "case", "catch", "class", "const", "continue", "debugger",
	"default", "delete", "do", "else", "export", "extends", "finally",
	"for", "function", "if", "import", "in", "instanceof", "let", "new",
	"return", "super", "switch", "this", "throw", "try", "typeof", "var",
	"void", "while", "with", "yield", "async", "await", "of", "static",
	"from", "interface", "type", "enum", "implements", NULL};
static const char *const js_ty[] = {
	"string", "number", "boolean", "any", "unknown", "never", "object",
	NULL};
static const char *const js_bi[] = {
	"true", "false", "null", "undefined", "NaN", "Infinity", "console",
	"window", "document", "require", "module", NULL};

static const char *const rb_kw[] = {
	"alias", "and", "begin", "break", "case", "class", "def", "defined?",
	"do", "else", "elsif", "end", "ensure", "for", "if", "in", "module",
	"next", "not", "or", "redo", "rescue", "retry", "return", "self",
	"super", "then", "unless", "until", "when", "while", "yield", NULL};
static const char *const rb_bi[] = {
	"true", "false", "nil", "puts", "print", "require", "attr_accessor",
	NULL};

static const char *const data_bi[] = {
	"true", "false", "null", "yes", "no", "on", "off", "~", "inf", "nan",
	NULL};

static const char *const css_kw[] = {
	"important", "inherit", "initial", "none", "auto", NULL};

static const struct lang langs[] = {
	{"rust rs", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_RUST | F_CAPS_TYPE | F_ML_STRING,
	 rust_kw, rust_ty, rust_bi},
	{"python py python3 py3 pycon ipython", SCAN_CODE,
	 F_HASH_COMMENT | F_TRIPLE_QUOTE | F_DECORATOR | F_STR_PREFIX |
	     F_CAPS_TYPE,
	 py_kw, py_ty, py_bi},
	{"c h cpp c++ cc cxx hpp hh arduino ino", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_PREPROC, c_kw, c_ty, c_bi},
	{"sh bash shell zsh ksh console shell-session shellsession terminal",
	 SCAN_CODE, F_HASH_COMMENT | F_SHELL | F_ML_STRING, sh_kw, NULL, sh_bi},
	{"sql mysql postgresql postgres psql sqlite plsql", SCAN_CODE,
	 F_DASH_COMMENT | F_BLOCK_COMMENT | F_FOLD, sql_kw, sql_ty, sql_bi},
	{"javascript js jsx mjs node typescript ts tsx", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_BACKTICK | F_CAPS_TYPE |
	     F_DOLLAR_IDENT,
	 js_kw, js_ty, js_bi},
	{"json jsonc json5", SCAN_CODE,
	 F_KEY_COLON | F_SLASH_COMMENT | F_BLOCK_COMMENT, NULL, NULL, data_bi},
	{"toml ini cfg", SCAN_CODE,
	 F_HASH_COMMENT | F_TRIPLE_QUOTE | F_KEY_EQ, NULL, NULL, data_bi},
	{"ruby rb", SCAN_CODE, F_HASH_COMMENT | F_CAPS_TYPE, rb_kw, NULL,
	 rb_bi},
	{"css scss less sass", SCAN_CODE,
	 F_SLASH_COMMENT | F_BLOCK_COMMENT | F_DECORATOR | F_DASH_IDENT, css_kw,
	 NULL, NULL},
	{"yaml yml", SCAN_YAML, 0, NULL, NULL, data_bi},
	{"html xml xhtml htm svg vue jinja liquid", SCAN_MARKUP, 0, NULL, NULL,
	 NULL},
};

const struct lang *hl_find_lang(const char *name)
{
	if (!name)
		return NULL;
	size_t n = strcspn(name, " \t,{");
	if (n == 0 || n > 32)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
		const char *p = langs[i].names;
		while (*p) {
			size_t m = strcspn(p, " ");
			if (m == n && !strncasecmp(p, name, n))
				return &langs[i];
			p += m;
			while (*p == ' ')
				p++;
		}
	}
	return NULL;
}
