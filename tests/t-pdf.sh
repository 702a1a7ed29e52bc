#!/bin/sh
# tests/t-pdf.sh — the PDF handbook, checked with real PDF tools.
#
# Builds the sample course (lessons/) and the fixture course
# (tests/fixtures/pdf/course: lists, callouts, a long table, a long code
# block, images present and missing, characters no font has) and checks:
# qpdf finds no damage; every font is embedded as a subset; the lesson
# titles come out of pdftotext in reading order; each page number printed
# in the contents is the page (by its page label) where that lesson starts;
# page labels are roman then arabic; the outline has one entry per section,
# lesson and h2; no word box leaves the text column; no Liquid or IAL
# markup is printed; a table header repeats after a page break; a table
# row taller than a page is cut across pages inside the text area; themes
# change the page and bad themes are rejected with line:col; characters
# without a glyph give one warning each; a rebuild is byte-identical;
# footnotes sit at the foot of the page of their first reference (see the
# footnotes section below); a GIF prints its first frame with a soft mask
# and the EPUB keeps the GIF; an SVG prints at 300 dpi with a soft mask,
# its colours where they belong and nothing it references from outside
# its own text; a German course is hyphenated with German
# patterns and a language without patterns not at all.
# poppler's tools must read every PDF without a word on stderr (a
# malformed ToUnicode map or stream shows up there as a Syntax Warning),
# and the text they extract keeps curly quotes, dashes and characters set
# in the fallback font.
. tests/lib.sh
T=$(tmpdir)
FIX="$TOP/tests/fixtures/pdf"
export SOURCE_DATE_EPOCH=1735689600

build() { # NAME COURSE [args...]
	name=$1 course=$2
	shift 2
	"$OCTAVO" build "$course" -o "$T/$name.pdf" "$@" >"$T/$name.out" 2>"$T/$name.err"
}

if build lessons "$TOP/lessons"; then ok "pdf/lessons/builds"; else notok "pdf/lessons/builds" "$(head -c 300 "$T/lessons.err")"; fi
if build fixture "$FIX/course"; then ok "pdf/fixture/builds"; else notok "pdf/fixture/builds" "$(head -c 300 "$T/fixture.err")"; fi
"$OCTAVO" toc "$TOP/lessons" --json >"$T/lessons.toc.json" 2>/dev/null
"$OCTAVO" toc "$FIX/course" --json >"$T/fixture.toc.json" 2>/dev/null

for n in lessons fixture; do
	f="$T/$n.pdf"
	if [ ! -s "$f" ]; then
		notok "pdf/$n/exists" "no PDF written"
		continue
	fi
	check "pdf/$n/qpdf-check" qpdf --check "$f"
	# poppler reads it without complaint: text, fonts, info, bounding boxes
	: >"$T/$n.poppler"
	for tool in "pdftotext $f -" "pdftotext -bbox $f -" "pdffonts $f" "pdfinfo $f"; do
		$tool >/dev/null 2>>"$T/$n.poppler"
	done
	if [ ! -s "$T/$n.poppler" ]; then ok "pdf/$n/poppler-quiet"; else notok "pdf/$n/poppler-quiet" "$(sort "$T/$n.poppler" | uniq -c | sort -rn | head -n 3)"; fi
	# every font embedded (emb) and subset (sub)
	bad=$(pdffonts "$f" 2>/dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes")' | head -n 3)
	nfonts=$(pdffonts "$f" 2>/dev/null | awk 'NR > 2' | wc -l)
	if [ -z "$bad" ] && [ "$nfonts" -ge 3 ]; then ok "pdf/$n/fonts-embedded-subset"; else notok "pdf/$n/fonts-embedded-subset" "$nfonts fonts; not embedded/subset: $bad"; fi
	check "pdf/$n/info-creator" sh -c "pdfinfo '$f' 2>/dev/null | grep -q '^Creator: *octavo$'"
	# the header names the version whose features the file uses (soft
	# masks, MarkInfo and XMP 1.4, /Tabs 1.5; PDF/UA-1 rests on 1.7)
	check "pdf/$n/version-1.7" sh -c "pdfinfo '$f' 2>/dev/null | grep -q '^PDF version: *1.7$'"
	# the structural checks, in Python (standard library only)
	case $n in lessons) src="$TOP/lessons" ;; *) src="$FIX/course" ;; esac
	python3 - "$f" "$T/$n.toc.json" "$n" "$src" <<'PY'
import json, os, re, subprocess, sys

pdf, tocf, name = sys.argv[1], sys.argv[2], sys.argv[3]
def ok(t): print(f"ok pdf/{name}/{t}")
def bad(t, why): print(f"not ok pdf/{name}/{t}: {why}")
def run(*a):
    return subprocess.run(a, capture_output=True, text=True).stdout

toc = json.load(open(tocf))
lessons = [l for s in toc["sections"] for l in s["lessons"]]
titles = [l["title"] for l in lessons]
j = json.loads(run("qpdf", "--json", pdf))
npages = len(j["pages"])

# page labels: lower roman from the first page, decimal from some page on
pl = j.get("pagelabels", [])
if len(pl) == 2 and pl[0]["index"] == 0 and pl[0]["label"]["/S"] == "/r" \
        and pl[1]["label"]["/S"] == "/D" and pl[1]["label"].get("/St", 1) == 1:
    ok("page-labels")
else:
    bad("page-labels", json.dumps(pl)[:200])
first_body = pl[1]["index"] if len(pl) == 2 else 0

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

pages = [norm(run("pdftotext", "-f", str(i), "-l", str(i), pdf, "-")) for i in range(1, npages + 1)]
alltext = "\n".join(pages)

# lesson titles in reading order
pos, missing = 0, []
for t in titles:
    k = alltext.find(norm(t), pos)
    if k < 0:
        missing.append(t)
    else:
        pos = k + len(norm(t))
if not missing:
    ok("titles-in-order")
else:
    bad("titles-in-order", f"not found in order: {missing[:3]}")

# the contents: "Title . . . . N" → page label N must be where the lesson starts
contents = "\n".join(run("pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-")
                     for i in range(1, first_body + 1))
entries = 0
wrong = []
for t in titles:
    m = re.search(re.escape(t) + r"[ .]*?(\d+)\s*$", contents, re.M)
    if not m:
        wrong.append(f"{t}: no entry")
        continue
    entries += 1
    n = int(m.group(1))
    idx = first_body + n - 1          # 0-based physical page
    if idx >= npages or not pages[idx][:200].count(norm(t)[:40]):
        wrong.append(f"{t}: says {n}")
    # and the lesson does not start earlier
    elif idx > first_body and pages[idx - 1].endswith(norm(t)):
        wrong.append(f"{t}: starts before {n}")
if not wrong and entries == len(titles):
    ok("contents-page-numbers")
else:
    bad("contents-page-numbers", "; ".join(wrong[:3]))

# outline: one entry per section, lesson and level-2 heading; a "> ## Note"
# heading titles a callout box and is not a section of the lesson
def count(items):
    return sum(1 + count(i.get("kids", [])) for i in items)
quoted = 0
for l in lessons:
    try:
        src = open(os.path.join(sys.argv[4], l["file"]), encoding="utf-8").read()
    except OSError:
        continue
    # (whether the loader lists such headings or not)
    titles_q = re.findall(r"^[ \t]*>[ \t]*##[ \t]+(.*?)[ \t#]*$", src, re.M)
    listed = [h["title"] for h in l.get("headings", []) if h["level"] == 2]
    for t in titles_q:
        if t in listed:
            listed.remove(t)
            quoted += 1
# and the index of terms (both courses have terms), last at the top level
want = len(toc["sections"]) + len(lessons) + sum(
    1 for l in lessons for h in l.get("headings", []) if h["level"] == 2) - quoted + 1
got = count(j.get("outlines", []))
if got == want and j["outlines"][-1]["title"] == "Index":
    ok("outline-entries")
else:
    bad("outline-entries", f"{got} entries, want {want}")
if all(o.get("destpageposfrom1") for o in j.get("outlines", [])):
    ok("outline-destinations")
else:
    bad("outline-destinations", "an entry without a page")

# no word box outside the text column (default theme: 70 pt side margins);
# header and footer sit in the top and bottom margins, inside the page
html = run("pdftotext", "-bbox", pdf, "-")
out = []
page_h = None
for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html):
    if m.group(1):
        page_w, page_h = float(m.group(1)), float(m.group(2))
        continue
    x0, y0, x1, y1 = (float(m.group(i)) for i in range(3, 7))
    if x0 < 70 - 1 or x1 > page_w - 70 + 1 or y0 < 20 or y1 > page_h - 20:
        out.append(f"{m.group(7)!r} at {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
if not out:
    ok("words-inside-text-area")
else:
    bad("words-inside-text-area", f"{len(out)} words, e.g. {out[:3]}")

# justified lines end at the right margin: a line's words after its first
# stand where the TJ array's numbers move the pen (device_draw.c), from
# the widths the font's W array gives, and a wrong width or number moves
# the line's end off it. Of the lines of six words or more from the left
# margin that end within 3 pt of the right one, all but the rare last
# line of a paragraph that happens to end there end within 0.01 pt. The
# sample course, whose body text is justified and makes some 170 of them
# (the fixture's few lines are mostly contents entries).
near, flush = 0, 0
for pw, body in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S):
    ends = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', body):
        ends.setdefault(m.group(2), []).append((float(m.group(1)), float(m.group(3))))
    for ws in ends.values():
        off = abs(max(x1 for _, x1 in ws) - (float(pw) - 70))
        if len(ws) >= 6 and min(x0 for x0, _ in ws) < 71 and off < 3:
            near += 1
            flush += off < 0.01
if name == "lessons":
    if near >= 100 and flush >= 0.95 * near:
        ok("justified-lines-flush")
    else:
        bad("justified-lines-flush", f"{flush} of {near} justified lines end at the margin")

# links: at least one GoTo link per lesson (the contents entries)
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                     capture_output=True).stdout
gotos = len(re.findall(rb"/Dest \d+ 0 R", qdf))
if gotos >= len(titles):
    ok("goto-links")
else:
    bad("goto-links", f"{gotos} GoTo links for {len(titles)} lessons")
PY
done

# --- fixture specifics --------------------------------------------------
f="$T/fixture.pdf"
txt=$(pdftotext "$f" - 2>/dev/null)
for pat in '{{' '{%' '{:' 'page.title' 'must not be printed' 'youtubeplayer'; do
	case $txt in
	*"$pat"*) notok "pdf/fixture/no-markup/$pat" "printed in the PDF" ;;
	*) ok "pdf/fixture/no-markup/$pat" ;;
	esac
done
case $txt in *"Fixture Basics"*"exercise the PDF back end"*) ok "pdf/fixture/liquid-value" ;; *) notok "pdf/fixture/liquid-value" "page.title not replaced" ;; esac
case $txt in *"Raw HTML with tags stripped & text kept."*) ok "pdf/fixture/raw-html-text" ;; *) notok "pdf/fixture/raw-html-text" "stripped HTML text missing" ;; esac
case $txt in *"range(stop <<optional>>) keeps its brackets; Ctrl loses its tags."*) ok "pdf/fixture/inline-html" ;; *) notok "pdf/fixture/inline-html" "angle-bracket prose or tag text wrong" ;; esac
case $txt in *"<kbd>"*) notok "pdf/fixture/inline-html-tags-dropped" "tag printed" ;; *) ok "pdf/fixture/inline-html-tags-dropped" ;; esac
case $(printf '%s' "$txt" | grep -c 'no font has: □□\.1$') in 1) ok "pdf/fixture/footnote-mark-once" ;; *) notok "pdf/fixture/footnote-mark-once" "$(printf '%s' "$txt" | grep 'no font has')" ;; esac
case $txt in *"The footnote text"*) ok "pdf/fixture/footnote" ;; *) notok "pdf/fixture/footnote" "footnote text missing" ;; esac
# the text layer maps glyphs back to the right characters, fallback font included
case $txt in *"Greek: αβγ δέλτα. Arrows → ← and a check ✓."*) ok "pdf/fixture/text-fallback-chars" ;; *) notok "pdf/fixture/text-fallback-chars" "$(printf '%s' "$txt" | grep Greek)" ;; esac
ltxt=$(pdftotext "$T/lessons.pdf" - 2>/dev/null)
case $ltxt in *"Rust’s"*) ok "pdf/lessons/text-curly-quote" ;; *) notok "pdf/lessons/text-curly-quote" "no Rust’s in the text" ;; esac
case $ltxt in *" – "*) ok "pdf/lessons/text-dash" ;; *) notok "pdf/lessons/text-dash" "no en dash in the text" ;; esac
case $txt in *"This image is missing"*) ok "pdf/fixture/image-placeholder" ;; *) notok "pdf/fixture/image-placeholder" "no alt text placeholder" ;; esac

# the long table's header row is printed on every page the table touches
hdr=0
n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
i=1
while [ "$i" -le "${n:-0}" ]; do
	p=$(pdftotext -f "$i" -l "$i" "$f" - 2>/dev/null)
	case $p in *"row "[0-9]*) case $p in *"Column A"*) hdr=$((hdr + 1)) ;; *) hdr=-100 ;; esac ;; esac
	i=$((i + 1))
done
if [ "$hdr" -ge 2 ]; then ok "pdf/fixture/table-header-repeats"; else notok "pdf/fixture/table-header-repeats" "header on $hdr pages"; fi

# the long code block is split, its lines wrapped with a continuation mark
case $txt in *"↪"*) ok "pdf/fixture/code-continuation-mark" ;; *) notok "pdf/fixture/code-continuation-mark" "no ↪" ;; esac

# links: the external URL and internal GoTo destinations
qpdf --qdf --object-streams=disable "$f" "$T/fixture.qdf.pdf" 2>/dev/null
check "pdf/fixture/uri-link" grep -aq '/URI (https://example.org/a/very/long/path' "$T/fixture.qdf.pdf"
check "pdf/fixture/goto-link" grep -aq '/Dest [0-9]* 0 R' "$T/fixture.qdf.pdf"
if grep -aq 'javascript' "$T/fixture.qdf.pdf"; then notok "pdf/fixture/no-unsafe-link" "javascript: URI written"; else ok "pdf/fixture/no-unsafe-link"; fi
# transparency survives as a soft mask
check "pdf/fixture/png-alpha-smask" grep -aq '/SMask' "$T/fixture.qdf.pdf"

# images come out in their own colours: a palette PNG and an RGB PNG go in
# undecoded (Flate with PNG predictors), so render the page and look: the
# last lesson page, the one before the index (the back cover follows it)
last=$(qpdf --json "$f" | python3 -c 'import json, sys
print([o for o in json.load(sys.stdin)["outlines"] if o["title"] == "Index"][0]["destpageposfrom1"] - 1)')
pdftoppm -r 36 -f "$last" -l "$last" "$f" "$T/img" 2>/dev/null
colours=$(python3 - "$T"/img*.ppm <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# P6 header: magic, width, height, maxval, then RGB bytes
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h * 3:]
count = {"red": 0, "blue": 0, "green": 0}
for i in range(0, len(px), 3):
    r, g, b = px[i], px[i + 1], px[i + 2]
    if r > 230 and g < 30 and b < 30: count["red"] += 1
    if b > 230 and r < 30 and g < 30: count["blue"] += 1
    if g > 170 and r < 30 and b < 30: count["green"] += 1
print(" ".join(k for k in ("red", "blue", "green") if count[k] > 50))
PY
)
expect_eq "pdf/fixture/png-colours" "$colours" "red blue green"

# a GIF prints its first frame: tests/fixtures/pdf/gif holds a 48×32
# animation whose first frame is a red left half and a blue band on a
# transparent right half, and whose second frame is all green
if "$OCTAVO" build "$FIX/gif" -o "$T/gif.pdf" -o "$T/gif.epub" >"$T/gif.out" 2>"$T/gif.err"; then
	ok "pdf/gif/builds"
else
	notok "pdf/gif/builds" "$(head -c 300 "$T/gif.err")"
fi
expect_eq "pdf/gif/no-warning" "$(cat "$T/gif.err")" ""
case $(pdftotext "$T/gif.pdf" - 2>&1) in
*"[image:"* | *"screen.gif"*) notok "pdf/gif/no-placeholder" "placeholder text in the PDF" ;;
*"After the recording."*) ok "pdf/gif/no-placeholder" ;;
*) notok "pdf/gif/no-placeholder" "lesson text missing" ;;
esac
expect_eq "pdf/gif/image-and-smask" \
	"$(pdfimages -list "$T/gif.pdf" 2>&1 | awk 'NR > 2 {print $3, $4, $5}' | tr '\n' ' ')" \
	"image 48 32 smask 48 32 "
# the pixels and the mask exactly: 24×32 red, 24×16 blue, the rest clear
gl=$(pdfinfo "$T/gif.pdf" 2>/dev/null | awk '/^Pages:/ {print $2 - 1}')
pdfimages -f "$gl" -l "$gl" "$T/gif.pdf" "$T/gifimg" 2>/dev/null
expect_eq "pdf/gif/first-frame-pixels" "$(python3 - "$T"/gifimg-000.p?m "$T"/gifimg-001.p?m <<'PY'
import sys
def plane(path):
    # P5 grey or P6 RGB (pdfimages writes a soft mask either way)
    parts = open(path, "rb").read().split(maxsplit=4)
    w, h, ch = int(parts[1]), int(parts[2]), 3 if parts[0] == b"P6" else 1
    return w, h, parts[4][-w * h * ch:], ch
w, h, rgb, _ = plane(sys.argv[1])
_, _, mask, ch = plane(sys.argv[2])
alpha = mask[::ch]
n = {"red": 0, "blue": 0, "green": 0, "clear": 0}
for i in range(w * h):
    r, g, b = rgb[3 * i:3 * i + 3]
    if alpha[i] == 0: n["clear"] += 1
    elif (r, g, b) == (255, 0, 0): n["red"] += 1
    elif (r, g, b) == (0, 0, 255): n["blue"] += 1
    elif g > 200 and r < 50 and b < 50: n["green"] += 1
print(" ".join("%s %d" % kv for kv in n.items()))
PY
)" "red 768 blue 384 green 0 clear 384"
# the EPUB keeps the GIF itself, animation and all
if unzip -p "$T/gif.epub" '*screen.gif' 2>/dev/null | cmp -s - "$FIX/gif/assets/screen.gif"; then
	ok "pdf/gif/epub-keeps-gif"
else
	notok "pdf/gif/epub-keeps-gif" "screen.gif not in the EPUB as it was"
fi
JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
if java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$T/gif.epub" >"$T/gif.check" 2>&1 &&
	grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$T/gif.check"; then
	ok "pdf/gif/epubcheck"
else
	notok "pdf/gif/epubcheck" "$(grep -E '^(FATAL|ERROR|WARNING)|Messages' "$T/gif.check" | head -3 | tr '\n' ' ')"
fi

# SVG images are rasterised (librsvg) at the theme's images.dpi for the
# largest size they can be drawn at: tests/fixtures/pdf/svg has a 192×96 px
# (2 × 1 in) SVG whose left half is red and right half empty, so it must
# come out as a 600×300 image (300 dpi) with a soft mask, red on the left
# of the page area it is drawn in and white on the right. A second SVG
# points at a secret beside the course, /etc/passwd and a web address
# inside a magenta frame: the frame must stay empty, and strace must see
# no access to those files and no socket; a third holds a green data: URL
# picture in the same frame, which must show (so the check can fail).
mkdir -p "$T/svg" && cp -R "$FIX/svg" "$T/svg/course" && python3 "$TOP/tests/hostile/hostile.py" secrets "$T/svg"
if "$OCTAVO" build "$T/svg/course" -o "$T/svg.pdf" -o "$T/svg.epub" >"$T/svg.out" 2>"$T/svg.err"; then
	ok "pdf/svg/builds"
else
	notok "pdf/svg/builds" "$(head -c 300 "$T/svg.err")"
fi
# the EPUB's SVG cleaner warns about the hostile references it removes;
# the PDF itself has nothing to warn about
expect_eq "pdf/svg/no-warning" "$(grep -v 'left out of the EPUB' "$T/svg.err")" ""
check "pdf/svg/qpdf-check" qpdf --check "$T/svg.pdf"
case $(pdftotext "$T/svg.pdf" - 2>&1) in
*"[image:"* | *".svg"*) notok "pdf/svg/no-placeholder" "placeholder text in the PDF" ;;
*"After the diagram."*) ok "pdf/svg/no-placeholder" ;;
*) notok "pdf/svg/no-placeholder" "lesson text missing" ;;
esac
# page, type, size and resolution of every image: 600×300 at 300 dpi
expect_eq "pdf/svg/300dpi-image-and-smask" \
	"$(pdfimages -list "$T/svg.pdf" 2>&1 | awk 'NR > 2 {print $1, $3, $4, $5, ($13 >= 300 && $14 >= 300) ? "300dpi+" : "coarse"}' | tr '\n' ' ')" \
	"3 image 600 300 300dpi+ 3 smask 600 300 300dpi+ 4 image 600 300 300dpi+ 4 smask 600 300 300dpi+ 5 image 600 300 300dpi+ 5 smask 600 300 300dpi+ "
# a theme's images.dpi sets the resolution
printf 'images:\n  dpi: 150\n' >"$T/svg/dpi150.yml"
"$OCTAVO" build "$T/svg/course" -o "$T/svg150.pdf" --style "$T/svg/dpi150.yml" >/dev/null 2>&1
expect_eq "pdf/svg/images-dpi" "$(pdfimages -list "$T/svg150.pdf" 2>&1 | awk 'NR == 3 {print $4, $5, $13}')" "300 150 150"
# the pages as drawn, at 72 dpi (1 pixel a point)
pdftoppm -r 72 -f 3 -l 5 "$T/svg.pdf" "$T/svgpage" 2>/dev/null
expect_eq "pdf/svg/rendered-pixels" "$(python3 - "$T"/svgpage-3.ppm "$T"/svgpage-4.ppm "$T"/svgpage-5.ppm <<'PY'
import sys
def page(path):
    parts = open(path, "rb").read().split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][-w * h * 3:]
def box(w, h, px, test):
    xs, ys = [], []
    for y in range(h):
        for x in range(w):
            i = 3 * (y * w + x)
            if test(px[i], px[i + 1], px[i + 2]):
                xs.append(x); ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None
def count(w, px, b, test):
    n = t = 0
    for y in range(b[1], b[3] + 1):
        for x in range(b[0], b[2] + 1):
            i = 3 * (y * w + x)
            t += 1; n += bool(test(px[i], px[i + 1], px[i + 2]))
    return n, t
red = lambda r, g, b: r > 230 and g < 30 and b < 30
white = lambda r, g, b: r > 245 and g > 245 and b > 245
green = lambda r, g, b: g > 120 and r < 40 and b < 40
magenta = lambda r, g, b: r > 200 and b > 200 and g < 80
out = []
# page 3: a 72×72 pt red square, and white for 72 pt right of it
w, h, px = page(sys.argv[1])
b = box(w, h, px, red)
if b and 70 <= b[2] - b[0] + 1 <= 74 and 70 <= b[3] - b[1] + 1 <= 74:
    n, t = count(w, px, (b[2] + 2, b[1], b[2] + 70, b[3]), white)
    out.append("red-left" if n == t else "right-not-white(%d/%d)" % (n, t))
else:
    out.append("red-box=%s" % (b,))
# pages 4 and 5: inside the magenta frame, white (nothing fetched) or green
for path, want, name in ((sys.argv[2], white, "empty"), (sys.argv[3], green, "green")):
    w, h, px = page(path)
    b = box(w, h, px, magenta)
    if not b or b[2] - b[0] < 100:
        out.append("no-frame"); continue
    n, t = count(w, px, (b[0] + 4, b[1] + 4, b[2] - 4, b[3] - 4), want)
    out.append(name if n * 100 >= t * 99 else "not-%s(%d/%d)" % (name, n, t))
print(" ".join(out))
PY
)" "red-left empty green"
# nothing outside the course is touched, nothing goes on the network
# (LeakSanitizer cannot stop the world under strace: no leak check here)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=file,network \
	-o "$T/svg.trace" "$OCTAVO" build "$T/svg/course" -o "$T/svg2.pdf" >/dev/null 2>&1
bad=$(grep -E 'secret|/etc/passwd|connect\(|socket\(' "$T/svg.trace" | head -n 3 | tr '\n' '|')
[ -s "$T/svg.trace" ] || bad="strace wrote nothing"
expect_eq "pdf/svg/reads-nothing-outside" "$bad" ""
# the EPUB keeps the SVG as an SVG
if unzip -l "$T/svg.epub" 2>/dev/null | grep -q 'half\.svg'; then ok "pdf/svg/epub-keeps-svg"; else
	notok "pdf/svg/epub-keeps-svg" "half.svg not in the EPUB"; fi

# characters no font has: one warning each, with line and column
w=$(grep -c 'U+1F600' "$T/fixture.err")
expect_eq "pdf/fixture/emoji-warned-once" "$w" "1"
check "pdf/fixture/warning-position" grep -q '01_basics.md:[0-9]*:[0-9]*: warning: character U+6F22' "$T/fixture.err"

# a title is written in front matter or course.yml, not in the body: a
# character no font has in one is reported at the title's value, once,
# however many places (opening, section kicker, cover, contents) draw it
mkdir -p "$T/titles"
printf -- '- name: "Course \360\237\230\200"\n  content:\n  - section:\n      name: Part \346\274\242\n      content:\n        - 01_a.md\n        - 02_b.md\n' >"$T/titles/course.yml"
printf -- '---\ntitle: Lesson \345\255\227\n---\n\nBody.\n' >"$T/titles/01_a.md"
printf -- '---\nlayout: x\n---\n\n# Heading \344\270\255\n\nText.\n' >"$T/titles/02_b.md"
build titles "$T/titles"
sed "s|^$T/||" "$T/titles.err" | sort >"$T/titles.got"
cat >"$T/titles.want" <<EOF
titles/01_a.md:2:8: warning: character U+5B57 has no glyph in any font; the PDF shows a box instead
titles/02_b.md:5:3: warning: character U+4E2D has no glyph in any font; the PDF shows a box instead
titles/course.yml:1:9: warning: character U+1F600 has no glyph in any font; the PDF shows a box instead
titles/course.yml:4:13: warning: character U+6F22 has no glyph in any font; the PDF shows a box instead
EOF
check "pdf/titles/warned-at-title" cmp -s "$T/titles.got" "$T/titles.want"
# the document info keeps a character past U+FFFF (a surrogate pair in
# its UTF-16), where libharu's UTF-8 encoder wrote a space
expect_eq "pdf/titles/info-title-beyond-bmp" \
	"$(pdfinfo "$T/titles.pdf" 2>/dev/null | sed -n 's/^Title: *//p')" "$(printf 'Course \360\237\230\200')"

# a line of indented code that looks like an attribute list is code: it
# stays in the code block of both books (kramdown's `{: .x}` is only an
# attribute list outside code)
mkdir -p "$T/indented"
printf -- '---\ntitle: Indented\n---\n\nBefore the code.\n\n    let n = 1;\n    {: .kept-in-code}\n\nA paragraph.\n{: .taken}\n' >"$T/indented/01_a.md"
build indented "$T/indented" -o "$T/indented.epub"
check "pdf/indented-ial/in-pdf-text" sh -c "pdftotext '$T/indented.pdf' - 2>/dev/null | grep -qF '{: .kept-in-code}'"
check "pdf/indented-ial/in-epub-pre" sh -c "unzip -p '$T/indented.epub' 'OEBPS/*.xhtml' | tr '\n' ' ' | grep -q '<pre[^>]*><code[^>]*>let n = 1; {: .kept-in-code}'"
check "pdf/indented-ial/ial-outside-code-used" sh -c "! pdftotext '$T/indented.pdf' - 2>/dev/null | grep -qF '{: .taken}'"

# reproducible: the same input gives the same bytes
build fixture2 "$FIX/course"
check "pdf/fixture/byte-identical" cmp -s "$f" "$T/fixture2.pdf"
check "pdf/fixture/date-from-epoch" sh -c "pdfinfo '$f' 2>/dev/null | grep -q 'CreationDate:.*2025'"

# --- page-breaking rules on a long generated lesson -------------------------
# 40 sections of a heading, a paragraph of varying length and a short code
# block, so that headings and blocks fall at every height of the page.
mkdir -p "$T/breaks"
{
	printf -- '---\ntitle: Breaks\n---\n\n'
	i=1
	while [ "$i" -le 40 ]; do
		printf '## Heading %02d\n\n' "$i"
		j=0
		while [ "$j" -lt $((i % 7 + 1)) ]; do
			printf 'Filler sentence number %d of section %d, long enough to wrap now and then across the measure. ' "$j" "$i"
			j=$((j + 1))
		done
		printf '\n\n```\nblk%02d line1\nblk%02d line2\nblk%02d line3\nblk%02d line4\nblk%02d line5\n```\n\n' "$i" "$i" "$i" "$i" "$i"
		i=$((i + 1))
	done
} >"$T/breaks/01_breaks.md"
build breaks "$T/breaks"
python3 - "$T/breaks.pdf" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
split, stranded = [], []
for p in range(1, n + 1):
    t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True).stdout
    for b in set(re.findall(r"blk(\d\d) line\d", t)):
        if len(set(re.findall(rf"blk{b} line(\d)", t))) != 5:
            split.append(b)
    lines = [l for l in t.splitlines() if l.strip() and not re.fullmatch(r"\s*\d+\s*", l)]
    # a heading followed on its page by less than two lines of its section
    for k, l in enumerate(lines):
        if re.fullmatch(r"Heading \d\d", l.strip()) and len(lines) - k - 1 < 2:
            stranded.append(l.strip())
print("ok pdf/breaks/short-code-blocks-whole" if not split else f"not ok pdf/breaks/short-code-blocks-whole: split {sorted(set(split))[:5]}")
print("ok pdf/breaks/heading-keeps-two-lines" if not stranded else f"not ok pdf/breaks/heading-keeps-two-lines: {stranded[:5]}")
print("ok pdf/breaks/several-pages" if n >= 6 else f"not ok pdf/breaks/several-pages: {n} pages")
PY

# --- a table row taller than a page ----------------------------------------
# Its cells' lines are cut across pages: every word stays inside the text
# area (default theme: 76 pt top and bottom, 70 pt side margins), none is
# lost or repeated, and the rows after it follow.
mkdir -p "$T/tallrow"
python3 - "$T/tallrow/01_tall.md" <<'PY'
import sys
words = " ".join(f"tallcell{i:03d}" for i in range(700))
open(sys.argv[1], "w").write(f"""---
title: Tall Row
---

# Tall Row

| Key | Value |
|-----|-------|
| first | {words} |
| after | closing row |
""")
PY
if build tallrow "$T/tallrow"; then ok "pdf/tall-row/builds"; else notok "pdf/tall-row/builds" "$(head -c 300 "$T/tallrow.err")"; fi
pdftotext -bbox "$T/tallrow.pdf" - 2>/dev/null | python3 -c '
import re, sys
h = sys.stdin.read()
pw, ph = (float(v) for v in re.search(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\"", h).groups())
seen, out = [], []
for m in re.finditer(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)<", h):
    x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
    w = m.group(5)
    if w.startswith("tallcell") or w in ("first", "after", "closing"):
        seen.append(w)
        if x0 < 70 - 1 or x1 > pw - 70 + 1 or y0 < 76 - 1 or y1 > ph - 76 + 1:
            out.append(f"{w} at {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
cells = [w for w in seen if w.startswith("tallcell")]
want = [f"tallcell{i:03d}" for i in range(700)]
print("ok pdf/tall-row/inside-text-area" if not out else f"not ok pdf/tall-row/inside-text-area: {len(out)} words outside, e.g. {out[:3]}")
print("ok pdf/tall-row/all-words-once" if sorted(cells) == want else f"not ok pdf/tall-row/all-words-once: {len(cells)} of {len(want)} words")
print("ok pdf/tall-row/next-row-follows" if seen[-2:] == ["after", "closing"] else f"not ok pdf/tall-row/next-row-follows: ends {seen[-3:]}")
'
pages=$(pdfinfo "$T/tallrow.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 4 ]; then ok "pdf/tall-row/spans-pages"; else notok "pdf/tall-row/spans-pages" "$pages pages"; fi

# --- text bytes that need escaping in a PDF string ---------------------------
# Text goes into the page as 2-byte codes in literal strings: parentheses,
# backslashes and a code whose low byte is a carriage return (U+010D) or a
# line feed (U+010A) must come back out unchanged.
mkdir -p "$T/escapes"
printf -- '---\ntitle: Escapes\n---\n\n# Escapes\n\nParens (a) (nested (b)) back\\\\slash \\\\ and \304\215\304\212\304\216 end.\n' >"$T/escapes/01.md"
if build escapes "$T/escapes"; then
	got=$(pdftotext "$T/escapes.pdf" - 2>/dev/null | grep '^Parens')
	expect_eq "pdf/text/escaped-bytes" "$got" 'Parens (a) (nested (b)) back\slash \ and čĊĎ end.'
else
	notok "pdf/text/escaped-bytes" "$(head -c 300 "$T/escapes.err")"
fi

# --- footnotes at the foot of the page ---------------------------------------
# tests/fixtures/pdf/notes: a lesson citing notes from paragraphs, a table
# cell, a list, a quotation and a callout, three notes in one line, a note
# cited twice, a note too long for a page foot and one cited only from
# another note. Checked on A4 justified and A5 ragged pages (both without
# hyphenation, so words can be counted): each note on the page of its
# first reference and below that page's body text; some reference on the
# last body line of a page (so that case is exercised); every note once;
# the long and the chained note after the last paragraph; no two words
# overlapping and none below the text area but the footer; and the same
# words as the source, only moved.
build notes "$FIX/notes" --style "$FIX/themes/no-hyphens.yml"
build notes-compact "$FIX/notes" --style compact
for nt in "notes default 76" "notes-compact compact 54"; do
	set -- $nt
	if [ ! -s "$T/$1.pdf" ]; then
		notok "pdf/notes/$2/builds" "$(head -c 300 "$T/$1.err")"
		continue
	fi
	python3 - "$T/$1.pdf" "$FIX/notes/01_notes.md" "$2" "$3" "$3" <<'PY'
import re, subprocess, sys
from collections import Counter

pdf, md, name = sys.argv[1], sys.argv[2], sys.argv[3]
margin_top, margin_bottom = float(sys.argv[4]), float(sys.argv[5])
def ok(t): print(f"ok pdf/notes/{name}/{t}")
def bad(t, why): print(f"not ok pdf/notes/{name}/{t}: {why}")

xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
pages = []
for pm in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
    words = []
    for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', pm.group(3)):
        x0, y0, x1, y1 = map(float, w.group(1, 2, 3, 4))
        t = w.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
        words.append((x0, y0, x1, y1, t))
    pages.append((float(pm.group(2)), words))

src = open(md, encoding="utf-8").read()
body = src.split("\n---\n", 1)[1]
defs = dict(re.findall(r"^\[\^(\w+)\]: (.*)$", body, re.M))
text_part = re.sub(r"^\[\^\w+\]: .*$", "", body, flags=re.M)
# first reference to each note in the running text, in order
order = []
for k in re.findall(r"\[\^(\w+)\]", text_part):
    if k not in order:
        order.append(k)
long_note = max(defs, key=lambda k: len(defs[k]))
only_in_notes = [k for k in defs if k not in order]
foot = [k for k in order if k != long_note]

def where(pred):
    for pi, (ph, words) in enumerate(pages):
        for w in words:
            if pred(w[4]):
                return pi, w
    return None, None

start, _ = where(lambda t: t == "Para00")
# 1. each foot note on the page of its first reference, below that page's body text
same, below = [], []
last_line_refs = 0
for k in foot:
    pr, rw = where(lambda t, k=k: t == k)
    pn, nw = where(lambda t, k=k: t == "Note" + k)
    if pr is None or pn is None or pr != pn:
        same.append(f"{k}: ref p{pr} note p{pn}")
        continue
    words = pages[pn][1]
    # body-size words (taller than the notes' smaller text) inside the text area
    ph = pages[pn][0]
    bodyw = [w for w in words if w[3] - w[1] > nw[3] - nw[1] + 0.8 and margin_top - 2 < w[1] < ph - margin_bottom]
    lowest = max(w[3] for w in bodyw)
    if nw[1] < lowest - 0.5:
        below.append(f"{k}: note top {nw[1]:.1f} above body bottom {lowest:.1f}")
    if abs(rw[3] - lowest) < 1.5:
        last_line_refs += 1
if not same: ok("note-on-reference-page")
else: bad("note-on-reference-page", "; ".join(same[:3]))
if not below: ok("note-below-body")
else: bad("note-below-body", "; ".join(below[:3]))
if last_line_refs: ok("reference-on-last-line")
else: bad("reference-on-last-line", "no reference fell on the last line of a page: the fixture no longer tests it")
# 2. a note cited twice, the long note and the note cited only from a note appear once each
for k in defs:
    n = sum(1 for ph, ws in pages for w in ws if w[4] == "Note" + k)
    if n != 1:
        bad("each-note-once", f"Note{k} printed {n} times"); break
else:
    ok("each-note-once")
pl, _ = where(lambda t: t == "Note" + long_note)
pc, _ = where(lambda t: t == "Note" + only_in_notes[0]) if only_in_notes else (None, None)
lastbody, _ = where(lambda t: t == "Para25")
if pl is not None and pc is not None and pl >= lastbody and pc >= pl: ok("long-and-chained-notes-at-end")
else: bad("long-and-chained-notes-at-end", f"long p{pl} chained p{pc} last paragraph p{lastbody}")
# 3. nothing overlaps, nothing leaves the text area but the running header and footer
overlaps, outside = [], []
for pi, (ph, words) in enumerate(pages):
    for i, a in enumerate(words):
        if margin_top - 2 < a[1] < ph - margin_bottom and a[3] > ph - margin_bottom + 1:
            outside.append(f"p{pi} {a[4]}")
        for b in words[i + 1:]:
            if a[0] < b[2] - 0.6 and b[0] < a[2] - 0.6 and a[1] < b[3] - 0.6 and b[1] < a[3] - 0.6:
                overlaps.append(f"p{pi} {a[4]}/{b[4]}")
if not overlaps: ok("no-overlap")
else: bad("no-overlap", "; ".join(overlaps[:3]))
if not outside: ok("inside-text-area")
else: bad("inside-text-area", "; ".join(outside[:3]))
# 4. the words of the lesson, no more, no fewer: the source with its
# markup taken out against the text area of the lesson's pages, less the
# note numbers and back links
want = Counter()
for line in src.split("\n---\n", 1)[0].splitlines():
    if line.startswith(("title: ", "description: ")):
        want.update(re.findall(r"[A-Za-z]+", line.split(": ", 1)[1]))
for line in body.splitlines():
    line = re.sub(r"^\[\^\w+\]: ", "", line)
    line = re.sub(r"\[\^\w+\]", "", line)
    line = re.sub(r"^(> |- )", "", line).replace("**", "")
    if re.fullmatch(r"[|\- ]*", line):
        continue
    want.update(re.findall(r"[A-Za-z]+", line))
got = Counter()
for ph, words in pages[start:-1]:  # the last page is the back cover
    for w in words:
        if margin_top - 2 < w[1] < ph - margin_bottom:
            got.update(re.findall(r"[A-Za-z]+", w[4]))
missing, extra = want - got, got - want
if not missing and not extra: ok("words-unchanged")
else: bad("words-unchanged", f"missing {list(missing.items())[:5]} extra {list(extra.items())[:5]}")
PY
done
# sizes.footnote sets the notes' type size
printf 'sizes:\n  footnote: 6\ntext:\n  hyphenate: false\n' >"$T/fn6.yml"
build notes-small "$FIX/notes" --style "$T/fn6.yml"
hh() { pdftotext -bbox "$1" - 2>/dev/null | awk -F'"' '/>Noteapple</ {print $8 - $4; exit}'; }
r=$(awk -v a="$(hh "$T/notes-small.pdf")" -v b="$(hh "$T/notes.pdf")" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "none" }')
case $r in 0.6[0-9]|0.7[0-3]) ok "pdf/notes/theme-footnote-size" ;; *) notok "pdf/notes/theme-footnote-size" "6 pt notes / 9 pt notes height ratio $r" ;; esac

# --- themes ---------------------------------------------------------------
build compact "$FIX/course" --style compact
size=$(pdfinfo "$T/compact.pdf" 2>/dev/null | awk '/^Page size:/ {printf "%d x %d", $3, $5}')
expect_eq "pdf/theme/compact-is-a5" "$size" "419 x 595"
# the compact theme's 42 pt side margins hold as well
bad=$(pdftotext -bbox "$T/compact.pdf" - 2>/dev/null | python3 -c '
import re, sys
h = sys.stdin.read()
w = float(re.search(r"<page width=\"([\d.]+)\"", h).group(1))
out = [m.group(3) for m in re.finditer(r"<word xMin=\"([\d.]+)\" yMin=\"[\d.]+\" xMax=\"([\d.]+)\" yMax=\"[\d.]+\">([^<]*)<", h)
       if float(m.group(1)) < 42 - 1 or float(m.group(2)) > w - 42 + 1]
print(len(out), out[:3])')
expect_eq "pdf/theme/compact-words-inside" "$bad" "0 []"
build letter "$FIX/course" --style letter
size=$(pdfinfo "$T/letter.pdf" 2>/dev/null | awk '/^Page size:/ {printf "%d x %d", $3, $5}')
expect_eq "pdf/theme/letter" "$size" "612 x 792"
build custom "$FIX/course" --style "$FIX/themes/custom.yml"
size=$(pdfinfo "$T/custom.pdf" 2>/dev/null | awk '/^Page size:/ {printf "%d x %d", $3, $5}')
expect_eq "pdf/theme/custom-size-mm" "$size" "425 x 566"
for bt in unknown-key bad-colour bad-yaml; do
	build "bad-$bt" "$FIX/course" --style "$FIX/themes/$bt.yml"
	st=$?
	line=$(grep -o "$bt.yml:[0-9]*:[0-9]*: error" "$T/bad-$bt.err" | head -n 1)
	if [ "$st" = 1 ] && [ -n "$line" ]; then ok "pdf/theme/rejects-$bt"; else notok "pdf/theme/rejects-$bt" "status $st, stderr: $(head -c 200 "$T/bad-$bt.err")"; fi
	if [ -e "$T/bad-$bt.pdf" ]; then notok "pdf/theme/no-output-$bt" "PDF written"; else ok "pdf/theme/no-output-$bt"; fi
done
# every mistake in a theme is reported, each at its own line:col, in file
# order, and the build still fails with status 1
build bad-three "$FIX/course" --style "$FIX/themes/three-mistakes.yml"
st=$?
got=$(sed -n 's|.*/three-mistakes.yml:\([0-9]*:[0-9]*\): error: \([a-z.]*\).*|\1 \2|p' "$T/bad-three.err" | tr '\n' ' ')
expect_eq "pdf/theme/every-error-reported" "$st $got" "1 7:3 unknown 10:9 colours.link 14:14 spacing.paragraph "
if [ -e "$T/bad-three.pdf" ]; then notok "pdf/theme/no-output-three" "PDF written"; else ok "pdf/theme/no-output-three"; fi
build missing-theme "$FIX/course" --style no-such-theme
expect_eq "pdf/theme/missing-is-status-2" "$?" "2"
# a file that is not a theme mapping is an error at its path, however it
# was named (the user named it, so it is read, but nothing of it is used);
# a folder cannot be read; an endless device is cut off at 1 MiB
theme_err() { # NAME THEME: "status|stderr" of a build with that theme
	build "$1" "$FIX/course" --style "$2"
	st=$?
	[ -e "$T/$1.pdf" ] && st="$st, PDF written"
	echo "$st|$(grep -v ": warning: " "$T/$1.err")"
}
expect_eq "pdf/theme/etc-passwd-is-not-a-theme" "$(theme_err passwd /etc/passwd)" \
	"1|/etc/passwd:1:1: error: theme is not a YAML mapping of theme keys (page:, fonts:, sizes:, ...)"
printf '# colours\n- "#ff0000"\n- "#00ff00"\n' >"$T/list.yml"
expect_eq "pdf/theme/list-is-not-a-theme" "$(theme_err list "$T/list.yml")" \
	"1|$T/list.yml:2:1: error: theme is not a YAML mapping of theme keys (page:, fonts:, sizes:, ...)"
expect_eq "pdf/theme/folder-is-fatal" "$(theme_err folder "$T/")" \
	"2|$T/: error: cannot read theme: Is a directory"
expect_eq "pdf/theme/endless-device-cut-off" "$(theme_err zero /dev/zero)" \
	"1|/dev/zero: error: theme is larger than 1048576 bytes; a theme is a short YAML file"
# eight nested maps fill the reader's key stack: a value or a list inside
# the deepest one is an error at its key (it once wrote past the stack)
printf 'a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n        i: 1\n        j: [1, 2]\n' >"$T/deep.yml"
expect_eq "pdf/theme/nested-value-too-deep" "$(theme_err deep "$T/deep.yml")" \
	"1|$T/deep.yml:9:9: error: i: nested too deeply
$T/deep.yml:10:9: error: j: nested too deeply"
# a theme font given as a file: embedded as a subset with a text layer,
# like the shipped ones
printf 'fonts:\n  body: %s/fonts/DejaVuSans.ttf\n' "$TOP" >"$T/dejavu.yml"
build dejavu "$FIX/course" --style "$T/dejavu.yml"
st=$?
nf=$(pdffonts "$T/dejavu.pdf" 2>/dev/null |
	awk 'NR > 2 && $1 ~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z][+]DejaVuSans$/ && $(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes"' | wc -l)
if [ "$st" = 0 ] && [ "$nf" = 1 ] && qpdf --check "$T/dejavu.pdf" >/dev/null 2>&1; then
	ok "pdf/theme/font-file-embedded"
else
	notok "pdf/theme/font-file-embedded" "status $st, $nf DejaVuSans subset fonts"
fi
# a font whose glyph offsets point past its outlines reads as a font but
# cannot be subset: one error naming it, no PDF
python3 - "$TOP/fonts/LiberationSerif-Regular.ttf" "$T/broken.ttf" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
tables = {bytes(d[12 + 16 * i:16 + 16 * i]): struct.unpack(">II", d[20 + 16 * i:28 + 16 * i])
          for i in range(struct.unpack(">H", d[4:6])[0])}
head, loca = tables[b"head"][0], tables[b"loca"]
size = 4 if struct.unpack(">h", d[head + 50:head + 52])[0] else 2
for i in range(loca[0] + size, loca[0] + loca[1]):
    d[i] = 0x7F
open(sys.argv[2], "wb").write(d)
PY
printf 'fonts:\n  body: %s\n' "$T/broken.ttf" >"$T/broken.yml"
build broken-font "$FIX/course" --style "$T/broken.yml"
st=$?
if [ "$st" = 2 ] && grep -q "broken.ttf: error: cannot embed this font" "$T/broken-font.err" && [ ! -e "$T/broken-font.pdf" ]; then
	ok "pdf/theme/damaged-font-refused"
else
	notok "pdf/theme/damaged-font-refused" "status $st, stderr: $(head -c 200 "$T/broken-font.err")"
fi
# Hyphenation follows the book language. tests/fixtures/pdf/german says
# `lang: de`; on a narrow justified page its long words must break. The
# German patterns break "Speicher" as Spei-cher, English ones as Spe-icher,
# so a line ending in "Spe-" means the English patterns were used. With
# `--lang xx` (no patterns) the book still builds, with no hyphen at all.
# pdftotext -layout keeps the line ends (without it poppler joins the
# hyphenated halves).
breaks() { # NAME: the line-final pieces ending in a hyphen, one a line
	pdftotext -layout "$T/$1.pdf" - 2>/dev/null | sed 's/ *$//' | grep -o '[^ ]*-$'
}
for l in de en xx; do
	if [ $l = de ]; then set --; else set -- --lang $l; fi
	if build "hy-$l" "$FIX/german" --style "$FIX/themes/narrow.yml" -v "$@"; then
		ok "pdf/hyphen/$l-builds"
	else
		notok "pdf/hyphen/$l-builds" "$(head -c 300 "$T/hy-$l.err")"
	fi
done
de=$(breaks hy-de | tr '\n' ' ')
if echo " $de" | grep -Eq ' (Spei|Speicher|Arbeits)-' && ! echo " $de" | grep -q ' Spe-'; then
	ok "pdf/hyphen/de-breaks-at-german-points"
else
	notok "pdf/hyphen/de-breaks-at-german-points" "breaks: $de"
fi
if echo " $de" | grep -Eq ' Häufigkeits(vertei)?-'; then
	ok "pdf/hyphen/de-word-with-umlaut-hyphenated"
else
	notok "pdf/hyphen/de-word-with-umlaut-hyphenated" "breaks: $de"
fi
check "pdf/hyphen/de-verbose-names-patterns" grep -q "hyphenation patterns .*/hyph_de" "$T/hy-de.err"
en=$(breaks hy-en | tr '\n' ' ')
if echo " $en" | grep -q ' Spe-'; then
	ok "pdf/hyphen/en-breaks-at-english-points"
else
	notok "pdf/hyphen/en-breaks-at-english-points" "breaks: $en"
fi
xx=$(breaks hy-xx | tr '\n' ' ')
if [ -z "$xx" ] && [ "$(pdftotext "$T/hy-xx.pdf" - 2>/dev/null | grep -c Speicherverwaltung)" -gt 5 ]; then
	ok "pdf/hyphen/no-patterns-no-hyphens"
else
	notok "pdf/hyphen/no-patterns-no-hyphens" "breaks: $xx"
fi
check "pdf/hyphen/xx-verbose-says-none" grep -q "no hyphenation patterns for xx" "$T/hy-xx.err"
# The compiled patterns are kept in OCTAVO_CACHE_DIR (hyph.c): a build
# that writes the cache, one that reads it, one whose cache file was cut
# short and one with no cache at all make the same PDF, German (two
# levels) and English alike; the -j 1 build reads the patterns on the
# main thread, the others on a thread of their own.
HC=$T/hcache
for l in de en; do
	if [ $l = de ]; then set --; else set -- --lang en; fi
	rm -rf "$HC"
	OCTAVO_CACHE_DIR=$HC build "hc-$l-cold" "$FIX/german" --style "$FIX/themes/narrow.yml" "$@"
	f=$(ls "$HC"/hyph_"$l"*.trie 2>/dev/null | head -n 1)
	if [ -n "$f" ] && [ -s "$f" ]; then ok "pdf/hyph-cache/$l-written"; else notok "pdf/hyph-cache/$l-written" "$(ls "$HC" 2>&1)"; fi
	OCTAVO_CACHE_DIR=$HC build "hc-$l-warm" "$FIX/german" --style "$FIX/themes/narrow.yml" "$@"
	OCTAVO_CACHE_DIR=$HC build "hc-$l-j1" "$FIX/german" --style "$FIX/themes/narrow.yml" -j 1 "$@"
	[ -n "$f" ] && head -c 5000 "$f" >"$f.cut" && mv "$f.cut" "$f"
	OCTAVO_CACHE_DIR=$HC build "hc-$l-cut" "$FIX/german" --style "$FIX/themes/narrow.yml" "$@"
	OCTAVO_CACHE_DIR= build "hc-$l-none" "$FIX/german" --style "$FIX/themes/narrow.yml" "$@"
	same=1
	for v in warm j1 cut none; do
		cmp -s "$T/hc-$l-cold.pdf" "$T/hc-$l-$v.pdf" || same="$same $v"
	done
	if [ "$same" = 1 ] && [ -s "$T/hc-$l-cold.pdf" ]; then
		ok "pdf/hyph-cache/$l-same-pdf"
	else
		notok "pdf/hyph-cache/$l-same-pdf" "differs from the cold build:$same"
	fi
	if [ -n "$f" ] && [ "$(wc -c <"$f")" -gt 5000 ]; then
		ok "pdf/hyph-cache/$l-cut-file-rewritten"
	else
		notok "pdf/hyph-cache/$l-cut-file-rewritten" "$(ls -l "$HC" 2>&1)"
	fi
done
# The PDF's font subsets are kept in OCTAVO_CACHE_DIR too (fontcache.c):
# the second build takes every subset from the cache (-v counts them) and
# writes the same bytes as the first and as one without a cache; a cache
# file damaged in its middle, cut short or replaced by another file's
# bytes is made again (the same PDF, and none taken from the cache); a
# font file rewritten or only touched is never matched with its old
# subsets.
FC=$T/fcache
fc_build() { # NAME [args...]: the fixture course, -v, into $FC
	n=$1
	shift
	OCTAVO_CACHE_DIR=$FC build "$n" "$FIX/course" -v "$@"
}
fc_count() { # NAME: the subsets its build took from the cache
	sed -n 's/^octavo: pdf fonts [0-9]*, subsets from the cache \([0-9]*\)$/\1/p' "$T/$1.err"
}
rm -rf "$FC"
fc_build fc-cold
fc_build fc-warm
OCTAVO_CACHE_DIR= build fc-none "$FIX/course"
nsub=$(ls "$FC"/fonts/*.sub 2>/dev/null | wc -l)
nfonts=$(sed -n 's/^octavo: pdf fonts \([0-9]*\),.*/\1/p' "$T/fc-cold.err")
expect_eq "pdf/font-cache/cold-takes-none" "$(fc_count fc-cold)" 0
if [ "$nsub" -gt 0 ] && [ "$nsub" = "$nfonts" ]; then
	ok "pdf/font-cache/one-file-a-font"
else
	notok "pdf/font-cache/one-file-a-font" "$nsub files for ${nfonts:-?} fonts"
fi
expect_eq "pdf/font-cache/warm-takes-all" "$(fc_count fc-warm)" "$nfonts"
check "pdf/font-cache/warm-same-pdf" cmp -s "$T/fc-cold.pdf" "$T/fc-warm.pdf"
check "pdf/font-cache/none-same-pdf" cmp -s "$T/fc-cold.pdf" "$T/fc-none.pdf"
for how in flip cut foreign; do
	for f in "$FC"/fonts/*.sub; do
		case $how in
		flip) python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=0x55; open(p,"wb").write(b)' "$f" ;;
		cut) head -c 100 "$f" >"$f.x" && mv "$f.x" "$f" ;;
		foreign) head -c 4000 "$TOP/fonts/DejaVuSans.ttf" >"$f" ;;
		esac
	done
	fc_build "fc-$how"
	expect_eq "pdf/font-cache/$how-takes-none" "$(fc_count "fc-$how")" 0
	check "pdf/font-cache/$how-same-pdf" cmp -s "$T/fc-cold.pdf" "$T/fc-$how.pdf"
done
fc_build fc-again
expect_eq "pdf/font-cache/rewritten-after-damage" "$(fc_count fc-again)" "$nfonts"
# a theme whose body font is a file of its own, rewritten between builds
mkdir -p "$T/ff"
cp "$TOP/fonts/LiberationSerif-Regular.ttf" "$T/ff/Body.ttf"
printf 'fonts:\n  body: %s\n' "$T/ff/Body.ttf" >"$T/ff/theme.yml"
fc_build fc-body1 --style "$T/ff/theme.yml"
fc_build fc-body2 --style "$T/ff/theme.yml"
nb=$(sed -n 's/^octavo: pdf fonts \([0-9]*\),.*/\1/p' "$T/fc-body1.err")
expect_eq "pdf/font-cache/own-font-cached" "$(fc_count fc-body2)" "$nb"
cat "$TOP/fonts/LiberationSans-Regular.ttf" >"$T/ff/Body.ttf"
fc_build fc-body3 --style "$T/ff/theme.yml"
OCTAVO_CACHE_DIR= build fc-body3-none "$FIX/course" --style "$T/ff/theme.yml"
expect_eq "pdf/font-cache/rewritten-font-missed" "$(fc_count fc-body3)" "$((nb - 1))"
check "pdf/font-cache/rewritten-font-same-as-uncached" cmp -s "$T/fc-body3.pdf" "$T/fc-body3-none.pdf"
if cmp -s "$T/fc-body1.pdf" "$T/fc-body3.pdf"; then
	notok "pdf/font-cache/rewritten-font-changes-pdf" "the old font's PDF"
else
	ok "pdf/font-cache/rewritten-font-changes-pdf"
fi
sleep 0.01
touch "$T/ff/Body.ttf"
fc_build fc-body4 --style "$T/ff/theme.yml"
expect_eq "pdf/font-cache/touched-font-missed" "$(fc_count fc-body4)" "$((nb - 1))"
check "pdf/font-cache/touched-font-same-pdf" cmp -s "$T/fc-body3.pdf" "$T/fc-body4.pdf"
# Decoded pictures are kept in OCTAVO_CACHE_DIR as well (imgcache.c):
# an SVG (rasterised by librsvg, its text in the book's fonts), a PNG with
# an alpha channel and a palette PNG with transparency, none of which go
# into the PDF as they are. The second build takes all three from the
# cache and writes the bytes of the first and of one without a cache; a
# damaged file is made again; a picture rewritten, a font of the data
# folder touched (SVG text is set in those) or a library that made the
# raster no longer the file it was (a cache file whose library stamp no
# longer matches, its CRC made good) is drawn again, never matched.
PC=$T/pcache
mkdir -p "$T/pix/assets"
cp "$TOP/lessons/assets/slice.svg" "$TOP/lessons/assets/gear.png" "$TOP/lessons/assets/pico.png" "$T/pix/assets/"
printf -- '---\ntitle: Pictures\n---\n\n# Pictures\n\n![A slice](assets/slice.svg)\n\n![A gear](assets/gear.png)\n\n![A board](assets/pico.png)\n' >"$T/pix/01_pictures.md"
pc_build() { # NAME [args...]: the picture course, -v, into $PC
	n=$1
	shift
	OCTAVO_CACHE_DIR=$PC build "$n" "$T/pix" -v "$@"
}
pc_count() { # NAME: the pictures its build took from the cache
	sed -n 's/^octavo: pdf pictures decoded [0-9]*, from the cache \([0-9]*\)$/\1/p' "$T/$1.err"
}
rm -rf "$PC"
pc_build pc-cold
pc_build pc-warm
OCTAVO_CACHE_DIR= build pc-none "$T/pix"
expect_eq "pdf/picture-cache/cold-decodes-three" "$(sed -n 's/^octavo: pdf pictures decoded \([0-9]*\),.*/\1/p' "$T/pc-cold.err")/$(pc_count pc-cold)" 3/0
expect_eq "pdf/picture-cache/one-file-a-picture" "$(ls "$PC"/pictures/*.px 2>/dev/null | wc -l)" 3
expect_eq "pdf/picture-cache/warm-takes-all" "$(pc_count pc-warm)" 3
check "pdf/picture-cache/warm-same-pdf" cmp -s "$T/pc-cold.pdf" "$T/pc-warm.pdf"
check "pdf/picture-cache/none-same-pdf" cmp -s "$T/pc-cold.pdf" "$T/pc-none.pdf"
for f in "$PC"/pictures/*.px; do
	python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=0x55; open(p,"wb").write(b)' "$f"
done
pc_build pc-flip
expect_eq "pdf/picture-cache/damaged-takes-none" "$(pc_count pc-flip)" 0
check "pdf/picture-cache/damaged-same-pdf" cmp -s "$T/pc-cold.pdf" "$T/pc-flip.pdf"
pc_build pc-again
expect_eq "pdf/picture-cache/rewritten-after-damage" "$(pc_count pc-again)" 3
# another picture under the same name: drawn again, and the PDF changes
cp "$TOP/lessons/assets/ownership.png" "$T/pix/assets/gear.png"
pc_build pc-other
OCTAVO_CACHE_DIR= build pc-other-none "$T/pix"
expect_eq "pdf/picture-cache/changed-picture-missed" "$(pc_count pc-other)" 2
check "pdf/picture-cache/changed-picture-same-as-uncached" cmp -s "$T/pc-other.pdf" "$T/pc-other-none.pdf"
if cmp -s "$T/pc-cold.pdf" "$T/pc-other.pdf"; then
	notok "pdf/picture-cache/changed-picture-changes-pdf" "the old picture's PDF"
else
	ok "pdf/picture-cache/changed-picture-changes-pdf"
fi
# a data folder whose fonts are touched: the SVG alone is drawn again
mkdir -p "$T/pdata"
cp -R "$TOP/fonts" "$TOP/styles" "$T/pdata/"
OCTAVO_DATA_DIR=$T/pdata pc_build pc-data1
sleep 0.01
touch "$T/pdata/fonts/LiberationSans-Regular.ttf"
OCTAVO_DATA_DIR=$T/pdata pc_build pc-data2
expect_eq "pdf/picture-cache/touched-font-redraws-svg" "$(pc_count pc-data2)" 2
check "pdf/picture-cache/touched-font-same-pdf" cmp -s "$T/pc-data1.pdf" "$T/pc-data2.pdf"
# the SVG's file, its stamp of librsvg changed and its CRC made good
svgpx=
for f in "$PC"/pictures/*.px; do
	grep -q librsvg "$f" && svgpx=$f
done
if [ -n "$svgpx" ] && python3 - "$svgpx" <<'PY'
import struct, sys, zlib
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
head = 88  # magic, 2 x u32, 4 x u64, 4 x double, i32, u32 (imgcache.c)
key_len, deps_len = struct.unpack_from("<II", b, 8)
deps = head + key_len
nul = b.index(0, deps)
b[nul + 1 + 8] ^= 1  # the inode of the first library
struct.pack_into("<I", b, head - 4, zlib.crc32(bytes(b[head:])))
open(p, "wb").write(b)
PY
then
	OCTAVO_DATA_DIR=$T/pdata pc_build pc-lib
	expect_eq "pdf/picture-cache/other-librsvg-redraws-svg" "$(pc_count pc-lib)" 2
	check "pdf/picture-cache/other-librsvg-same-pdf" cmp -s "$T/pc-data1.pdf" "$T/pc-lib.pdf"
else
	notok "pdf/picture-cache/other-librsvg-redraws-svg" "no cache file names librsvg"
fi
exit 0
