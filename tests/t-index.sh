#!/bin/sh
# tests/t-index.sh — the index of terms, in the PDF and the EPUB.
#
# Builds tests/fixtures/index/course (headings, bold terms, code named in
# a heading, accents, junk, a heading every lesson shares), padded here
# with generated paragraphs so that terms land on many pages and some
# paragraphs run over a page break, and the sample course (lessons/).
# Checks, with poppler and qpdf: every page number of every index entry is
# a page whose text holds the term (a hyphen at a line end allowed);
# every number is a link to that page; the entries are sorted and grouped
# under their letters; the wanted terms are there and the junk is not;
# the contents lists the index at its page; the outline ends with it;
# `index: false` leaves it out, and so does a course without terms; the
# EPUB's index.xhtml passes epubcheck with 0 errors and 0 warnings and
# each locator points at an id that exists; two builds are
# byte-identical; qpdf --check passes.
. tests/lib.sh
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600
C="$T/course"
cp -r "$TOP/tests/fixtures/index/course" "$C"
# filler paragraphs: terms scattered over pages, some near page breaks
i=1
while [ $i -le 60 ]; do
	{
		printf '\nParagraph %d of the long bake. The dough rests while the kitchen warms, ' $i
		printf 'and the baker checks the surface for small bubbles that show fermentation is '
		printf 'under way. A loaf that is shaped too early spreads flat, while one shaped too '
		printf 'late tears when it is scored, so the timing matters more than the recipe.'
		case $((i % 7)) in
		0) printf ' The **crumb** of the loaf shows how the proof went.' ;;
		3) printf ' Tension in the outer skin of the loaf, the **gluten cloak**, holds its shape.' ;;
		5) printf ' A warm spot speeds up the **bulk ferment** considerably.' ;;
		esac
		printf '\n'
	} >>"$C/02_dough.md"
	i=$((i + 1))
done

"$OCTAVO" build "$C" -o "$T/ix.pdf" -o "$T/ix.epub" >"$T/ix.out" 2>"$T/ix.err"
expect_eq "index/builds" "$?:$(head -c 300 "$T/ix.err")" "0:"
"$OCTAVO" build "$C" -o "$T/ix2.pdf" -o "$T/ix2.epub" 2>/dev/null
check "index/pdf-deterministic" cmp "$T/ix.pdf" "$T/ix2.pdf"
check "index/epub-deterministic" cmp "$T/ix.epub" "$T/ix2.epub"
check "index/qpdf-check" qpdf --check "$T/ix.pdf"
"$OCTAVO" build "$TOP/lessons" -o "$T/lessons.pdf" 2>/dev/null
check "index/lessons-qpdf-check" qpdf --check "$T/lessons.pdf"
printf 'index: false\n' >"$T/noindex.yml"
"$OCTAVO" build "$C" --style "$T/noindex.yml" -o "$T/noix.pdf" 2>/dev/null
printf 'index: maybe\n' >"$T/badindex.yml"
"$OCTAVO" build "$C" --style "$T/badindex.yml" -o "$T/bad.pdf" 2>"$T/bad.err"
expect_eq "index/bad-theme-value" "$?:$(cat "$T/bad.err")" \
	"1:$T/badindex.yml:1:8: error: index: 'maybe' is not true or false"

# a course without a single term has no index in either format
mkdir -p "$T/plain"
printf -- '---\ntitle: Plain\n---\n\nJust words, nothing bold, no headings.\n' >"$T/plain/01_p.md"
"$OCTAVO" build "$T/plain" -o "$T/plain.pdf" -o "$T/plain.epub" 2>"$T/plain.err"
expect_eq "index/no-terms-builds" "$?:$(cat "$T/plain.err")" "0:"
if unzip -l "$T/plain.epub" 2>/dev/null | grep -q index.xhtml; then
	notok "index/no-terms-no-epub-index" "index.xhtml written"
else ok "index/no-terms-no-epub-index"; fi
if pdftotext "$T/plain.pdf" - 2>/dev/null | grep -qx Index; then
	notok "index/no-terms-no-pdf-index" "an Index page"
else ok "index/no-terms-no-pdf-index"; fi

python3 - "$T" <<'PY'
import json, re, subprocess, sys, unicodedata
T = sys.argv[1]
def ok(t): print(f"ok index/{t}")
def bad(t, why): print(f"not ok index/{t}: {why}")
def run(*a):
    r = subprocess.run(a, capture_output=True, text=True)
    return r.stdout + r.stderr if a[0] == "java" else r.stdout

def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()

def norm_page(s):
    s = re.sub(r"(\w)-\n(\w)", r"\1\2", s)       # hyphen at a line end
    return fold(re.sub(r"\s+", " ", s))

def outline(j):
    def walk(os):
        for o in os:
            yield o
            yield from walk(o.get("kids", []))
    return list(walk(j.get("outlines", [])))

def parse_index(pdf):
    """(json, first_body, index pages (0-based), entries [(term, [numbers...], [range starts])])"""
    j = json.loads(run("qpdf", "--json", pdf))
    pl = j.get("pagelabels", [])
    first_body = pl[1]["index"] if len(pl) == 2 else 0
    top = j.get("outlines", [])
    ix = [o for o in top if o["title"] == "Index"]
    if not ix:
        return j, first_body, [], []
    start = ix[0]["destpageposfrom1"] - 1
    pages = list(range(start, len(j["pages"])))
    text = "\n".join(run("pdftotext", "-f", str(p + 1), "-l", str(p + 1), pdf, "-") for p in pages)
    entries, pending = [], ""
    num = r"\d+(?:\u2013\d+)?"
    for line in text.split("\n"):
        line = line.strip()
        if not line or line == "Index" or re.fullmatch(r"[A-Z]|Symbols|\d+", line):
            continue
        pending = (pending + " " + line).strip()
        m = re.fullmatch(rf"(.*?)\s+({num}(?:, {num})*)", pending)
        if m and not pending.endswith(","):
            nums, starts = [], []
            for part in m.group(2).split(", "):
                a, _, b = part.partition("\u2013")
                starts.append(int(a))
                nums += list(range(int(a), int(b or a) + 1))
            entries.append((m.group(1), nums, starts))
            pending = ""
    return j, first_body, pages, entries

def link_targets(j, pages):
    objs = j["qpdf"][1]
    pos = {p["object"]: i for i, p in enumerate(j["pages"])}
    out = []
    for p in pages:
        page = objs["obj:" + j["pages"][p]["object"]]["value"]
        for a in page.get("/Annots", []):
            v = objs["obj:" + a]["value"]
            d = v.get("/Dest")
            if isinstance(d, str):
                d = objs["obj:" + d]["value"]
            if isinstance(d, list) and d:
                out.append(pos.get(d[0], -1))
    return out

def check_pdf(name, pdf):
    j, first_body, ipages, entries = parse_index(pdf)
    if not entries:
        bad(f"{name}/entries", "no index entries found")
        return []
    ok(f"{name}/entries") if len(entries) >= 5 else bad(f"{name}/entries", f"{len(entries)}")
    cache = {}
    def page_text(p):
        if p not in cache:
            cache[p] = norm_page(run("pdftotext", "-f", str(p + 1), "-l", str(p + 1), pdf, "-"))
        return cache[p]
    wrong = []
    for term, nums, _ in entries:
        for n in nums:
            p = first_body + n - 1
            if p >= ipages[0] or fold(term) not in page_text(p):
                wrong.append(f"{term} p.{n}")
    ok(f"{name}/pages-hold-terms") if not wrong else bad(f"{name}/pages-hold-terms", "; ".join(wrong[:4]))
    want = sorted(first_body + s - 1 for _, _, starts in entries for s in starts)
    got = sorted(link_targets(j, ipages))
    ok(f"{name}/numbers-link-to-pages") if want == got else \
        bad(f"{name}/numbers-link-to-pages", f"{len(got)} links, {len(want)} numbers; first differing: "
            f"{next(((a, b) for a, b in zip(got, want) if a != b), None)}")
    keys = [fold(t) for t, _, _ in entries]
    cls = lambda k: 1 if "a" <= k[0] <= "z" else (2 if ord(k[0]) > 127 else 0)
    order = [(cls(k), k) for k in keys]
    ok(f"{name}/sorted") if order == sorted(order) else bad(f"{name}/sorted", str(keys[:8]))
    # the contents lists the index at its printed page
    contents = "\n".join(run("pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-")
                         for i in range(1, first_body + 1))
    m = re.search(r"^\s*Index[ .]*?(\d+)\s*$", contents, re.M)
    if m and first_body + int(m.group(1)) - 1 == ipages[0]:
        ok(f"{name}/contents-entry")
    else:
        bad(f"{name}/contents-entry", m.group(0) if m else "no Index line in the contents")
    return [t for t, _, _ in entries]

terms = check_pdf("fixture", f"{T}/ix.pdf")
lterms = check_pdf("lessons", f"{T}/lessons.pdf")
f = [fold(t) for t in terms]
for t in ["hydration", "autolyse", "lactic acid", "starter", "the starter jar", "crumb",
          "gluten cloak", "bulk ferment", "stretch and fold", "oven spring", "score", "eclair"]:
    if fold(t) not in f:
        bad(f"fixture/has-{t.replace(' ', '-')}", f"not among {terms[:30]}")
        break
else:
    ok("fixture/wanted-terms")
junk = [t for t in terms if fold(t) in ("42", "!!!", "note", "summary", "never",
                                        "a lot cleaner than several") or len(t) > 60]
ok("fixture/no-junk") if not junk else bad("fixture/no-junk", str(junk))
ok("fixture/merged") if f.count("eclair") == 1 and f.count("hydration") == 1 else \
    bad("fixture/merged", str([t for t in terms if fold(t) in ("eclair", "hydration")]))
# a term of several pages: the filler spreads "crumb" over the long lesson
_, _, _, entries = parse_index(f"{T}/ix.pdf")
crumb = [nums for t, nums, _ in entries if fold(t) == "crumb"]
ok("fixture/multi-page-term") if crumb and len(crumb[0]) >= 2 else bad("fixture/multi-page-term", str(crumb))

j, _, ipages, _ = parse_index(f"{T}/noix.pdf")
tops = [o["title"] for o in j.get("outlines", [])]
text = run("pdftotext", f"{T}/noix.pdf", "-")
ok("index-false/none") if not ipages and "Index" not in tops and "\nIndex\n" not in text else \
    bad("index-false/none", f"outline {tops}")

# the EPUB
out = run("java", "-jar", "/usr/share/java/epubcheck.jar", f"{T}/ix.epub")
ok("epub/epubcheck") if re.search(r"0 fatals / 0 errors / 0 warnings", out) else \
    bad("epub/epubcheck", out[-400:].replace("\n", " | "))
import zipfile
z = zipfile.ZipFile(f"{T}/ix.epub")
names = z.namelist()
if "OEBPS/index.xhtml" not in names:
    bad("epub/index-file", "no OEBPS/index.xhtml")
else:
    x = z.read("OEBPS/index.xhtml").decode()
    opf = z.read("OEBPS/content.opf").decode()
    nav = z.read("OEBPS/nav.xhtml").decode()
    ok("epub/index-in-spine-and-nav") if '<itemref idref="index"/>' in opf and 'href="index.xhtml"' in nav \
        else bad("epub/index-in-spine-and-nav", "missing")
    vocab = all(f'epub:type="{v}"' in x for v in ("index", "index-entry", "index-term", "index-locator"))
    ok("epub/index-vocabulary") if vocab else bad("epub/index-vocabulary", x[:300])
    bad_links = []
    for href in re.findall(r'epub:type="index-locator" href="([^"]+)"', x):
        fn, _, frag = href.partition("#")
        body = z.read("OEBPS/" + fn).decode() if "OEBPS/" + fn in names else None
        if body is None or (frag and f'id="{frag}"' not in body):
            bad_links.append(href)
    ok("epub/locators-resolve") if not bad_links else bad("epub/locators-resolve", str(bad_links[:3]))
    eterms = [fold(t) for t in re.findall(r'epub:type="index-term">([^<]*)<', x)]
    import html
    eterms = [fold(html.unescape(t)) for t in re.findall(r'epub:type="index-term">([^<]*)<', x)]
    ok("epub/same-terms-as-pdf") if eterms == f else \
        bad("epub/same-terms-as-pdf", str(sorted(set(eterms) ^ set(f))[:6]))
PY
