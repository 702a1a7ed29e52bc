#!/bin/sh
# tests/t-duplex.sh — PDFs for two-sided printing (--duplex, theme keys
# duplex and duplex_start).
#
# Builds the sample course (lessons/) with --duplex, with a theme of
# unequal margins and a page number in the footer's right corner, and with
# duplex_start: section, and checks with qpdf and poppler: every lesson's
# first page (from the outline) is odd both counting sheets from the
# cover and by its printed page label, and so is the index's; every page
# left without text is a blank verso (an even page, before a lesson, the
# index or nothing) and nothing is drawn on it; without --duplex no page
# is blank; the contents' page numbers still name the pages lessons start
# on; on a right-hand page the text starts at the inner (left) margin and
# on a left-hand page at the outer one, and the page number sits at the
# outer corner; duplex_start: section opens only a section's first lesson
# on an odd page; a rebuild is byte-identical; --duplex is refused by
# `check`; a bad duplex_start is reported at its line:col.
. tests/lib.sh
T=$(tmpdir)
export SOURCE_DATE_EPOCH=1735689600
L="$TOP/lessons"

"$OCTAVO" build "$L" --duplex -o "$T/dx.pdf" 2>"$T/dx.err"
expect_eq "duplex/builds" "$?:$(head -c 300 "$T/dx.err")" "0:"
"$OCTAVO" build "$L" --duplex -o "$T/dx2.pdf" 2>/dev/null
check "duplex/deterministic" cmp "$T/dx.pdf" "$T/dx2.pdf"
check "duplex/qpdf-check" qpdf --check "$T/dx.pdf"
: >"$T/poppler"
for tool in "pdftotext $T/dx.pdf -" "pdffonts $T/dx.pdf" "pdfinfo $T/dx.pdf"; do
	$tool >/dev/null 2>>"$T/poppler"
done
expect_eq "duplex/poppler-quiet" "$(head -c 300 "$T/poppler")" ""
"$OCTAVO" build "$L" -o "$T/simplex.pdf" 2>/dev/null
cat >"$T/mirror.yml" <<'EOF'
page:
  margins: [60, 40, 60, 100]
footer:
  center: ""
  right: "{page}"
duplex: true
EOF
"$OCTAVO" build "$L" --style "$T/mirror.yml" -o "$T/mirror.pdf" 2>"$T/mirror.err"
expect_eq "duplex/theme-builds" "$?:$(head -c 300 "$T/mirror.err")" "0:"
printf 'duplex: true\nduplex_start: section\n' >"$T/section.yml"
"$OCTAVO" build "$L" --style "$T/section.yml" -o "$T/section.pdf" 2>/dev/null
printf 'duplex: true\nduplex_start: chapter\n' >"$T/bad.yml"
"$OCTAVO" build "$L" --style "$T/bad.yml" -o "$T/bad.pdf" 2>"$T/bad.err"
expect_eq "duplex/bad-start" "$?:$(cat "$T/bad.err")" \
	"1:$T/bad.yml:2:15: error: duplex_start: 'chapter' is not lesson or section"
"$OCTAVO" check "$L" --duplex >/dev/null 2>"$T/check.err"
expect_eq "duplex/check-refuses" "$?:$(head -n 1 "$T/check.err")" \
	"2:octavo: error: --duplex belongs to 'octavo build'"
"$OCTAVO" toc "$L" --json >"$T/toc.json" 2>/dev/null

python3 - "$T" <<'PY'
import json, re, subprocess, sys
T = sys.argv[1]
def ok(t): print(f"ok duplex/{t}")
def bad(t, why): print(f"not ok duplex/{t}: {why}")
def run(*a):
    return subprocess.run(a, capture_output=True, text=True).stdout
toc = json.load(open(f"{T}/toc.json"))
sections = toc["sections"]
titles = [l["title"] for s in sections for l in s["lessons"]]
section_first = {s["lessons"][0]["title"] for s in sections if s["lessons"]}

def load(pdf):
    j = json.loads(run("qpdf", "--json", pdf))
    pl = j.get("pagelabels", [])
    first_body = pl[1]["index"] if len(pl) == 2 else 0
    def walk(os):
        for o in os:
            yield o
            yield from walk(o.get("kids", []))
    starts = {}
    for o in walk(j.get("outlines", [])):
        if o["title"] in titles or o["title"] == "Index":
            starts.setdefault(o["title"], o["destpageposfrom1"])
    n = len(j["pages"])
    text = [run("pdftotext", "-f", str(i), "-l", str(i), pdf, "-") for i in range(1, n + 1)]
    return j, first_body, starts, text

def starts_odd(name, pdf, which):
    j, first_body, starts, text = load(pdf)
    missing = [t for t in which if t not in starts]
    wrong = [f"{t}: sheet {starts[t]}, label {starts[t] - first_body}" for t in which
             if t in starts and (starts[t] % 2 == 0 or (starts[t] - first_body) % 2 == 0)]
    if missing or wrong or first_body % 2:
        bad(f"{name}/lesson-starts-odd", f"front matter {first_body}; {missing[:2]} {wrong[:3]}")
    else:
        ok(f"{name}/lesson-starts-odd")
    return j, first_body, starts, text

j, fb, starts, text = starts_odd("dx", f"{T}/dx.pdf", titles + ["Index"])
blank = [i for i, t in enumerate(text) if not t.strip(" \n\f")]
start_pages = set(starts.values())
# the one blank recto allowed: before the back cover, which is the last
# page and a left-hand one (the back of the last sheet)
back_blank = len(text) - 2 if len(text) % 2 == 0 else None
wrong = [i + 1 for i in blank if i != back_blank and
         ((i + 1) % 2 or (i + 2 <= len(text) and i + 2 not in start_pages))]
if len(text) % 2:
    wrong.append(f"back cover on page {len(text)}, a right-hand page")
if blank and not wrong:
    ok("dx/blank-versos")
else:
    bad("dx/blank-versos", f"blank pages {[b + 1 for b in blank]}; wrong {wrong}")
# nothing drawn on a blank page: its content stream has no text, no path
objs = j["qpdf"][1]
drawn = []
for i in blank:
    pg = objs["obj:" + j["pages"][i]["object"]]["value"]
    if pg.get("/Annots"):
        drawn.append(i + 1)
ok("dx/blank-has-nothing") if not drawn else bad("dx/blank-has-nothing", str(drawn))
_, _, _, stext = load(f"{T}/simplex.pdf")
sblank = [i for i, t in enumerate(stext) if not t.strip(" \n\f")]
ok("simplex/no-blank-pages") if not sblank else bad("simplex/no-blank-pages", str(sblank))
ok("dx/more-pages-than-simplex") if len(text) > len(stext) else bad("dx/more-pages-than-simplex", f"{len(text)} vs {len(stext)}")

# the contents still gives each lesson's printed page
def norm(s): return re.sub(r"\s+", " ", s).strip()
contents = "\n".join(run("pdftotext", "-layout", "-f", str(i), "-l", str(i), f"{T}/dx.pdf", "-")
                     for i in range(1, fb + 1))
wrong = []
for t in titles:
    m = re.search(re.escape(t) + r"[ .]*?(\d+)\s*$", contents, re.M)
    if not m or fb + int(m.group(1)) != starts.get(t):
        wrong.append(f"{t}: {m.group(1) if m else 'no entry'}")
ok("dx/contents-page-numbers") if not wrong else bad("dx/contents-page-numbers", "; ".join(wrong[:3]))

# mirrored margins: words start at 100 pt on right-hand pages, 40 on left-hand ones
j, fb, starts, text = starts_odd("mirror", f"{T}/mirror.pdf", titles)
bbox = run("pdftotext", "-bbox", f"{T}/mirror.pdf", "-")
pages = re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', bbox, re.S)
wrong, seen = [], 0
for i, (w, body) in enumerate(pages):
    words = [(float(a), float(b), float(c), x) for a, b, c, x in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', body)]
    if i < fb or not words or i == len(pages) - 1:
        continue  # front matter, blank pages, the back cover: no number
    seen += 1
    body_words = [x for x in words if 80 < x[1] < 760]
    left = min(x[0] for x in body_words) if body_words else None
    num = str(i + 1 - fb)
    foot = [x for x in words if x[1] > 780 and x[3] == num]
    recto = (i + 1) % 2 == 1
    if left is None or abs(left - (100 if recto else 40)) > 1.5:
        wrong.append(f"p{i + 1} text at {left}")
    if not foot or (recto and foot[0][2] < float(w) - 45) or (not recto and foot[0][0] > 45):
        wrong.append(f"p{i + 1} number at {foot[0][:3] if foot else None}")
ok("mirror/margins-and-numbers") if seen > 20 and not wrong else \
    bad("mirror/margins-and-numbers", f"{seen} pages; {wrong[:4]}")

# duplex_start: section: a section's first lesson opens on an odd page;
# fewer blank pages than with every lesson
j2, fb2, starts2, text2 = starts_odd("section", f"{T}/section.pdf", sorted(section_first))
blank2 = [i for i, t in enumerate(text2) if not t.strip(" \n\f")]
ok("section/fewer-blanks") if len(blank2) < len(blank) else bad("section/fewer-blanks", f"{len(blank2)} vs {len(blank)}")
PY
