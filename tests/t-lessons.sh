#!/bin/sh
# tests/t-lessons.sh — checks on the sample course in lessons/ itself.
#
# lessons/ is octavo's default input and the course the back-end tests
# render, so it must stay a complete, valid example: the 14 lessons of the
# built form with the same navigation in every front matter, every
# construct of DESIGN.md's input table present somewhere, every link,
# fragment and image resolvable, and images that are real PNG/JPEG files
# (and a well-formed SVG diagram) of a sensible size. A broken sample
# course would otherwise show up only as confusing failures in other
# people's tests.
. tests/lib.sh
command -v python3 >/dev/null 2>&1 || { notok lessons-python3 "python3 is needed (make test-deps)"; exit 0; }
python3 - "$TOP/lessons" <<'PY'
import os, re, struct, sys, unicodedata

root = sys.argv[1]
results = []

def check(name, cond, why=""):
    results.append(("ok " + name) if cond else ("not ok %s: %s" % (name, why or "failed")))

FILES = ["01_intro", "02_rust_and_python", "03_rust_basics", "04_ownership_and_borrowing",
         "05_structs_and_enums", "06_error_handling", "07_common_collections", "08_concurrency",
         "09_ecosystem_and_tools", "10_example", "11_rust_for_pico", "12_summary_and_resources",
         "13_cargo", "14_watch_and_read"]
SECTIONS = ["Overview", "Setting Up a Rust Environment", "Basics", "Tools and Ecosystem", "Rust for Pico"]

missing = [f for f in FILES if not os.path.isfile(os.path.join(root, f + ".md"))]
check("lessons-all-present", not missing, "missing %s" % missing)
extra = sorted(f for f in os.listdir(root) if f.endswith(".md") and f[:-3] not in FILES)
check("lessons-no-stray-md", not extra, "unexpected %s" % extra)
if missing:
    print("\n".join(results)); sys.exit(0)

src = {f: open(os.path.join(root, f + ".md"), encoding="utf-8").read() for f in FILES}
fm, body, body_line0 = {}, {}, {}
for f, text in src.items():
    m = re.match(r"---\n(.*?\n)---\n", text, re.S)
    check("lessons-front-matter-" + f, m is not None, "no front matter block")
    fm[f] = m.group(1) if m else ""
    body[f] = text[m.end():] if m else text
    body_line0[f] = text[:m.end()].count("\n") if m else 0

# --- front matter -------------------------------------------------------
def scalar(f, key):
    m = re.search(r"^%s: (.*)$" % key, fm[f], re.M)
    return m.group(1).strip() if m else None

navs = {f: re.search(r"^navigation:\n(.*)", fm[f], re.S | re.M) for f in FILES}
nav_texts = {f: (n.group(1) if n else "") for f, n in navs.items()}
check("lessons-navigation-in-every-lesson", all(navs.values()),
      "missing in %s" % [f for f in FILES if not navs[f]])
check("lessons-navigation-identical", len(set(nav_texts.values())) == 1,
      "navigation differs between lessons")
nav = nav_texts[FILES[0]]
links = re.findall(r"^\s+link: (\S+)$", nav, re.M)
check("lessons-navigation-order", links == [f + ".html" for f in FILES], "got %s" % links)
secs = [s.strip("'") for s in re.findall(r"^  - section: (.+)$", nav, re.M)]
check("lessons-navigation-sections", secs == SECTIONS, "got %s" % secs)
check("lessons-navigation-course-name", nav.startswith("- name: Introduction to Rust\n- content:\n"),
      "navigation must start with the course name, then content")

for i, f in enumerate(FILES):
    need = ["layout", "title", "author", "type", "cover", "date", "description", "percent", "duration"]
    absent = [k for k in need if scalar(f, k) is None]
    check("lessons-keys-" + f, not absent, "missing %s" % absent)
    prev = scalar(f, "previous"); nxt = scalar(f, "next")
    want_prev = FILES[i - 1] + ".html" if i > 0 else None
    want_next = FILES[i + 1] + ".html" if i + 1 < len(FILES) else None
    check("lessons-prev-next-" + f, prev == want_prev and nxt == want_next,
          "previous=%s next=%s" % (prev, nxt))
    check("lessons-date-" + f, re.fullmatch(r"\d{4}-\d\d-\d\d", scalar(f, "date") or "") is not None,
          "date is not a YAML date")
    title = (scalar(f, "title") or "").strip("'")
    navname = re.search(r"- name: (.+)\n\s+link: %s\.html" % f, nav)
    check("lessons-title-matches-nav-" + f, navname and navname.group(1).strip("'") == title,
          "title %r not the navigation name" % title)
    cover = scalar(f, "cover") or ""
    check("lessons-cover-exists-" + f, os.path.isfile(os.path.join(root, cover)), "no file %s" % cover)
    check("lessons-starts-with-cover-" + f,
          body[f].lstrip("\n").startswith('![cover image]({{page.cover}}){:class="cover"}'),
          "body must start with the cover image")
    for key in ("title", "description"):
        v = scalar(f, key) or ""
        if v[:1] not in "'\"" and re.search(r": |#", v):
            results.append("not ok lessons-yaml-plain-%s-%s: plain scalar with ': ' or '#'" % (key, f))
folded = [f for f in FILES if re.search(r"^description: .*\n  \S", fm[f], re.M)]
check("lessons-some-folded-descriptions", len(folded) >= 3, "only %d folded" % len(folded))

# --- code fences, and text outside them ---------------------------------
def split_code(text):
    """Yield (is_code, info, lines) blocks; fenced code only."""
    out, cur, code, info, fence = [], [], False, "", ""
    for line in text.split("\n"):
        m = re.match(r"^(\s*)(```+|~~~+)(.*)$", line)
        if not code and m:
            out.append((False, "", cur)); cur = []; code = True
            fence = m.group(2); info = m.group(3).strip(); continue
        if code and m and m.group(2).startswith(fence) and not m.group(3).strip():
            out.append((True, info, cur)); cur = []; code = False; continue
        cur.append(line)
    out.append((code, info, cur))
    return out

blocks = {f: split_code(body[f]) for f in FILES}
check("lessons-fences-closed", all(not b[-1][0] for b in blocks.values()),
      "unclosed fence in %s" % [f for f in FILES if blocks[f][-1][0]])
langs = set(); longest_block = 0; long_line = False
for f in FILES:
    for is_code, info, lines in blocks[f]:
        if is_code:
            langs.add(info.split()[0] if info else "")
            longest_block = max(longest_block, len(lines))
            long_line = long_line or any(len(l) > 100 for l in lines)
langs.discard("")
check("lessons-code-languages", len(langs) >= 6, "only %s" % sorted(langs))
for lang in ("rust", "toml", "bash", "python", "c", "sql", "yaml", "json", "html"):
    check("lessons-code-lang-" + lang, lang in langs, "no %s fence" % lang)
check("lessons-code-long-block", longest_block >= 30, "longest fence has %d lines" % longest_block)
check("lessons-code-long-line", long_line, "no code line over 100 characters")
prose = {f: "\n".join("\n".join(l) for c, _, l in blocks[f] if not c) for f in FILES}
allprose = "\n".join(prose.values())
# Indented code: a 4-space line after a blank line, not inside a list.
check("lessons-indented-code", re.search(r"\n\n(    \S[^\n]*\n)+", allprose) is not None,
      "no indented code block")

# --- every construct of the input table ---------------------------------
constructs = {
    "table-left": r"\|\s*:-+\s*\|",
    "table-center": r":-+:",
    "table-right": r"-+:\s*\|",
    "table-no-outer-pipes": r"\n[^|\n][^\n]*\|[^\n]*\n:?-+:?\s*\|\s*:?-+",
    "png-image": r"!\[[^\]]*\]\([^)]+\.png\)",
    "jpeg-image": r"!\[[^\]]*\]\([^)]+\.jpg\)",
    "caption": r"\n\{:\.caption\}\n",
    "note-callout": r"\n> ## \S",
    "tip-callout": r"\n> \*\*Tip\*\*: ",
    "bg-blue-callout": r"\n\{:\.bg-blue\}\n",
    "footnote-ref": r"\[\^\w+\][^:]",
    "footnote-def": r"\n\[\^\w+\]: ",
    "task-open": r"\n\s*- \[ \] ",
    "task-done": r"\n\s*- \[x\] ",
    "link-html": r"\]\(\d\d_\w+\.html\)",
    "link-md-fragment": r"\]\(\d\d_\w+\.md#[\w-]+\)",
    "link-bare": r"\]\(\d\d_\w+\)",
    "link-html-fragment": r"\]\(\d\d_\w+\.html#[\w-]+\)",
    "link-external": r"\]\(https://",
    "autolink": r"<https?://[^>]+>",
    "curly-quotes": r"[‘’].*|[“”]",
    "en-dash": r"–",
    "em-dash": r"—",
    "page-title": r"\{\{ ?page\.title ?\}\}",
    "raw-in-code-span": r"`\{% raw %\}[^`]*\{% endraw ?%\}`",
    "youtube-include": r"\{% include youtubeplayer\.html id=\"[\w-]+\" %\}",
    "html-comment": r"<!--[\s\S]*?-->",
    "iframe": r"<iframe [^>]*></iframe>",
    "iframe-video": r"<iframe src=\"https://www\.youtube\.com/embed/[\w-]+\" title=",
    "link-video-vimeo": r"\]\(https://vimeo\.com/\d+\)",
    "nested-list-3": r"\n  - [^\n]*\n    - ",
    "ordered-not-from-1": r"\n\n([2-9]|\d\d)\. ",
    "h2": r"\n## ", "h3": r"\n### ", "h4": r"\n#### ",
    "thematic-break": r"\n\n---\n\n",
    "strikethrough": r"~~[^~\n]+~~",
}
for name, rx in constructs.items():
    check("lessons-has-" + name, re.search(rx, allprose) is not None, "pattern %s not found" % rx)
# A raw block around a whole fenced example, as Jekyll authors write it.
allsrc = "\n".join(body.values())
check("lessons-has-raw-block", re.search(r"\n\{% raw %\}\n```[\s\S]*?```\n\{% endraw %\}\n", allsrc) is not None,
      "no {% raw %} block around a fence")
check("lessons-has-raw-inside-fence", re.search(r"\n```\w*\n\{% raw %\}[^\n]", allsrc) is not None,
      "no fence whose first line opens a raw block")

# --- words per lesson ----------------------------------------------------
for f in FILES:
    words = len(re.findall(r"[A-Za-z’']+", prose[f]))
    check("lessons-length-" + f, 350 <= words <= 1500, "%d words of prose" % words)

# --- headings and GitHub-style slugs --------------------------------------
def slug(text):
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")

ids = {}
for f in FILES:
    seen = {}; ids[f] = set()
    # Headings inside callouts ("> ## Note") get ids too, in document order.
    for m in re.finditer(r"^(?:> ?)?(#{1,6}) (.+?)\s*#*\s*$", prose[f], re.M):
        s = slug(m.group(2))
        n = seen.get(s, 0); seen[s] = n + 1
        ids[f].add(s if n == 0 else "%s-%d" % (s, n))
    # Footnote labels are targets too, but nobody links to them here.

# --- links ----------------------------------------------------------------
bad_links = []
for f in FILES:
    text = re.sub(r"`[^`\n]*`", "", prose[f])
    for m in re.finditer(r"\]\(([^)\s]+)\)", text):
        url = m.group(1)
        if re.match(r"[a-z]+:", url) or url.startswith("{{"):
            continue
        path, _, frag = url.partition("#")
        if re.search(r"\.(png|jpe?g|gif|svg|webp)$", path, re.I):
            continue
        target = f if not path else re.sub(r"\.(html|md)$", "", path)
        if target not in FILES:
            bad_links.append("%s: %s (no such lesson)" % (f, url)); continue
        if frag and frag not in ids[target]:
            bad_links.append("%s: %s (no heading with id %s)" % (f, url, frag))
check("lessons-links-resolve", not bad_links, "; ".join(bad_links[:5]))

# --- images ----------------------------------------------------------------
def image_kind(path):
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        import xml.etree.ElementTree as ET
        try:
            root_el = ET.parse(path).getroot()
        except ET.ParseError:
            return None
        return "svg" if root_el.tag == "{http://www.w3.org/2000/svg}svg" else None
    return None

def png_has_alpha(path):
    data = open(path, "rb").read()
    ctype = data[25]
    return ctype in (4, 6) or b"tRNS" in data[:data.find(b"IDAT")]

used = set(scalar(f, "cover") for f in FILES)
for f in FILES:
    for m in re.finditer(r"!\[[^\]]*\]\(([^)\s]+)\)", prose[f]):
        if not m.group(1).startswith("{{"):
            used.add(m.group(1))
# Site-absolute paths, as Jekyll sites write them: /learn/<course>/assets/x.
used = set(re.sub(r"^/learn/[^/]+/", "", u) for u in used)
check("lessons-image-site-absolute", re.search(r"!\[[^\]]*\]\(/learn/[^/)]+/assets/", allprose) is not None,
      "no /learn/<course>/assets/ image")
bad_img = []; total = 0; kinds = set(); alpha = False
for u in sorted(used):
    p = os.path.join(root, u)
    if not os.path.isfile(p):
        bad_img.append("%s missing" % u); continue
    k = image_kind(p)
    if k is None or (k == "png") != u.endswith(".png") or (k == "jpeg") != u.endswith(".jpg") or \
            (k == "svg") != u.endswith(".svg"):
        bad_img.append("%s is not what its name says" % u); continue
    kinds.add(k); size = os.path.getsize(p); total += size
    if size > 64 * 1024:
        bad_img.append("%s is %d bytes" % (u, size))
    if k == "png" and png_has_alpha(p):
        alpha = True
check("lessons-images-valid", not bad_img, "; ".join(bad_img[:5]))
check("lessons-images-png-jpeg-and-svg", kinds == {"png", "jpeg", "svg"}, "kinds %s" % sorted(kinds))
check("lessons-images-transparent-png", alpha, "no PNG with an alpha channel")
check("lessons-images-total-size", total < 1024 * 1024, "%d bytes" % total)
unused = sorted(x for x in os.listdir(os.path.join(root, "assets"))
                if re.search(r"\.(png|jpg|svg)$", x) and "assets/" + x not in used)
check("lessons-images-all-used", not unused, "unreferenced %s" % unused)

# --- Liquid hygiene: only the tags the course means to use -----------------
bad_liquid = []
for f in FILES:
    text = re.sub(r"\{% raw %\}[\s\S]*?\{% endraw ?%\}", "", src[f])
    for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", text):
        t = m.group(0)
        if not re.fullmatch(r"\{\{ ?page\.\w+ ?\}\}|\{% include youtubeplayer\.html id=\"[\w-]+\" %\}", t):
            bad_liquid.append("%s: %s" % (f, t))
    if re.search(r"\{% (raw|endraw) ?%\}", text):
        bad_liquid.append("%s: unbalanced raw" % f)
check("lessons-liquid-only-known-tags", not bad_liquid, "; ".join(bad_liquid[:5]))

# No characters outside the Basic Multilingual Plane: the PDF fonts cover
# the BMP, and the sample course should build without warnings.
astral = [f for f in FILES if any(ord(c) > 0xFFFF for c in src[f])]
check("lessons-no-astral-characters", not astral, "in %s" % astral)

print("\n".join(results))
PY

# The tool itself must read the sample course without a single diagnostic:
# every link, fragment and image resolves, and no Liquid or IAL is left over.
err=$(cd "$TOP" && "$OCTAVO" check --strict lessons 2>&1 >/dev/null); rc=$?
if [ $rc -eq 0 ] && [ -z "$err" ]; then ok lessons-octavo-check-strict-clean
else notok lessons-octavo-check-strict-clean "exit $rc: $(printf %s "$err" | head -n 3 | tr '\n' ' ')"; fi
json=$(cd "$TOP" && "$OCTAVO" toc --json lessons 2>/dev/null)
got=$(printf %s "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["title"], "|", len(d["sections"]), "|", " ".join(l["file"] for s in d["sections"] for l in s["lessons"]))
' 2>&1)
expect_eq lessons-octavo-toc-order "$got" "Introduction to Rust | 5 | 01_intro.md 02_rust_and_python.md 03_rust_basics.md 04_ownership_and_borrowing.md 05_structs_and_enums.md 06_error_handling.md 07_common_collections.md 08_concurrency.md 09_ecosystem_and_tools.md 10_example.md 11_rust_for_pico.md 12_summary_and_resources.md 13_cargo.md 14_watch_and_read.md"
